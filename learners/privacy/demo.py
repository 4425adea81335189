"""Demo data of personal-data rights (called at the end of lms.demo.seed_demo; idempotent):
consents matching the profiles, the demo learner's own consent she can withdraw, European funds
on last year's long cohort, one learner erased on request whose sheets and certificates stay
under hold, and one erasure request waiting for the coordinator."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from courses.models import Session
from learners.models import Attendance, Enrolment, EnrolmentEvent, LearnerProfile

from .models import CohortFunding, Consent, ConsentPurpose, ErasureRequest
from .services import carry_out_erasure, give_consent, record_erasure_request

# A 1×1 PNG: the demo's drawn signature.
SIGNATURE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def seed(context: dict) -> None:
    coordinator = context["users"]["coordination"]
    today = timezone.localdate()

    long_past = context["cohorts"]["long_past"]
    CohortFunding.objects.get_or_create(
        cohort=long_past,
        defaults={"eu_funds": True, "last_payment_on": long_past.end_date + timedelta(days=60)},
    )

    if not ErasureRequest.objects.exists():
        _erasures(coordinator, long_past, today)
    # Profiles seeded with a consent flag get the record that proves it (a paper form).
    rows = [
        Consent(
            learner_id=pk, purpose=ConsentPurpose.HEALTH, source=Consent.Source.PAPER, recorded_by=coordinator
        )
        for pk in LearnerProfile.objects.filter(sensitive_consent=True).values_list("learner_id", flat=True)
    ] + [
        Consent(
            learner_id=pk,
            purpose=ConsentPurpose.SOCIAL_BENEFITS,
            source=Consent.Source.PAPER,
            recorded_by=coordinator,
        )
        for pk in LearnerProfile.objects.filter(rsa__isnull=False).values_list("learner_id", flat=True)
    ]
    Consent.objects.bulk_create(rows, ignore_conflicts=True)
    demo_learner = context["demo_learner"]
    give_consent(learner=demo_learner, purpose=ConsentPurpose.SOCIAL_BENEFITS, by=coordinator)
    LearnerProfile.objects.filter(learner=demo_learner, rsa__isnull=True).update(rsa=False)


def _erasures(coordinator, long_past, today):
    # Two people of their own, so that no other seed re-creates them once erased.
    from lms.demo import _learner

    erased = _learner(first="Lucas", last="Moreau", gender="H", birth=date(1998, 6, 21))
    waiting = _learner(first="Inès", last="Marchand", gender="F", birth=date(2003, 2, 11))
    sessions = list(Session.objects.filter(cohort=long_past, date__lt=today).order_by("date"))
    for person in (erased, waiting):
        # The cohort is closed to new enrolments: written as the path it had, step by step.
        enrolment, _created = Enrolment.objects.get_or_create(
            learner=person, cohort=long_past, defaults={"status": Enrolment.Status.COMPLETED}
        )
        EnrolmentEvent.objects.bulk_create(
            [
                EnrolmentEvent(enrolment=enrolment, from_status=a, to_status=b, by=coordinator)
                for a, b in (("", "admitted"), ("admitted", "in_training"), ("in_training", "completed"))
            ]
        )
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=s,
                    enrolment=enrolment,
                    status=Attendance.Status.PRESENT,
                    minutes=s.planned_minutes,
                    method=Attendance.Method.DRAWN,
                    signature=SIGNATURE,
                    signed_at=timezone.make_aware(datetime.combine(s.date, s.start_time)),
                )
                for s in sessions
            ],
            ignore_conflicts=True,
        )
    done = record_erasure_request(
        learner=erased,
        by=coordinator,
        channel=ErasureRequest.Channel.LETTER,
        received_on=today - timedelta(days=20),
        note="Lettre recommandée : demande d'effacement de toutes ses données.",
    )
    carry_out_erasure(request=done, by=coordinator)
    record_erasure_request(
        learner=waiting,
        by=coordinator,
        channel=ErasureRequest.Channel.EMAIL,
        received_on=today - timedelta(days=2),
        note="Courriel : ne souhaite plus être recontactée et demande l'effacement.",
    )
