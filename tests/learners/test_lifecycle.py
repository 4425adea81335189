"""Enrolment lifecycle: each forbidden step is refused with a French message and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from learners.models import Enrolment, EnrolmentEvent
from learners.services.enrolment import ALLOWED_TRANSITIONS, change_enrolment_status, enrol_learner
from tests.factories import CohortFactory, EnrolmentFactory, LearnerFactory, coordinator

pytestmark = pytest.mark.django_db
S = Enrolment.Status

FORBIDDEN = [
    (source, target)
    for source in S.values
    for target in S.values
    if target not in ALLOWED_TRANSITIONS[source]
]


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden_transition_is_refused_with_a_clear_message(source, target):
    extra = {"dropout_reason": "emploi", "dropout_date": "2026-01-05"} if source == S.DROPPED_OUT else {}
    enrolment = EnrolmentFactory(status=source, **extra)
    with pytest.raises(ValidationError) as exc:
        change_enrolment_status(
            enrolment=enrolment, to_status=target, by=coordinator(), dropout_reason="emploi"
        )
    assert exc.value.messages == [f"Impossible de passer de « {S(source).label} » à « {S(target).label} »."]
    enrolment.refresh_from_db()
    assert enrolment.status == source
    assert not EnrolmentEvent.objects.filter(enrolment=enrolment).exists()


def test_the_whole_path_is_dated_in_the_history():
    by = coordinator()
    enrolment = enrol_learner(learner=LearnerFactory(), cohort=CohortFactory(), status=S.CANDIDATE, by=by)
    for step in (S.ADMITTED, S.IN_TRAINING, S.COMPLETED):
        enrolment = change_enrolment_status(enrolment=enrolment, to_status=step, by=by)
    steps = list(enrolment.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "candidate"),
        ("candidate", "admitted"),
        ("admitted", "in_training"),
        ("in_training", "completed"),
    ]


def test_drop_out_needs_a_reason():
    enrolment = EnrolmentFactory(status=S.IN_TRAINING)
    with pytest.raises(ValidationError, match="motif de l'abandon"):
        change_enrolment_status(enrolment=enrolment, to_status=S.DROPPED_OUT, by=coordinator())
    enrolment.refresh_from_db()
    assert enrolment.status == S.IN_TRAINING


def test_a_learner_is_enrolled_once_and_capacity_is_respected():
    cohort = CohortFactory(capacity=1)
    learner = LearnerFactory()
    enrol_learner(learner=learner, cohort=cohort)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        enrol_learner(learner=learner, cohort=cohort)
    with pytest.raises(ValidationError, match="complète"):
        enrol_learner(learner=LearnerFactory(), cohort=cohort)
    assert cohort.enrolments.count() == 1
