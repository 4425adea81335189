"""Factories for the certificates suite (shared ones live in tests/factories.py)."""

from datetime import date, time, timedelta

import factory

from certificates.models import CertificateKind, CertificateTemplate
from learners.models import Enrolment, SkillValidation
from tests.factories import CohortFactory, EnrolmentFactory, SessionFactory, SkillFactory, course_page

# A SIRET with a valid Luhn key.
SIRET = "73282932000074"


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Modèle {n}")
    kind = CertificateKind.END_OF_TRAINING
    is_default = True
    organisation_name = "La Fabrique du Tremplin"
    organisation_address = "12 rue des Jacobins\n80000 Amiens"
    siret = SIRET
    activity_declaration_number = "32800123480"
    qualiopi_number = "QUA-2025-0042"
    legal_representative = "Claire Dubois"
    legal_representative_title = "Présidente"
    place = "Amiens"


def templates_for_every_kind():
    return {kind: CertificateTemplateFactory(kind=kind) for kind in CertificateKind.values}


def finished_cohort(*, learners=3, attended=(210, 210), skills=1, min_rate=70, **course_fields):
    """A closed cohort of two 210-minute sessions whose learners completed it, attended the given
    minutes per session and had the course's first skill validated."""
    course = course_page(min_attendance_rate=min_rate, **course_fields)
    skill_objs = [SkillFactory(code=f"S{i}") for i in range(skills)]
    course.skills.set(skill_objs)
    course.save()
    start = date(2027, 3, 1)
    cohort = CohortFactory(
        course=course, start_date=start, end_date=start + timedelta(days=30), status="closed"
    )
    sessions = [
        SessionFactory(
            cohort=cohort, date=start + timedelta(days=i), start_time=time(9), end_time=time(12, 30)
        )
        for i in range(len(attended))
    ]
    enrolments = []
    for _i in range(learners):
        enrolment = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.COMPLETED)
        add_attendance(enrolment, sessions, attended)
        if skill_objs:
            SkillValidation.objects.create(
                learner=enrolment.learner,
                skill=skill_objs[0],
                level=2,
                enrolment=enrolment,
                validated_on=start,
            )
        enrolments.append(enrolment)
    return cohort, enrolments


def add_attendance(enrolment, sessions, minutes):
    from learners.models import Attendance

    for session, m in zip(sessions, minutes, strict=True):
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            status=Attendance.Status.PRESENT if m else Attendance.Status.ABSENT_UNJUSTIFIED,
            minutes=m,
        )
