"""Factories shared by every suite. App-specific ones live beside their tests."""

from datetime import date, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import (
    CatalogPage,
    Cohort,
    CourseFormat,
    CoursePage,
    Session,
    Skill,
    SkillBlock,
    SkillFramework,
)
from learners.models import Enrolment, HostCompany, Learner, LearnerProfile, Partner, PartnerStaff, Tutor
from lms.access import GROUP_NAMES, Role
from lms.models import HomePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-test")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            group, _ = Group.objects.get_or_create(name=GROUP_NAMES[extracted])
            self.groups.add(group)
            if extracted == Role.COORDINATOR:
                self.is_staff = True
        self.save()


def coordinator(**kwargs):
    return UserFactory(role=Role.COORDINATOR, **kwargs)


def trainer(**kwargs):
    return UserFactory(role=Role.TRAINER, **kwargs)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Mission locale n°{n}")
    kind = Partner.Kind.MISSION_LOCALE


def partner_staff(partner=None, **kwargs):
    user = UserFactory(role=Role.PARTNER, **kwargs)
    PartnerStaff.objects.create(user=user, partner=partner or PartnerFactory())
    return user


class SkillFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillFramework

    name = factory.Sequence(lambda n: f"Référentiel {n}")


class SkillBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillBlock

    framework = factory.SubFactory(SkillFrameworkFactory)
    name = factory.Sequence(lambda n: f"Bloc {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    block = factory.SubFactory(SkillBlockFactory)
    name = factory.Sequence(lambda n: f"Compétence {n}")


def ensure_site_tree() -> HomePage:
    """Root page, default locale, home page and default site, as the migrations leave them."""
    from wagtail.models import Collection, Locale, Page, Site

    Locale.objects.get_or_create(language_code="fr")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Bienvenue", slug="accueil"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def catalog_page() -> CatalogPage:
    existing = CatalogPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.first() or ensure_site_tree()
    page = home.add_child(instance=CatalogPage(title="Formations", slug="formations"))
    page.save_revision().publish()
    return page


_course_counter = iter(range(1, 10**9))


def course_page(*, publish=True, **fields) -> CoursePage:
    n = next(_course_counter)
    defaults = {
        "title": f"Formation {n}",
        "slug": f"formation-{n}",
        "format": CourseFormat.DISCOVERY,
        "summary": "Un atelier pour découvrir.",
        "objectives": "<p>Fabriquer un objet.</p>",
        "audience": "Tout public",
        "hours_centre": 15,
    }
    defaults.update(fields)
    page = catalog_page().add_child(instance=CoursePage(**defaults))
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish() if page.live else None
    return page


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    code = factory.Sequence(lambda n: f"TST-{n:04d}")
    course = factory.LazyFunction(course_page)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    end_date = factory.LazyAttribute(lambda c: c.start_date + timedelta(days=60))
    place = "Fab lab, Amiens"
    capacity = 12
    status = Cohort.Status.RUNNING


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyAttribute(lambda s: s.cohort.start_date)
    start_time = time(9, 0)
    end_time = time(12, 30)
    place = "Atelier"


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner
        skip_postgeneration_save = True

    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    birth_date = date(2000, 5, 17)
    profile = factory.RelatedFactory("tests.factories.LearnerProfileFactory", factory_related_name="learner")


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    learner = factory.SubFactory(LearnerFactory, profile=None)
    gender = "F"
    qualification_level = "3"
    situation = "demandeur_emploi"


def learner_user(learner=None, **kwargs):
    """A learner with an account in the Stagiaires group."""
    user = UserFactory(role=Role.LEARNER, **kwargs)
    learner = learner or LearnerFactory()
    learner.user = user
    learner.save(update_fields=["user"])
    return user


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    learner = factory.SubFactory(LearnerFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = Enrolment.Status.IN_TRAINING


class HostCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostCompany

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    # 73282932000074 is a real-format SIRET with a valid Luhn key; vary the establishment part.
    siret = factory.Sequence(lambda n: _valid_siret(n))


def _valid_siret(n: int) -> str:
    from lms.validators import luhn_ok

    prefix = f"7328293200{n % 1000:03d}"
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


class TutorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tutor

    company = factory.SubFactory(HostCompanyFactory)
    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
