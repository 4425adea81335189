"""Admin screens: one learner, the cohort grid, the web import; coordinators only."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from learners.outcomes.models import Outcome, OutcomeChange
from tests.factories import CohortFactory, EnrolmentFactory, LearnerFactory, coordinator, trainer

from .factories import OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    today = timezone.localdate()
    return CohortFactory(
        code="AN-TEST", start_date=today - timedelta(days=300), end_date=today - timedelta(days=100)
    )


@pytest.fixture
def coord(client):
    client.force_login(coordinator())
    return client


def test_trainer_gets_404(client, cohort):
    client.force_login(trainer())
    for url in (reverse("outcomes_follow_up"), reverse("outcomes_cohort_grid", args=[cohort.pk])):
        assert client.get(url).status_code == 404


def test_record_one_learner_then_correct_it(coord, cohort):
    e = EnrolmentFactory(cohort=cohort, status="completed")
    url = reverse("outcomes_enrolment", args=[e.pk])
    assert coord.get(url).status_code == 200
    data = {
        "action": "record",
        "checkpoint": "3_mois",
        "situation": "cdi",
        "observed_on": str(timezone.localdate()),
        "source": "prescripteur",
        "digital_trade": "true",
    }
    assert coord.post(url, data).status_code == 302
    data["situation"] = "cdd_6_mois_plus"
    coord.post(url, data)
    outcome = Outcome.objects.get(enrolment=e, checkpoint="3_mois")
    assert outcome.situation == "cdd_6_mois_plus" and outcome.changes.count() == 2
    page = coord.get(url).content.decode()
    assert "CDI → CDD de 6 mois ou plus" in page


def test_record_refuses_early_date_and_keeps_input(coord, cohort):
    e = EnrolmentFactory(cohort=cohort, status="completed")
    early = cohort.end_date - timedelta(days=5)
    response = coord.post(
        reverse("outcomes_enrolment", args=[e.pk]),
        {
            "action": "record",
            "checkpoint": "6_mois",
            "situation": "cdi",
            "observed_on": str(early),
            "source": "autre",
        },
    )
    assert response.status_code == 200
    assert "ne peut pas précéder la fin de la session" in response.content.decode()
    assert not Outcome.objects.exists()


def test_confirm_learner_answer(coord, cohort):
    e = EnrolmentFactory(cohort=cohort, status="completed")
    o = OutcomeFactory(
        enrolment=e,
        checkpoint="3_mois",
        source="stagiaire",
        confirmed=False,
        observed_on=timezone.localdate(),
    )
    coord.post(reverse("outcomes_enrolment", args=[e.pk]), {"action": "confirm", "outcome": o.pk})
    o.refresh_from_db()
    assert o.confirmed and o.changes.get().action == OutcomeChange.Action.CONFIRMED


def test_grid_saves_all_or_nothing(coord, cohort, django_assert_max_num_queries):
    enrolments = [EnrolmentFactory(cohort=cohort, status="completed") for _ in range(3)]
    url = reverse("outcomes_cohort_grid", args=[cohort.pk])
    with django_assert_max_num_queries(30) as few:
        coord.get(url, {"echeance": "sortie"})
    for _ in range(10):
        EnrolmentFactory(cohort=cohort, status="completed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        coord.get(url, {"echeance": "sortie"})
    today = str(timezone.localdate())
    bad = {
        "echeance": "6_mois",
        f"situation-{enrolments[0].pk}": "cdi",
        f"date-{enrolments[0].pk}": today,
        f"situation-{enrolments[1].pk}": "cdi",
        f"date-{enrolments[1].pk}": str(cohort.end_date - timedelta(days=1)),
    }
    response = coord.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200 and "ne peut pas précéder" in html and "corrigez les lignes" in html
    assert not Outcome.objects.exists()
    good = dict(bad)
    good[f"date-{enrolments[1].pk}"] = today
    assert coord.post(url, good).status_code == 302
    assert Outcome.objects.filter(checkpoint="6_mois").count() == 2


def test_web_import_preview_then_confirm(coord, cohort):
    learner = LearnerFactory(email="lina@example.org")
    EnrolmentFactory(learner=learner, cohort=cohort, status="completed")
    content = (
        f"email;session;echeance;date_constat;situation\n"
        f"lina@example.org;AN-TEST;sortie;{cohort.end_date:%d/%m/%Y};cdi\n"
        f"nobody@example.org;AN-TEST;sortie;{cohort.end_date:%d/%m/%Y};cdi\n"
    ).encode()
    preview = coord.post(reverse("outcomes_import"), {"fichier": SimpleUploadedFile("s.csv", content)})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Ligne 3" in html and not Outcome.objects.exists()
    done = coord.post(reverse("outcomes_import_confirm"))
    assert done.status_code == 302 and Outcome.objects.get().situation == "cdi"
    # Confirming twice does nothing more.
    assert coord.post(reverse("outcomes_import_confirm")).status_code == 302
    assert Outcome.objects.count() == 1


def test_web_import_refuses_a_bad_file(coord):
    response = coord.post(
        reverse("outcomes_import"), {"fichier": SimpleUploadedFile("s.csv", b"\x00\x01binary")}
    )
    assert response.status_code == 200 and not Outcome.objects.exists()


def test_follow_up_page(coord, cohort):
    e = EnrolmentFactory(cohort=cohort, status="completed", learner=LearnerFactory(phone="06 11 22 33 44"))
    response = coord.get(reverse("outcomes_follow_up"))
    assert response.status_code == 200 and "06 11 22 33 44" in response.content.decode()
    assert {i.checkpoint for i in response.context["items"] if i.enrolment == e} == {"sortie", "3_mois"}
