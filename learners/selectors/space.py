"""The learner space: only the requesting learner's own path (404 for anyone else)."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from courses.models import Session
from lms.access import learner_of

from ..models import Attendance, Enrolment, LearnerProfile, Placement, SkillValidation
from .hours import COUNTED_PLACEMENT_STATUSES, enrolment_hours


def _learner(user):
    learner = learner_of(user)
    if learner is None:
        raise Http404
    return learner


def _percent(part, whole) -> int:
    return min(100, round(100 * part / whole)) if whole else 0


def learner_space(*, user) -> dict:
    learner = _learner(user)
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("cohort__course")
        .annotate(
            sessions_planned=Count("cohort__sessions", distinct=True),
            sessions_held=Count(
                "cohort__sessions", filter=Q(cohort__sessions__date__lte=today), distinct=True
            ),
        )
        .order_by("-cohort__start_date")
    )
    attended = dict(
        Attendance.objects.filter(enrolment__learner=learner, status__in=Attendance.ATTENDED)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    hours = enrolment_hours([e.pk for e in enrolments], today=today)
    for e in enrolments:
        e.sessions_attended = attended.get(e.pk, 0)
        e.hours = hours[e.pk]
        e.attended_hours = round(e.hours["attended_minutes"] / 60, 1)
        e.planned_hours = round(e.hours["planned_minutes"] / 60, 1)
        e.sessions_percent = _percent(e.sessions_attended, e.sessions_planned)
        e.hours_percent = _percent(e.hours["attended_minutes"], e.hours["planned_minutes"])
    next_session = (
        Session.objects.filter(
            cohort__enrolments__learner=learner,
            cohort__enrolments__status__in=Enrolment.HOLDS_SEAT,
            date__gte=today,
        )
        .select_related("cohort__course", "module")
        .order_by("date", "start_time")
        .first()
    )
    validations = list(
        SkillValidation.objects.filter(learner=learner, withdrawn_at__isnull=True)
        .select_related("skill")
        .order_by("skill__name", "-level")
    )
    skills = {}
    for v in validations:  # the highest level of each skill
        skills.setdefault(v.skill_id, v)
    placements = list(
        Placement.objects.filter(enrolment__learner=learner)
        .exclude(status=Placement.Status.DRAFT)
        .select_related("company", "tutor")
        .order_by("-start_date")
    )
    from certificates.selectors import certificates_for_learner

    return {
        "learner": learner,
        "enrolments": enrolments,
        "next_session": next_session,
        "skills": list(skills.values()),
        "placements": placements,
        "certificates": certificates_for_learner(learner),
        "today": today,
    }


def _dt(value):
    return value.isoformat() if value else None


def learner_data(*, user) -> dict:
    """Everything held about the learner (RGPD right of access), as plain JSON-ready data.
    Staff progress notes are internal working notes and are not part of the learner space."""
    learner = _learner(user)
    profile = LearnerProfile.objects.filter(learner=learner).first()
    enrolments = (
        Enrolment.objects.filter(learner=learner)
        .select_related("cohort__course", "partner")
        .prefetch_related("events")
        .order_by("cohort__start_date")
    )
    attendance = (
        Attendance.objects.filter(enrolment__learner=learner)
        .select_related("session__cohort")
        .prefetch_related("amendments")
        .order_by("session__date", "session__start_time")
    )
    validations = SkillValidation.objects.filter(learner=learner).select_related("skill").order_by("pk")
    placements = (
        Placement.objects.filter(enrolment__learner=learner)
        .select_related("company", "tutor", "enrolment__cohort")
        .order_by("start_date")
    )
    data = {
        "exporte_le": _dt(timezone.now()),
        "identite": {
            "nom": learner.last_name,
            "prenom": learner.first_name,
            "date_de_naissance": _dt(learner.birth_date),
            "courriel": learner.email,
            "telephone": learner.phone,
            "code_postal": learner.postal_code,
            "identifiant": user.get_username(),
            "cree_le": _dt(learner.created_at),
        },
        "profil": None,
        "inscriptions": [],
        "emargements": [],
        "competences": [],
        "immersions": [],
    }
    if profile:
        data["profil"] = {
            field.name: getattr(profile, field.attname)
            for field in LearnerProfile._meta.concrete_fields
            if field.name not in ("id", "learner")
        }
        data["profil"]["sensitive_consent_at"] = _dt(profile.sensitive_consent_at)
    for e in enrolments:
        data["inscriptions"].append(
            {
                "formation": e.cohort.course.title,
                "session": e.cohort.code,
                "du": _dt(e.cohort.start_date),
                "au": _dt(e.cohort.end_date),
                "etat": e.get_status_display(),
                "prescripteur": e.partner.name if e.partner else None,
                "motif_abandon": e.get_dropout_reason_display() or None,
                "historique": [
                    {"de": ev.from_status, "vers": ev.to_status, "le": _dt(ev.at), "commentaire": ev.comment}
                    for ev in e.events.all()
                ],
            }
        )
    for a in attendance:
        data["emargements"].append(
            {
                "session": a.session.cohort.code,
                "date": _dt(a.session.date),
                "debut": _dt(a.session.start_time),
                "fin": _dt(a.session.end_time),
                "presence": a.get_status_display(),
                "minutes": a.minutes,
                "mode": a.get_method_display(),
                "signe_le": _dt(a.signed_at),
                "signature": a.signature or None,
                "corrections": [
                    {
                        "le": _dt(am.at),
                        "motif": am.reason,
                        "avant": am.get_old_status_display(),
                        "apres": am.get_new_status_display(),
                    }
                    for am in a.amendments.all()
                ],
            }
        )
    for v in validations:
        data["competences"].append(
            {
                "competence": v.skill.name,
                "niveau": v.level,
                "validee_le": _dt(v.validated_on),
                "commentaire": v.comment,
                "preuve": v.evidence.name or None,
                "retiree_le": _dt(v.withdrawn_at),
                "motif_retrait": v.withdrawal_reason or None,
            }
        )
    for p in placements:
        data["immersions"].append(
            {
                "entreprise": p.company.name,
                "tuteur": f"{p.tutor.first_name} {p.tutor.last_name}",
                "du": _dt(p.start_date),
                "au": _dt(p.end_date),
                "heures_par_semaine": float(p.weekly_hours),
                "etat": p.get_status_display(),
                "compte_dans_les_heures": p.status in COUNTED_PLACEMENT_STATUSES,
            }
        )
    return data


def learner_sessions(*, learner):
    """Sessions of the cohorts where the learner holds a seat, for their calendar."""
    return (
        Session.objects.filter(
            cohort__enrolments__learner=learner, cohort__enrolments__status__in=Enrolment.HOLDS_SEAT
        )
        .select_related("cohort__course", "module")
        .order_by("date", "start_time")
    )
