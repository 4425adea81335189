"""Skill validations and progress notes. History is kept: nothing here deletes a row.

A machine authorisation level may have a theory part (a lesson quiz tied to it, courses.learning):
passing the quiz records the theory, and `validate_skill` (the trainer's practical validation)
then completes the skill; before that it refuses."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.access import can_manage_cohort, is_coordinator
from lms.uploads import check_upload

from ..models import Enrolment, ProgressNote, SkillValidation

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_KINDS = ("jpeg", "png", "webp", "heic", "pdf", "svg", "dxf", "stl")
EVIDENCE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".pdf", ".svg", ".dxf", ".stl")


def _check_staff(user, enrolment: Enrolment) -> None:
    if not can_manage_cohort(user, enrolment.cohort):
        raise ValidationError(_("Seuls les formateurs de cette session peuvent faire cela."))


def _check_evidence(evidence) -> None:
    if not evidence:
        return
    name = (evidence.name or "").lower()
    if not name.endswith(EVIDENCE_EXTENSIONS):
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté. "
                "Envoyez une photo (JPG, PNG) ou un fichier PDF, SVG, DXF, STL."
            )
        )
    if evidence.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("Le fichier est trop lourd (10 Mo au plus)."))
    # The name is only a hint: the content must be what it claims.
    check_upload(evidence, kinds=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES)


def _check_theory(enrolment: Enrolment, skill, level: int) -> None:
    """A skill level whose theory is a quiz in the course's lessons is validated (the practical
    part) only once the learner has passed that quiz."""
    from courses.learning.selectors import theory_missing

    lesson = theory_missing(enrolment=enrolment, skill=skill, level=level)
    if lesson is not None:
        raise ValidationError(
            _(
                "%(name)s n'a pas encore réussi le quiz « %(lesson)s », la partie théorique de "
                "« %(skill)s » niveau %(level)s. La pratique se valide après."
            )
            % {"name": enrolment.learner.full_name, "lesson": lesson.title, "skill": skill, "level": level}
        )


@transaction.atomic
def validate_skill(
    *, enrolment: Enrolment, skill, level: int, by, validated_on=None, comment: str = "", evidence=None
) -> SkillValidation:
    """Validate a skill at a level. A higher level is a new row: the lower ones stay as history."""
    enrolment = Enrolment.objects.select_related("cohort", "learner").get(pk=enrolment.pk)
    _check_staff(by, enrolment)
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise ValidationError(_("Choisissez un niveau."))
    if not 1 <= level <= skill.max_level:
        raise ValidationError(
            _("« %(skill)s » se valide du niveau 1 au niveau %(max)s.")
            % {"skill": skill, "max": skill.max_level}
        )
    _check_theory(enrolment, skill, level)
    validated_on = validated_on or timezone.localdate()
    if validated_on > timezone.localdate():
        raise ValidationError(_("La date de validation ne peut pas être dans le futur."))
    _check_evidence(evidence)
    best = (
        SkillValidation.objects.select_for_update()
        .filter(learner=enrolment.learner, skill=skill, withdrawn_at__isnull=True)
        .order_by("-level")
        .first()
    )
    if best and best.level >= level:
        raise ValidationError(
            _("%(name)s a déjà « %(skill)s » au niveau %(level)s.")
            % {"name": enrolment.learner.full_name, "skill": skill, "level": best.level}
        )
    validation = SkillValidation(
        learner=enrolment.learner,
        enrolment=enrolment,
        skill=skill,
        level=level,
        validated_on=validated_on,
        validated_by=by,
        comment=(comment or "").strip(),
    )
    if evidence:
        validation.evidence = evidence
    validation.full_clean()
    try:
        with transaction.atomic():
            validation.save()
    except IntegrityError:
        raise ValidationError(_("Cette compétence vient d'être validée par quelqu'un d'autre."))
    return validation


@transaction.atomic
def withdraw_validation(*, validation: SkillValidation, by, reason: str) -> SkillValidation:
    validation = (
        SkillValidation.objects.select_for_update(of=("self",))
        .select_related("enrolment__cohort", "skill")
        .get(pk=validation.pk)
    )
    if validation.enrolment is None:
        if not is_coordinator(by):
            raise ValidationError(_("Seule la coordination peut retirer cette validation."))
    else:
        _check_staff(by, validation.enrolment)
    if validation.withdrawn_at:
        raise ValidationError(_("Cette validation est déjà retirée."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du retrait."))
    validation.withdrawn_at = timezone.now()
    validation.withdrawn_by = by
    validation.withdrawal_reason = reason
    validation.full_clean()
    validation.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return validation


@transaction.atomic
def add_progress_note(*, enrolment: Enrolment, by, text: str) -> ProgressNote:
    enrolment = Enrolment.objects.select_related("cohort").get(pk=enrolment.pk)
    _check_staff(by, enrolment)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("La note est vide."))
    note = ProgressNote(enrolment=enrolment, author=by, text=text)
    note.full_clean()
    note.save()
    return note
