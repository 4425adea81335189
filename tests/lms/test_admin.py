"""Coordinators print one-time codes from the admin; jobs are listed read-only."""

import pytest

from lms.models import Job, LoginCode
from tests.factories import EnrolmentFactory, LearnerFactory, coordinator, trainer

pytestmark = pytest.mark.django_db


def test_coordinator_prints_a_code_for_a_learner_without_account(client):
    learner = LearnerFactory(first_name="Awa", last_name="Ndiaye")
    client.force_login(coordinator())
    url = f"/admin/stagiaires/{learner.pk}/code/"
    assert "Créer le code" in client.get(url).content.decode()
    response = client.post(url)
    html = response.content.decode()
    learner.refresh_from_db()
    assert learner.user is not None
    assert LoginCode.objects.filter(user=learner.user, used_at__isnull=True).count() == 1
    assert "Awa Ndiaye" in html and "Ce code marche une seule fois" in html


def test_trainer_prints_codes_only_for_learners_of_their_cohorts(client):
    mine = EnrolmentFactory()
    other = EnrolmentFactory()
    teacher = trainer()
    mine.cohort.trainers.add(teacher)
    client.force_login(teacher)
    assert client.post(f"/admin/stagiaires/{mine.learner.pk}/code/").status_code == 200
    assert client.post(f"/admin/stagiaires/{other.learner.pk}/code/").status_code == 404
    assert not LoginCode.objects.filter(user__learner=other.learner).exists()


def test_learner_list_shows_code_button_for_coordinators(client):
    LearnerFactory(last_name="Traoré")
    client.force_login(coordinator())
    html = client.get("/admin/learners/").content.decode()
    assert "Traoré" in html and "Code de connexion" in html


def test_jobs_are_listed_but_not_editable_by_coordinators(client):
    job = Job.objects.create(handler="tests.lms.job_handlers.count_to", label="Attestations AN-2027-03")
    client.force_login(coordinator())
    assert "Attestations AN-2027-03" in client.get("/admin/jobs/").content.decode()
    assert client.get(f"/admin/jobs/edit/{job.pk}/").status_code in (302, 403)
