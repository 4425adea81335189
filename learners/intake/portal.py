"""Reads of the partner portal (/partenaires/): only what the asking partner referred or commissioned.

Every function takes the user, resolves their partner with lms.access.partner_of and raises 404
for anything outside it, so that another partner's learner, sheet or import simply does not exist.
Query counts do not grow with the number of rows listed.
"""

from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.utils import timezone

from courses.models import Cohort, Session
from learners.models import Attendance, Enrolment, SkillValidation
from lms.access import partner_of


def partner_for(user):
    partner = partner_of(user)
    if partner is None:
        raise Http404
    return partner


def _outcomes_by_enrolment(enrolment_ids) -> dict:
    """The latest recorded outcome per enrolment (one query), if the outcomes app is there."""
    try:
        from learners.outcomes.categories import CHECKPOINT_ORDER
        from learners.outcomes.models import Outcome
    except ImportError:  # pragma: no cover - the outcomes app ships separately
        return {}
    latest: dict = {}
    # No ordering: the model's (cohort, learner name) made PostgreSQL join three tables for nothing.
    for outcome in Outcome.objects.filter(enrolment_id__in=enrolment_ids, confirmed=True).order_by():
        current = latest.get(outcome.enrolment_id)
        if current is None or CHECKPOINT_ORDER.index(outcome.checkpoint) > CHECKPOINT_ORDER.index(
            current.checkpoint
        ):
            latest[outcome.enrolment_id] = outcome
    return latest


def _alerts(enrolment_ids, cohort_ids) -> set:
    try:
        from learners.selectors.trainer import absent_learner_enrolment_ids
    except ImportError:  # pragma: no cover
        return set()
    return absent_learner_enrolment_ids(cohort_ids=cohort_ids, enrolment_ids=enrolment_ids)


def enrolment_figures(enrolments, *, alert_ids=None) -> dict[int, dict]:
    """Attendance rate (sessions held so far), last presence, hours, alerts, skills validated and
    latest outcome for each enrolment: a fixed number of queries."""
    from learners.selectors.hours import enrolment_hours

    today = timezone.localdate()
    ids = [e.pk for e in enrolments]
    cohort_ids = {e.cohort_id for e in enrolments}
    held = dict(
        Session.objects.filter(cohort_id__in=cohort_ids, date__lte=today)
        .values("cohort_id")
        .annotate(total=Sum("planned_minutes"))
        .values_list("cohort_id", "total")
    )
    marks = {
        row["enrolment_id"]: row
        for row in Attendance.objects.filter(enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(
            attended=Sum("minutes", filter=Q(status__in=Attendance.ATTENDED)),
            last_present=Max("session__date", filter=Q(status__in=Attendance.ATTENDED)),
        )
    }
    skills = dict(
        SkillValidation.objects.filter(
            learner_id__in={e.learner_id for e in enrolments}, withdrawn_at__isnull=True
        )
        .values("learner_id")
        .annotate(n=Count("skill", distinct=True))
        .values_list("learner_id", "n")
    )
    hours = enrolment_hours(ids)
    # Recorded weeks in the company count first; the planned schedule only where none are recorded.
    from learners.immersion.selectors import company_minutes

    company = company_minutes(ids)
    alerts = alert_ids if alert_ids is not None else _alerts(ids, list(cohort_ids))
    outcomes = _outcomes_by_enrolment(ids)
    figures = {}
    for e in enrolments:
        planned_so_far = held.get(e.cohort_id) or 0
        attended = (marks.get(e.pk) or {}).get("attended") or 0
        figures[e.pk] = {
            "rate": round(100 * attended / planned_so_far) if planned_so_far else None,
            "last_present": (marks.get(e.pk) or {}).get("last_present"),
            "hours": hours.get(e.pk, {}),
            "attended_hours": round(attended / 60, 1),
            "company_hours": round(company.get(e.pk, 0) / 60, 1),
            "attended_minutes": attended,
            "company_minutes": company.get(e.pk, 0),
            "alert": e.pk in alerts,
            "skills": skills.get(e.learner_id, 0),
            "outcome": outcomes.get(e.pk),
        }
    return figures


PARTNER_LIST_PAGE_SIZE = 50


def _referred(partner):
    """The partner's enrolments of people who have not had their data erased: an erased
    person's name and path stay only where the law keeps them, not in a partner's portal."""
    from learners.privacy.models import RetentionPhase

    return Enrolment.objects.filter(partner=partner).exclude(
        learner__retention__phase__in=[RetentionPhase.ERASED, RetentionPhase.ANONYMISED]
    )


def partner_enrolments(*, user, params=None) -> dict:
    """The portal's home list: one line per enrolment this partner referred, filtered and paged
    (figures are computed for the page only, so a partner with thousands of people gets the
    same page as one with ten). The absence alert counts every current enrolment."""
    from django.core.paginator import Paginator

    from .forms import PartnerLearnerFilterForm

    partner = partner_for(user)
    form = PartnerLearnerFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    mine = _referred(partner).exclude(status=Enrolment.Status.CANCELLED)
    current = list(
        mine.filter(status__in=Enrolment.HOLDS_SEAT)
        .exclude(status=Enrolment.Status.COMPLETED)
        .order_by()
        .values_list("pk", "cohort_id")
    )
    alert_ids = _alerts([pk for pk, _c in current], list({c for _p, c in current})) if current else set()
    shown = mine
    state = filters.get("etat")
    if state == "en_formation":
        shown = shown.filter(status__in=[Enrolment.Status.ADMITTED, Enrolment.Status.IN_TRAINING])
    elif state == "termines":
        shown = shown.filter(status__in=[Enrolment.Status.COMPLETED, Enrolment.Status.DROPPED_OUT])
    elif state == "alertes":
        shown = shown.filter(pk__in=alert_ids)
    if filters.get("q"):
        for word in filters["q"].split():
            shown = shown.filter(
                Q(learner__last_name__icontains=word)
                | Q(learner__first_name__icontains=word)
                | Q(cohort__code__icontains=word)
            )
    page = Paginator(
        shown.select_related("learner", "cohort__course").order_by(
            "learner__last_name", "learner__first_name", "-cohort__start_date", "pk"
        ),
        PARTNER_LIST_PAGE_SIZE,
    ).get_page(params.get("page") if params else None)
    enrolments = list(page.object_list)
    figures = enrolment_figures(enrolments, alert_ids=alert_ids) if enrolments else {}
    rows = [{"enrolment": e, "learner": e.learner, "cohort": e.cohort, **figures[e.pk]} for e in enrolments]
    return {
        "partner": partner,
        "rows": rows,
        "page_obj": page,
        "filter_form": form,
        "filtered": bool(filters.get("q") or state),
        "alerts": len(alert_ids),
        "hosted": Cohort.objects.filter(partner=partner).count(),
    }


def partner_learner(*, user, learner_ref) -> dict:
    """One learner's detail, limited to the enrolments this partner referred (404 otherwise)."""
    partner = partner_for(user)
    enrolments = list(
        _referred(partner)
        .filter(learner__pseudonym=learner_ref)
        .select_related("learner__profile", "cohort__course")
        .order_by("-cohort__start_date")
    )
    if not enrolments:
        raise Http404
    learner = enrolments[0].learner
    figures = enrolment_figures(enrolments)
    validations = list(
        SkillValidation.objects.filter(
            learner=learner, withdrawn_at__isnull=True, enrolment__in=[e.pk for e in enrolments]
        )
        .select_related("skill")
        .order_by("skill__name", "-level")
    )
    placements = list(
        learner_placements(enrolment_ids=[e.pk for e in enrolments]),
    )
    return {
        "partner": partner,
        "learner": learner,
        "rows": [{"enrolment": e, "cohort": e.cohort, **figures[e.pk]} for e in enrolments],
        "validations": validations,
        "placements": placements,
    }


def learner_placements(*, enrolment_ids):
    from learners.models import Placement

    return (
        Placement.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("company", "tutor", "enrolment__cohort")
        .prefetch_related("evaluations")
        .order_by("-start_date")
    )


def partner_enrolment(*, user, learner_ref, cohort_code: str) -> Enrolment:
    partner = partner_for(user)
    enrolment = (
        _referred(partner)
        .filter(learner__pseudonym=learner_ref, cohort__code=cohort_code)
        .select_related("learner", "cohort__course")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def hosted_cohorts(*, user) -> dict:
    """Cohorts this partner commissioned, with their sessions (for the attendance sheets)."""
    partner = partner_for(user)
    cohorts = list(
        Cohort.objects.filter(partner=partner)
        .select_related("course")
        .annotate(learners=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDS_SEAT)))
        .order_by("-start_date")
    )
    sessions: dict[int, list] = {}
    for session in (
        Session.objects.filter(cohort__in=[c.pk for c in cohorts])
        .select_related("sheet")
        .order_by("date", "start_time")
    ):
        sessions.setdefault(session.cohort_id, []).append(session)
    for cohort in cohorts:
        cohort.session_list = sessions.get(cohort.pk, [])
    return {"partner": partner, "cohorts": cohorts, "today": timezone.localdate()}


def hosted_session(*, user, session_id: int) -> Session:
    partner = partner_for(user)
    session = (
        Session.objects.filter(pk=session_id, cohort__partner=partner)
        .select_related("cohort__course", "trainer")
        .first()
    )
    if session is None:
        raise Http404
    return session
