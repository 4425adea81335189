"""Reads of certificates and of who may get one, scoped to who asks and free of N+1."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from courses.models import Cohort
from learners.models import Enrolment, SkillValidation
from learners.selectors import enrolment_hours
from lms.access import is_coordinator, learner_of

from .models import Certificate, CertificateKind

S = Enrolment.Status
# Statuses shown on the issue preview: people who started the training.
SHOWN_STATUSES = (S.IN_TRAINING, S.COMPLETED, S.DROPPED_OUT)


def certificates_for_learner(learner) -> list:
    """The learner's documents, newest first; replaced ones are hidden, revoked ones say so."""
    if learner is None:
        return []
    return list(
        Certificate.objects.filter(learner=learner)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .only("number", "code", "kind", "status", "content", "issued_on", "pdf_sha256", "badge_sha256")
        .order_by("-issued_at", "-pk")
    )


def learner_certificate(*, user, code: str) -> Certificate:
    """One of the requesting learner's own certificates; 404 for anyone else's (no leak)."""
    learner = learner_of(user)
    certificate = (
        Certificate.objects.filter(code=code, learner=learner)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .first()
        if learner is not None
        else None
    )
    if certificate is None:
        raise Http404
    return certificate


def certificate_for_verification(code: str) -> Certificate | None:
    """One query: the verification page prints from the frozen content only."""
    return (
        Certificate.objects.filter(code=code)
        .only("number", "code", "kind", "status", "content", "issued_on", "revoked_at", "badge_sha256")
        .first()
    )


def certificate_for_staff(*, user, pk: int) -> Certificate:
    if not is_coordinator(user):
        raise Http404
    certificate = (
        Certificate.objects.select_related("superseded_by", "supersedes", "issued_by", "revoked_by")
        .filter(pk=pk)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


@dataclass
class IssueRow:
    """One learner on a cohort's issue preview: what they would get, or why not."""

    enrolment: Enrolment
    hours: dict
    validations: list = field(default_factory=list)
    existing: Certificate | None = None
    reason: str = ""

    @property
    def attendance_rate(self):
        planned = self.hours["planned_minutes"]
        return round(100 * self.hours["attended_minutes"] / planned) if planned else None


def ineligibility_reason(
    *, enrolment, kind: str, hours: dict, validations: list, course_skill_ids=None
) -> str:
    """Why this learner cannot get this document now, in words a coordinator can act on; '' if they can."""
    course = enrolment.cohort.course
    if kind == CertificateKind.COMPLETION:
        # Funders pay on hours actually done, drop-outs included: only an unstarted path is refused.
        if enrolment.status not in (S.COMPLETED, S.DROPPED_OUT):
            return _("Parcours pas encore terminé (état : %(status)s).") % {
                "status": enrolment.get_status_display()
            }
        if not hours["attended_minutes"] + hours["company_minutes"]:
            return _("Aucune heure réalisée n'est enregistrée.")
        return ""
    if enrolment.status != S.COMPLETED:
        return _("Parcours non terminé (état : %(status)s).") % {"status": enrolment.get_status_display()}
    if kind == CertificateKind.END_OF_TRAINING:
        planned = hours["planned_minutes"]
        if not planned:
            return _("Aucune séance prévue : l'assiduité ne peut pas être calculée.")
        rate = 100 * hours["attended_minutes"] / planned
        if rate < course.min_attendance_rate:
            return _("Assiduité de %(rate)s %% sous le minimum de %(min)s %% fixé pour cette formation.") % {
                "rate": int(rate),
                "min": course.min_attendance_rate,
            }
        return ""
    if kind == CertificateKind.SKILLS:
        if course_skill_ids is None:
            course_skill_ids = list(course.skills.values_list("pk", flat=True))
        if not any(v.skill_id in set(course_skill_ids) for v in validations):
            return _("Aucune compétence de la formation n'est validée.")
        return ""
    return _("Type de document inconnu.")


def cohort_issue_rows(*, cohort: Cohort, kind: str) -> list[IssueRow]:
    """Every learner who started the cohort, with hours, validations and any live certificate.
    A fixed number of queries, whatever the cohort's size."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=SHOWN_STATUSES)
        .select_related("learner", "cohort__course")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    if not enrolments:
        return []
    course = enrolments[0].cohort.course
    course_skill_ids = list(course.skills.values_list("pk", flat=True))
    hours = enrolment_hours([e.pk for e in enrolments])
    validations = {}
    for v in SkillValidation.objects.filter(
        learner_id__in=[e.learner_id for e in enrolments],
        skill_id__in=course_skill_ids,
        withdrawn_at__isnull=True,
    ).only("learner_id", "skill_id", "level", "validated_on"):
        validations.setdefault(v.learner_id, []).append(v)
    existing = {
        c.enrolment_id: c
        for c in Certificate.objects.filter(
            enrolment__in=enrolments, kind=kind, status=Certificate.Status.VALID
        ).only("enrolment_id", "number", "code", "pdf_sha256", "status")
    }
    rows = []
    for enrolment in enrolments:
        row = IssueRow(
            enrolment=enrolment,
            hours=hours[enrolment.pk],
            validations=validations.get(enrolment.learner_id, []),
            existing=existing.get(enrolment.pk),
        )
        row.reason = ineligibility_reason(
            enrolment=enrolment,
            kind=kind,
            hours=row.hours,
            validations=row.validations,
            course_skill_ids=course_skill_ids,
        )
        rows.append(row)
    return rows


def cohorts_for_issue(*, user):
    """Cohorts a coordinator can issue for, with counts for the list page (one query)."""
    if not is_coordinator(user):
        raise Http404
    return (
        Cohort.objects.select_related("course")
        .annotate(
            finished=Count("enrolments", filter=Q(enrolments__status=S.COMPLETED), distinct=True),
            issued=Count(
                "enrolments__certificates",
                filter=Q(enrolments__certificates__status=Certificate.Status.VALID),
                distinct=True,
            ),
        )
        .filter(status__in=[Cohort.Status.RUNNING, Cohort.Status.CLOSED])
        .order_by("-end_date", "code")
    )
