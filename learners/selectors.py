"""Reads scoped to the user who asks: a learner sees only their path, a partner only theirs."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from courses.models import Session
from lms.access import learner_of, partner_of

from .models import Enrolment, Learner


def learner_for_user(user) -> Learner:
    learner = learner_of(user)
    if learner is None:
        raise Http404
    return learner


def learner_space(*, user) -> dict:
    learner = learner_for_user(user)
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("cohort__course")
        .order_by("-cohort__start_date")
    )
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
    return {"learner": learner, "enrolments": enrolments, "next_session": next_session}


def partner_learners(*, user):
    partner = partner_of(user)
    if partner is None:
        raise Http404
    enrolments = Enrolment.objects.filter(partner=partner).select_related("cohort__course")
    learners = (
        Learner.objects.filter(enrolments__partner=partner)
        .distinct()
        .prefetch_related(Prefetch("enrolments", queryset=enrolments, to_attr="partner_enrolments"))
        .order_by("last_name", "first_name")
    )
    return {"partner": partner, "learners": learners}
