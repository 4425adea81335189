"""Reads scoped to the user who asks: a learner sees only their path, a partner only theirs."""

from django.db.models import Prefetch
from django.http import Http404

from lms.access import learner_of, partner_of

from ..models import Enrolment, Learner


def learner_for_user(user) -> Learner:
    learner = learner_of(user)
    if learner is None:
        raise Http404
    return learner


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


from .hours import enrolment_hours, hours_statement, placement_minutes  # noqa: E402
from .space import learner_data, learner_sessions, learner_space  # noqa: E402

__all__ = [
    "enrolment_hours",
    "hours_statement",
    "learner_data",
    "learner_for_user",
    "learner_sessions",
    "learner_space",
    "partner_learners",
    "placement_minutes",
]
