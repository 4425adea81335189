"""The steps that remove or anonymise a learner's data, shared by erasure and retention.

What a funder's legal hold requires stays: attendance (status, minutes, signatures), the
enrolment rows, the signed immersion agreements and company hours, issued certificates, and the
statistical profile the aggregate reports read (gender, qualification, situation, QPV, ZRR).
Everything else goes. Callers hold a transaction.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from courses.learning.models import LessonCompletion, QuizAttempt
from learners.immersion.models import CompanyHours, PlacementEvaluation, PlacementEvent, TutorLink
from learners.intake.models import GroupImport, GroupImportRow
from learners.models import (
    Attendance,
    Enrolment,
    EnrolmentEvent,
    Learner,
    LearnerProfile,
    Placement,
    ProgressNote,
    SkillValidation,
)
from learners.outcomes.models import Outcome, OutcomeChange, SelfReportLink

from .audit import learner_title
from .models import Consent, ErasureRequest, LegalHold, RetentionPhase, RetentionState
from .policy import coarse_birth_date, dates_for

ANONYMOUS = "Anonyme"


def counts_in_statistics(learner) -> bool:
    """An entrant is counted in funder reports: their rows stay, without identity."""
    return Enrolment.objects.filter(learner=learner, status__in=Enrolment.STARTED).exists()


def set_phase(learner, phase: str) -> None:
    RetentionState.objects.update_or_create(
        learner=learner, defaults={"phase": phase, "since": timezone.now()}
    )


def _delete_files(queryset, field: str) -> int:
    removed = 0
    for obj in queryset.exclude(**{field: ""}):
        getattr(obj, field).delete(save=False)
        removed += 1
    queryset.update(**{field: ""})
    return removed


def _drop_account(learner, *, delete: bool) -> int:
    if not learner.user_id:
        return 0
    user = get_user_model().objects.get(pk=learner.user_id)
    learner.user = None
    learner.save(update_fields=["user"])
    if delete:
        try:
            # In a savepoint: a closed attendance sheet refuses to lose who recorded a line (the
            # learner signing by QR code), and that refusal must not break the whole erasure.
            with transaction.atomic():
                user.delete()
            return 1
        except (ProtectedError, DatabaseError):
            pass  # the account is named in evidence kept under hold: disable it instead
    # The login name (often firstname.lastname) must not outlive the person's file.
    user.username = f"archive-{learner.pseudonym}"
    user.is_active = False
    user.set_unusable_password()
    user.email, user.first_name, user.last_name = "", "", ""
    user.save()
    return 1


def _relabel_logs(learner) -> None:
    """Wagtail's own entries (edits in the admin) are labelled with the learner's name, on the
    learner and on their enrolments and placements."""
    label = learner_title(learner)
    objects = [
        (Learner, [learner.pk]),
        (Enrolment, Enrolment.objects.filter(learner=learner).values_list("pk", flat=True)),
        (Placement, Placement.objects.filter(enrolment__learner=learner).values_list("pk", flat=True)),
    ]
    for model, pks in objects:
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
        ).update(label=label)


def _drop_import_lines(learner) -> int:
    """A group import keeps its preview (the file's lines) a few weeks: the person's line goes.
    Previews never confirmed name nobody's file; the retention run purges them after 90 days."""
    removed = 0
    lines_by_import = {}
    for import_id, line in GroupImportRow.objects.filter(learner=learner).values_list(
        "group_import_id", "line"
    ):
        lines_by_import.setdefault(import_id, set()).add(line)
    for group_import in GroupImport.objects.filter(pk__in=lines_by_import).only("pk", "preview"):
        preview = dict(group_import.preview or {})
        valid = preview.get("valid", [])
        kept = [row for row in valid if row.get("line") not in lines_by_import[group_import.pk]]
        removed += len(valid) - len(kept)
        preview["valid"] = kept
        GroupImport.objects.filter(pk=group_import.pk).update(preview=preview)
    return removed


def _cohort_starts(learner) -> list:
    return list(
        Enrolment.objects.filter(learner=learner).values_list("cohort__start_date", flat=True).distinct()
    )


def _minimise(learner, counts: dict, *, delete_account: bool) -> None:
    """End of the active phase, and the first part of an erasure."""
    counts["notes_de_suivi"] = ProgressNote.objects.filter(enrolment__learner=learner).delete()[0]
    counts["liens_de_suivi"] = SelfReportLink.objects.filter(enrolment__learner=learner).delete()[0]
    counts["liens_tuteur"] = TutorLink.objects.filter(placement__enrolment__learner=learner).delete()[0]
    counts["preuves"] = _delete_files(SkillValidation.objects.filter(learner=learner), "evidence")
    counts["coordonnees"] = sum(bool(getattr(learner, f)) for f in ("email", "phone", "postal_code"))
    learner.email, learner.phone, learner.postal_code = "", "", ""
    learner.save(update_fields=["email", "phone", "postal_code"])
    counts["compte"] = _drop_account(learner, delete=delete_account)


def place_holds(learner, dates, reason: str) -> None:
    """Record what stays under a legal hold, and until when."""
    kinds = []
    if dates.has_attendance:
        kinds.append(LegalHold.Kind.ATTENDANCE)
    if dates.has_certificates:
        kinds.append(LegalHold.Kind.CERTIFICATES)
    for kind in kinds:
        LegalHold.objects.update_or_create(
            learner=learner, kind=kind, defaults={"until": dates.hold_until, "reason": reason}
        )


def archive(learner, dates) -> dict:
    counts = {}
    _minimise(learner, counts, delete_account=False)
    if dates.hold_until:
        place_holds(learner, dates, _("Preuves exigées par les financeurs (archive intermédiaire)"))
    set_phase(learner, RetentionPhase.ARCHIVED)
    return counts


def erase(learner) -> dict:
    """Everything not under hold. The name stays only while attendance or certificates are held
    (a sheet must show who signed); otherwise it goes too."""
    counts = {}
    _minimise(learner, counts, delete_account=True)
    counts["competences"] = SkillValidation.objects.filter(learner=learner).delete()[0]
    counts["evaluations_tuteur"] = PlacementEvaluation.objects.filter(
        placement__enrolment__learner=learner
    ).delete()[0]
    CompanyHours.objects.filter(placement__enrolment__learner=learner).update(comment="")
    Enrolment.objects.filter(learner=learner).update(dropout_comment="")
    EnrolmentEvent.objects.filter(enrolment__learner=learner).update(comment="")
    Outcome.objects.filter(enrolment__learner=learner).update(comment="")
    counts["historique_sorties"] = OutcomeChange.objects.filter(outcome__enrolment__learner=learner).delete()[
        0
    ]
    _drop_import_lines(learner)
    counts["lignes_import"] = GroupImportRow.objects.filter(learner=learner).delete()[0]
    # Places not yet taken up go back to the cohort: the person asked to leave.
    counts["inscriptions_annulees"] = Enrolment.objects.filter(
        learner=learner, status__in=[Enrolment.Status.CANDIDATE, Enrolment.Status.ADMITTED]
    ).update(status=Enrolment.Status.CANCELLED)
    counts["quiz"] = QuizAttempt.objects.filter(learner=learner).delete()[0]
    counts["lecons_lues"] = LessonCompletion.objects.filter(learner=learner).delete()[0]
    Placement.objects.filter(enrolment__learner=learner).update(broken_off_reason="")
    PlacementEvent.objects.filter(placement__enrolment__learner=learner).update(comment="")
    profile = LearnerProfile.objects.filter(learner=learner).first()
    if profile is not None:
        counts["donnees_sensibles"] = sum(v is not None for v in (profile.rqth, profile.rsa))
        # QPV yes/no stays for the reports; the district code is finer than they need.
        LearnerProfile.objects.filter(pk=profile.pk).update(
            rqth=None, rsa=None, sensitive_consent=False, sensitive_consent_at=None, qpv_code=""
        )
    Consent.objects.filter(learner=learner, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    learner.birth_date = coarse_birth_date(learner.birth_date, _cohort_starts(learner))
    learner.save(update_fields=["birth_date"])
    holds_documents = (
        Attendance.objects.filter(enrolment__learner=learner).exists() or learner.certificates.exists()
    )
    if not holds_documents:
        _anonymise_identity(learner)
    _relabel_logs(learner)
    return counts


def _anonymise_identity(learner) -> None:
    learner.last_name, learner.first_name = ANONYMOUS, str(learner.pseudonym)[:8]
    learner.save(update_fields=["last_name", "first_name"])


def anonymise(learner) -> dict:
    """End of the legal hold: the evidence loses what identifies the person; the counts stay."""
    from certificates.models import Certificate

    counts = erase(learner)
    _anonymise_identity(learner)
    dates = dates_for(learner)
    if dates.hold_until:
        place_holds(learner, dates, _("Preuves exigées par les financeurs"))
    # Released first: the closed-sheet trigger lets a signature go only once its hold is over.
    LegalHold.objects.filter(learner=learner, released_at__isnull=True).update(released_at=timezone.now())
    # Corrections stay untouched: the database refuses any change to one (evidence of the hours).
    ErasureRequest.objects.filter(learner=learner).update(note="")
    counts["signatures"] = (
        Attendance.objects.filter(enrolment__learner=learner).exclude(signature="").update(signature="")
    )
    counts["conventions"] = _delete_files(
        Placement.objects.filter(enrolment__learner=learner), "agreement_file"
    )
    certificates = Certificate.objects.filter(learner=learner)
    counts["certificats_pdf"] = _delete_files(certificates, "pdf")
    for certificate in certificates.only("pk", "content"):
        content = dict(certificate.content)
        content["learner"] = {
            **content.get("learner", {}),
            "first_name": learner.first_name,
            "last_name": ANONYMOUS,
            "full_name": ANONYMOUS,
        }
        Certificate.objects.filter(pk=certificate.pk).update(content=content, pdf_sha256="")
    set_phase(learner, RetentionPhase.ANONYMISED)
    _relabel_logs(learner)
    return counts


def delete_learner(learner) -> None:
    """Nothing held for anyone (a candidate never admitted): the file goes entirely."""
    _drop_import_lines(learner)
    _drop_account(learner, delete=True)
    _relabel_logs(learner)
    learner.delete()


# What the confirmation page lists -----------------------------------------------------------


def describe_erasure(learner) -> list:
    p = LearnerProfile.objects.filter(learner=learner).first()
    rows = [
        (
            _("Coordonnées (courriel, téléphone, code postal)"),
            sum(bool(getattr(learner, f)) for f in ("email", "phone", "postal_code")),
        ),
        (_("Compte de connexion"), 1 if learner.user_id else 0),
        (_("Notes de suivi de l'équipe"), ProgressNote.objects.filter(enrolment__learner=learner).count()),
        (_("Compétences validées et preuves"), SkillValidation.objects.filter(learner=learner).count()),
        (
            _("Évaluations des tuteurs"),
            PlacementEvaluation.objects.filter(placement__enrolment__learner=learner).count(),
        ),
        (
            _("Historique des sorties"),
            OutcomeChange.objects.filter(outcome__enrolment__learner=learner).count(),
        ),
        (
            _("Liens de suivi et liens tuteur"),
            SelfReportLink.objects.filter(enrolment__learner=learner).count()
            + TutorLink.objects.filter(placement__enrolment__learner=learner).count(),
        ),
        (
            _("Réponses aux quiz et leçons lues"),
            QuizAttempt.objects.filter(learner=learner).count()
            + LessonCompletion.objects.filter(learner=learner).count(),
        ),
        (
            _("Lignes de fichiers d'import de groupe"),
            GroupImportRow.objects.filter(learner=learner).count(),
        ),
        (
            _("Données sensibles (RQTH, RSA) et consentements"),
            sum(v is not None for v in (p.rqth, p.rsa)) if p else 0,
        ),
        (_("Date de naissance exacte (seule l'année et la tranche d'âge restent)"), 1),
    ]
    return rows


def describe_holds(learner, dates) -> list:
    from certificates.models import Certificate

    rows = []
    attendance = Attendance.objects.filter(enrolment__learner=learner).count()
    if attendance:
        rows.append((_("Émargements (présences, minutes, signatures)"), attendance, dates.hold_until))
    certificates = Certificate.objects.filter(learner=learner).count()
    if certificates:
        rows.append((_("Certificats et attestations délivrés"), certificates, dates.hold_until))
    return rows
