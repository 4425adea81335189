"""Immersion writes: agreement status rules, tutor links, tutor evaluations, company hours.

Agreement lifecycle (DOMAIN.md, three-party agreement):

    draft → sent → (organisation, company and learner each sign) → signed → running → ended
    any step before the end → broken off (with a reason); sent → draft to change the agreement
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learners.models import Placement, SkillValidation

from .models import (
    CompanyHours,
    EvaluationKind,
    EvaluationSkill,
    PlacementEvaluation,
    PlacementEvent,
    TutorLink,
)

P = Placement.Status

ALLOWED = {
    P.DRAFT: {P.SENT, P.BROKEN_OFF},
    P.SENT: {P.DRAFT, P.SIGNED, P.BROKEN_OFF},
    P.SIGNED: {P.RUNNING, P.BROKEN_OFF},
    P.RUNNING: {P.ENDED, P.BROKEN_OFF},
    P.ENDED: set(),
    P.BROKEN_OFF: set(),
}

PARTIES = {
    "organisation": "signed_by_organisation_at",
    "company": "signed_by_company_at",
    "learner": "signed_by_learner_at",
}
PARTY_LABELS = {
    "organisation": _("l'organisme de formation"),
    "company": _("l'entreprise"),
    "learner": _("le stagiaire"),
}


def _locked(placement) -> Placement:
    return Placement.objects.select_for_update().select_related("tutor", "company").get(pk=placement.pk)


def _move(placement, to_status, *, by, action, comment="") -> Placement:
    from_status = placement.status
    if to_status not in ALLOWED.get(from_status, set()):
        raise ValidationError(
            _("Impossible de passer de « %(from)s » à « %(to)s ».")
            % {"from": P(from_status).label, "to": P(to_status).label}
        )
    placement.status = to_status
    placement.full_clean()
    placement.save()
    PlacementEvent.objects.create(
        placement=placement,
        from_status=from_status,
        to_status=to_status,
        action=action,
        by=by,
        comment=comment,
    )
    return placement


@transaction.atomic
def send_agreement(*, placement, by) -> Placement:
    """The agreement goes out for signature: its content is now fixed."""
    placement = _locked(placement)
    return _move(placement, P.SENT, by=by, action="sent")


@transaction.atomic
def back_to_draft(*, placement, by, reason="") -> Placement:
    """Change an agreement already sent: the signatures collected so far no longer hold."""
    placement = _locked(placement)
    for field in PARTIES.values():
        setattr(placement, field, None)
    return _move(placement, P.DRAFT, by=by, action="draft", comment=reason)


@transaction.atomic
def record_signature(*, placement, party: str, by, at=None) -> Placement:
    """One of the three parties signed; the third signature makes the agreement signed."""
    if party not in PARTIES:
        raise ValidationError(_("Partie inconnue."))
    placement = _locked(placement)
    if placement.status != P.SENT:
        raise ValidationError(
            _("On ne signe qu'une convention envoyée (état actuel : %(s)s).")
            % {"s": placement.get_status_display()}
        )
    field = PARTIES[party]
    if getattr(placement, field):
        raise ValidationError(
            _("La signature de %(party)s est déjà enregistrée.") % {"party": PARTY_LABELS[party]}
        )
    setattr(placement, field, at or timezone.now())
    placement.full_clean()
    placement.save(update_fields=[field])
    PlacementEvent.objects.create(
        placement=placement, from_status=P.SENT, to_status=P.SENT, action=f"signed_{party}", by=by
    )
    if all(getattr(placement, f) for f in PARTIES.values()):
        _move(placement, P.SIGNED, by=by, action="signed")
    return placement


@transaction.atomic
def start_placement(*, placement, by, today=None) -> Placement:
    placement = _locked(placement)
    today = today or timezone.localdate()
    if placement.status == P.SIGNED and today < placement.start_date:
        raise ValidationError(
            _("L'immersion commence le %(date)s : elle ne peut pas démarrer avant.")
            % {"date": f"{placement.start_date:%d/%m/%Y}"}
        )
    return _move(placement, P.RUNNING, by=by, action="started")


@transaction.atomic
def end_placement(*, placement, by) -> Placement:
    placement = _locked(placement)
    return _move(placement, P.ENDED, by=by, action="ended")


@transaction.atomic
def break_off_placement(*, placement, by, reason: str) -> Placement:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif de l'interruption."))
    placement = _locked(placement)
    placement.broken_off_reason = reason
    return _move(placement, P.BROKEN_OFF, by=by, action="broken_off", comment=reason)


# Tutor links --------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def create_tutor_link(*, placement, by, days: int | None = None, sent_to: str = "") -> tuple[TutorLink, str]:
    """A new link for the placement's tutor. Returns (link, secret): the secret is shown once."""
    if placement.status in (P.DRAFT, P.BROKEN_OFF):
        raise ValidationError(_("Le lien tuteur s'envoie pour une immersion dont la convention est partie."))
    days = days or getattr(settings, "TUTOR_LINK_VALID_DAYS", 120)
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    link = TutorLink(
        placement=placement,
        token_hash=_hash(token),
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
        sent_to=sent_to or placement.tutor.email,
    )
    link.full_clean()
    link.save()
    return link, token


def tutor_link_path(link: TutorLink, token: str) -> str:
    from django.urls import reverse

    return reverse("tutor:home", args=[link.pk, token])


@transaction.atomic
def revoke_tutor_link(*, link, by) -> TutorLink:
    link = TutorLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def resolve_tutor_link(*, link_id, token: str) -> TutorLink | None:
    """The active link matching both id and secret, or None (unknown, tampered, expired, revoked)."""
    link = (
        TutorLink.objects.select_related(
            "placement__enrolment__learner", "placement__company", "placement__tutor"
        )
        .filter(pk=link_id)
        .first()
    )
    if link is None or not token or not hmac.compare_digest(link.token_hash, _hash(token)):
        return None
    if not link.is_active:
        return None
    if link.placement.status in (P.DRAFT, P.BROKEN_OFF):
        return None
    TutorLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


@transaction.atomic
def submit_evaluation(
    *,
    link: TutorLink,
    kind: str,
    tutor_name: str,
    punctuality: int,
    teamwork: int,
    comments: str,
    skill_levels: dict,
) -> PlacementEvaluation:
    """Record the tutor's evaluation, for the link's placement only. Each kind is given once."""
    link = TutorLink.objects.select_for_update().get(pk=link.pk)
    if not link.is_active:
        raise ValidationError(
            _("Ce lien ne marche plus. Demandez un nouveau lien à l'organisme de formation.")
        )
    placement = link.placement
    if kind not in EvaluationKind.values:
        raise ValidationError(_("Évaluation inconnue."))
    if PlacementEvaluation.objects.filter(placement=placement, kind=kind).exists():
        raise ValidationError(_("Cette évaluation est déjà envoyée. Merci !"))
    allowed = {s.pk: s for s in placement.skills.all()}
    unknown = set(skill_levels) - set(allowed)
    if unknown:
        raise ValidationError(_("Une compétence ne fait pas partie de cette immersion."))
    evaluation = PlacementEvaluation(
        placement=placement,
        kind=kind,
        tutor_name=tutor_name.strip(),
        punctuality=punctuality,
        teamwork=teamwork,
        comments=comments.strip(),
        link=link,
    )
    evaluation.full_clean()
    evaluation.save()
    for skill_id, level in skill_levels.items():
        if not 0 <= int(level) <= allowed[skill_id].max_level:
            raise ValidationError(_("Niveau impossible pour %(skill)s.") % {"skill": allowed[skill_id].name})
        EvaluationSkill.objects.create(evaluation=evaluation, skill_id=skill_id, level=int(level))
    PlacementEvent.objects.create(
        placement=placement,
        from_status=placement.status,
        to_status=placement.status,
        action=f"evaluation_{kind}",
        comment=tutor_name.strip(),
    )
    return evaluation


@transaction.atomic
def validate_skills_from_evaluation(
    *, evaluation: PlacementEvaluation, by, skill_ids=None
) -> list[SkillValidation]:
    """A coordinator turns levels the tutor observed into skill validations (history kept)."""
    placement = evaluation.placement
    enrolment = placement.enrolment
    created = []
    rows = evaluation.skill_levels.select_related("skill").filter(level__gte=1, validation__isnull=True)
    if skill_ids is not None:
        rows = rows.filter(skill_id__in=skill_ids)
    for row in rows:
        level = min(row.level, row.skill.max_level)
        existing = SkillValidation.objects.filter(
            learner_id=enrolment.learner_id, skill=row.skill, level=level, withdrawn_at__isnull=True
        ).first()
        if existing is None:
            existing = SkillValidation(
                learner_id=enrolment.learner_id,
                skill=row.skill,
                level=level,
                enrolment=enrolment,
                validated_on=evaluation.submitted_at.date(),
                validated_by=by,
                comment=_("%(kind)s par %(tutor)s (%(company)s)")
                % {
                    "kind": evaluation.get_kind_display(),
                    "tutor": evaluation.tutor_name,
                    "company": placement.company,
                },
            )
            existing.full_clean()
            existing.save()
            created.append(existing)
        row.validation = existing
        row.save(update_fields=["validation"])
    return created


# Company hours ------------------------------------------------------------------------------


@transaction.atomic
def record_company_hours(*, placement, week_start, hours, by, comment="") -> CompanyHours:
    """Hours done in the company in a week (replaces what was recorded for that week)."""
    if placement.status not in (P.SIGNED, P.RUNNING, P.ENDED, P.BROKEN_OFF):
        raise ValidationError(_("Les heures se saisissent une fois la convention signée."))
    week_end = week_start + timedelta(days=6)
    if week_end < placement.start_date or week_start > placement.end_date:
        raise ValidationError(
            _("Cette semaine est en dehors de l'immersion (du %(start)s au %(end)s).")
            % {"start": f"{placement.start_date:%d/%m/%Y}", "end": f"{placement.end_date:%d/%m/%Y}"}
        )
    row = CompanyHours.objects.filter(placement=placement, week_start=week_start).first() or CompanyHours(
        placement=placement, week_start=week_start
    )
    row.hours = hours
    row.comment = comment
    row.recorded_by = by
    row.full_clean()
    row.save()
    return row
