"""Query budgets: each main page runs at most BUDGET[page] SQL queries, and exactly as many with
ten times the rows (more learners, sessions, cohorts, courses, certificates) as with a few.

A page that starts issuing one query per row fails here long before it is slow in production.
"""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, CertificateKind
from certificates.snapshot import sha256_of
from courses.models import Cohort, CourseFormat, SkillLevel
from learners.models import Attendance, Enrolment, PartnerStaff, SkillValidation
from learners.outcomes.models import Outcome
from tests.certificates.factories import CertificateTemplateFactory
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    LearnerFactory,
    PartnerFactory,
    SessionFactory,
    SkillFactory,
    catalog_page,
    coordinator,
    course_page,
    learner_user,
    partner_staff,
)
from tests.factories import trainer as make_trainer

pytestmark = pytest.mark.django_db

SMALL, LARGE = 1, 10
# The most queries each page may run, whatever the data. Raising one needs a reason in review.
BUDGET = {
    "catalogue": 12,
    "course_page": 14,
    # +2 (issue 11): the course's module pages, and skill levels whose quiz awaits the practical part.
    "learner_space": 18,
    "trainer_roster": 13,
    # +1 (issue 11): the course's lessons whose quiz is a skill level's theory part.
    "skills_grid": 9,
    # +2: the list is paged (a count), and the absence alert covers every current enrolment.
    "partner_learner_list": 19,
    "reporting": 20,
    "verification": 2,
}
_codes = iter(range(10**6))


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Budgets are for a page actually computed; the public page cache is tested on its own.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def _check(client, page, build):
    """Build the page's data at both sizes, log in as its user, and compare query counts."""
    counts = {}
    for scale in (SMALL, LARGE):
        user, url, expect = build(scale)
        client.logout()
        if user is not None:
            client.force_login(user)
        client.get(url)  # warm per-process caches (site root, content types), as in production
        counts[scale], body = _queries(client, url)
        expect(body, scale)
    assert counts[SMALL] <= BUDGET[page], f"{page}: {counts[SMALL]} requêtes > budget {BUDGET[page]}"
    assert counts[LARGE] == counts[SMALL], (
        f"{page}: {counts[SMALL]} requêtes, puis {counts[LARGE]} avec 10× plus de lignes"
    )


def _cohort(*, course=None, learners=3, sessions=3, trainer=None, start=None, status=Cohort.Status.RUNNING):
    today = timezone.localdate()
    start = start or today - timedelta(days=sessions)
    cohort = CohortFactory(
        code=f"QB-{next(_codes):05d}",
        course=course or course_page(),
        start_date=start,
        end_date=start + timedelta(days=60),
        capacity=max(12, learners),
        status=status,
    )
    if trainer:
        cohort.trainers.add(trainer)
    slots = [
        SessionFactory(cohort=cohort, date=start + timedelta(days=i), trainer=trainer, start_time=time(9))
        for i in range(sessions)
    ]
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(learners)]
    Attendance.objects.bulk_create(
        Attendance(
            session=s,
            enrolment=e,
            status="present" if (i + j) % 4 else "absent_unjustified",
            minutes=210 if (i + j) % 4 else 0,
        )
        for i, e in enumerate(enrolments)
        for j, s in enumerate(slots)
        if s.date <= today
    )
    return cohort, enrolments


def _certificate(enrolment, template):
    n = next(_codes)
    code = f"{n:020d}".translate(str.maketrans("0123456789", "ABCDEFGHJK"))
    content = {
        "kind": CertificateKind.COMPLETION,
        "kind_label": "Certificat de réalisation",
        "number": f"TRM-2026-{n:06d}",
        "code": code,
        "learner": {"full_name": str(enrolment.learner)},
        "course": {"title": enrolment.cohort.course.title},
        "cohort": {"code": enrolment.cohort.code, "start_date": "2026-01-05", "end_date": "2026-03-27"},
        "organisation": {"name": "La Fabrique du Tremplin"},
        "hours": {"total_label": "70 h"},
    }
    return Certificate.objects.create(
        learner=enrolment.learner,
        enrolment=enrolment,
        template=template,
        kind=CertificateKind.COMPLETION,
        year=2026,
        sequence=n + 1,
        number=content["number"],
        code=code,
        issued_on=date(2026, 4, 1),
        content=content,
        content_sha256=sha256_of(content),
    )


def test_catalogue(client):
    catalog = catalog_page()

    def build(scale):
        for _ in range(2 * scale):
            course = course_page(format=CourseFormat.DISCOVERY)
            for k in range(2):
                _cohort(
                    course=course,
                    learners=2,
                    sessions=0,
                    start=timezone.localdate() + timedelta(days=10 + k),
                    status=Cohort.Status.OPEN,
                )

        def expect(body, scale):
            assert body.count("Formation ") >= 2 * scale

        return None, catalog.url, expect

    _check(client, "catalogue", build)


def test_course_page(client):
    def build(scale):
        course = course_page()
        skills = [SkillFactory() for _ in range(2 * scale)]
        course.skills.set(skills)
        course.save_revision().publish()
        for k in range(2 * scale):
            _cohort(
                course=course,
                learners=3 * scale,
                sessions=2,
                start=timezone.localdate() + timedelta(days=5 + k),
                status=Cohort.Status.OPEN,
            )
        _cohort(course=course, learners=5 * scale, sessions=3, status=Cohort.Status.CLOSED)

        def expect(body, scale):
            assert course.title in body

        return None, course.url, expect

    _check(client, "course_page", build)


def test_learner_space(client):
    template = CertificateTemplateFactory(kind=CertificateKind.COMPLETION)

    def build(scale):
        learner = LearnerFactory()
        user = learner_user(learner=learner)
        skills = [SkillFactory() for _ in range(2 * scale)]
        for _ in range(scale):
            cohort, (enrolment, *_others) = _cohort(learners=2, sessions=5 * scale)
            enrolment.learner = learner
            enrolment.save(update_fields=["learner"])
            _certificate(enrolment, template)
            Outcome.objects.create(
                enrolment=enrolment, checkpoint="sortie", situation="cdi", observed_on=cohort.end_date
            )
        for skill in skills:
            SkillValidation.objects.create(
                learner=learner, skill=skill, level=1, validated_on=timezone.localdate()
            )

        def expect(body, scale):
            assert body.count("Télécharger le PDF") == scale

        return user, reverse("learner_space:home"), expect

    _check(client, "learner_space", build)


def test_trainer_roster(client):
    def build(scale):
        trainer = make_trainer()
        cohort, _ = _cohort(learners=3 * scale, sessions=3 * scale, trainer=trainer)

        def expect(body, scale):
            assert body.count('id="stagiaire-') == 3 * scale

        return trainer, reverse("trainer:cohort", args=[cohort.code]), expect

    _check(client, "trainer_roster", build)


def test_skills_grid(client):
    def build(scale):
        trainer = make_trainer()
        cohort, enrolments = _cohort(learners=3 * scale, sessions=1, trainer=trainer)
        skills = [SkillFactory(max_level=SkillLevel.CAN_TEACH) for _ in range(2 * scale)]
        cohort.course.skills.set(skills)
        cohort.course.save()
        for i, e in enumerate(enrolments):
            for skill in skills[: i % 3]:
                SkillValidation.objects.create(
                    learner=e.learner, enrolment=e, skill=skill, level=1, validated_on=timezone.localdate()
                )

        def expect(body, scale):
            assert body.count('class="level-up"') == 3 * scale * 2 * scale

        return trainer, reverse("trainer:skills", args=[cohort.code]), expect

    _check(client, "skills_grid", build)


def test_partner_learner_list(client):
    def build(scale):
        partner = PartnerFactory()
        user = partner_staff(partner=partner)
        assert PartnerStaff.objects.filter(user=user, partner=partner).exists()
        for _ in range(scale):
            _cohort_obj, enrolments = _cohort(learners=3, sessions=3)
            Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(partner=partner)

        def expect(body, scale):
            assert body.count("/partenaires/stagiaires/") >= 3 * scale

        return user, reverse("partners:learner_list"), expect

    _check(client, "partner_learner_list", build)


def test_reporting_page(client):
    user = coordinator()

    def build(scale):
        for _ in range(scale):
            _cohort_obj, enrolments = _cohort(learners=3, sessions=3, status=Cohort.Status.CLOSED)
            for e in enrolments:
                Outcome.objects.create(
                    enrolment=e, checkpoint="sortie", situation="cdi", observed_on=timezone.localdate()
                )

        def expect(body, scale):
            assert "<table" in body

        return user, reverse("reporting_gen"), expect

    _check(client, "reporting", build)


def test_verification_page(client):
    template = CertificateTemplateFactory(kind=CertificateKind.COMPLETION)

    def build(scale):
        _cohort_obj, enrolments = _cohort(learners=scale, sessions=1, status=Cohort.Status.CLOSED)
        certificates = [_certificate(e, template) for e in enrolments]
        shown = certificates[-1]

        def expect(body, scale):
            assert shown.content["learner"]["full_name"] in body

        return None, reverse("certificates:verify", args=[shown.code]), expect

    _check(client, "verification", build)
