"""A small crafted data set whose GEN figures are computed by hand in test_indicators.py."""

from datetime import date, time, timedelta

from django.utils import timezone

from tests.factories import CohortFactory, EnrolmentFactory, LearnerFactory, SessionFactory, course_page
from tests.outcomes.factories import OutcomeFactory, attend


def learner(gender, birth, level, *, qpv=None, zrr=None, ft=None, situation="demandeur_emploi", **kw):
    person = LearnerFactory(birth_date=birth, **kw)
    profile = person.profile
    profile.gender, profile.qualification_level, profile.situation = gender, level, situation
    profile.qpv, profile.zrr, profile.france_travail_registered = qpv, zrr, ft
    profile.save()
    return person


def build():
    today = timezone.localdate()
    course_a = course_page(title="Artisans numériques")
    course_b = course_page(title="Découverte laser")
    a = CohortFactory(
        code="A-2025",
        course=course_a,
        start_date=date(2025, 1, 6),
        end_date=date(2025, 6, 30),
        status="closed",
    )
    b = CohortFactory(
        code="B-2025", course=course_b, start_date=date(2025, 9, 1), end_date=today + timedelta(days=60)
    )
    c = CohortFactory(
        code="C-2025",
        course=course_b,
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 31),
        status="closed",
    )
    a1 = SessionFactory(cohort=a, date=date(2025, 1, 6), start_time=time(9), end_time=time(12))
    a2 = SessionFactory(cohort=a, date=date(2025, 1, 7), start_time=time(9), end_time=time(12))
    b1 = SessionFactory(cohort=b, date=date(2025, 9, 1), start_time=time(8), end_time=time(12))
    SessionFactory(cohort=b, date=today + timedelta(days=30), start_time=time(14), end_time=time(16))

    l1 = learner("F", date(2000, 1, 10), "sans", qpv=True, zrr=False, ft=True, situation="neet")
    l2 = learner("H", date(1999, 1, 6), "4", qpv=None, zrr=None, ft=False)
    l3 = learner("F", date(1990, 5, 5), "5", qpv=False, zrr=True, ft=None, situation="salarie")
    l4 = learner("H", date(2001, 3, 3), "3", qpv=False, zrr=False, ft=True, situation="neet")
    l5 = learner("F", date(2002, 2, 2), "sans", qpv=True)
    l6 = learner("F", date(2002, 2, 2), "sans", qpv=True)
    l7 = learner("F", date(1980, 2, 2), "sans", qpv=True, zrr=None, ft=True)

    e1 = EnrolmentFactory(learner=l1, cohort=a, status="completed")
    e2 = EnrolmentFactory(learner=l2, cohort=a, status="completed")
    e3 = EnrolmentFactory(
        learner=l3, cohort=a, status="dropped_out", dropout_reason="sante", dropout_date=date(2025, 3, 1)
    )
    e4 = EnrolmentFactory(learner=l4, cohort=a, status="in_training")
    EnrolmentFactory(learner=l5, cohort=a, status="candidate")
    EnrolmentFactory(learner=l6, cohort=a, status="cancelled")
    e4b = EnrolmentFactory(learner=l4, cohort=b, status="completed")
    e7 = EnrolmentFactory(
        learner=l7, cohort=b, status="dropped_out", dropout_reason="emploi", dropout_date=date(2025, 9, 15)
    )

    attend(e1, a1)
    attend(e1, a2, "late", 150)
    attend(e2, a1)
    attend(e2, a2, "absent_justified")
    attend(e3, a1, "left_early", 90)
    attend(e3, a2, "absent_unjustified")
    attend(e4, a1)
    attend(e4, a2)
    attend(e4b, b1, "present", 200)
    attend(e7, b1, "absent_unjustified")

    for enrolment, checkpoint, situation in [
        (e1, "sortie", "cdi"),
        (e1, "3_mois", "cdi"),
        (e1, "6_mois", "cdi"),
        (e2, "sortie", "recherche_emploi"),
        (e2, "3_mois", "cdd_moins_6_mois"),
        (e3, "sortie", "inconnu"),
        (e4b, "sortie", "formation_qualifiante"),
        (e4b, "3_mois", "apprentissage"),
        (e4b, "6_mois", "inconnu"),
        (e7, "sortie", "creation_activite"),
    ]:
        OutcomeFactory(enrolment=enrolment, checkpoint=checkpoint, situation=situation)
    return {"a": a, "b": b, "c": c, "course_a": course_a, "course_b": course_b}
