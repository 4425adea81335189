"""Skills: validated in a few taps, levels go up, withdrawals keep the history; notes and alerts."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import SkillLevel
from learners.models import Attendance, ProgressNote, SkillValidation
from learners.selectors.trainer import absent_learner_enrolment_ids
from learners.services import skills as svc
from tests.factories import SessionFactory, SkillFactory, coordinator, learner_user
from tests.factories import trainer as make_trainer

from .factories import AttendanceFactory, running_session

pytestmark = pytest.mark.django_db
S = Attendance.Status


@pytest.fixture
def setup():
    session, trainer, (enrolment, *_) = running_session(learners=2)
    laser = SkillFactory(name="Découpe laser", max_level=SkillLevel.CAN_TEACH)
    safety = SkillFactory(name="Sécurité", max_level=SkillLevel.DISCOVERY)
    session.cohort.course.skills.set([laser, safety])
    session.cohort.course.save()  # a ParentalManyToManyField is written when the page is saved
    return session, trainer, enrolment, laser, safety


def test_levels_go_up_and_history_is_kept(setup, client):
    _, trainer, enrolment, laser, _ = setup
    svc.validate_skill(enrolment=enrolment, skill=laser, level=1, by=trainer)
    photo = SimpleUploadedFile("porte-cles.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    svc.validate_skill(enrolment=enrolment, skill=laser, level=2, by=trainer, comment="Seule", evidence=photo)
    with pytest.raises(ValidationError, match="déjà « Découpe laser » au niveau 2"):
        svc.validate_skill(enrolment=enrolment, skill=laser, level=1, by=trainer)
    levels = list(SkillValidation.objects.filter(learner=enrolment.learner).values_list("level", flat=True))
    assert sorted(levels) == [1, 2]
    assert SkillValidation.objects.get(level=2).evidence.name.endswith(".jpg")
    # The learner sees their best level.
    client.force_login(learner_user(learner=enrolment.learner))
    assert "Niveau 2 sur 3." in client.get(reverse("learner_space:home")).content.decode()


def test_a_level_above_the_skill_maximum_is_refused(setup):
    _, trainer, enrolment, _, safety = setup
    with pytest.raises(ValidationError, match="du niveau 1 au niveau 1"):
        svc.validate_skill(enrolment=enrolment, skill=safety, level=2, by=trainer)


def test_bad_evidence_is_refused(setup):
    _, trainer, enrolment, laser, _ = setup
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="type de fichier"):
        svc.validate_skill(enrolment=enrolment, skill=laser, level=1, by=trainer, evidence=exe)
    assert not SkillValidation.objects.exists()


def test_withdrawal_needs_a_reason_and_keeps_the_row(setup):
    _, trainer, enrolment, laser, _ = setup
    validation = svc.validate_skill(enrolment=enrolment, skill=laser, level=1, by=trainer)
    with pytest.raises(ValidationError, match="motif du retrait"):
        svc.withdraw_validation(validation=validation, by=trainer, reason=" ")
    svc.withdraw_validation(validation=validation, by=trainer, reason="Validée par erreur")
    validation.refresh_from_db()
    assert validation.withdrawn_at and validation.withdrawal_reason == "Validée par erreur"
    # Once withdrawn, the level can be validated again.
    svc.validate_skill(enrolment=enrolment, skill=laser, level=1, by=trainer)
    assert SkillValidation.objects.filter(learner=enrolment.learner).count() == 2


def test_another_trainer_cannot_validate(setup):
    _, _, enrolment, laser, _ = setup
    with pytest.raises(ValidationError, match="Seuls les formateurs"):
        svc.validate_skill(enrolment=enrolment, skill=laser, level=1, by=make_trainer())


def test_grid_validates_in_one_tap(setup, client):
    session, trainer, enrolment, laser, _ = setup
    client.force_login(trainer)
    response = client.post(
        reverse("trainer:skills_validate", args=[session.cohort.code]),
        {"cell": f"{enrolment.pk}:{laser.pk}:1"},
        follow=True,
    )
    assert "« Découpe laser » validée au niveau 1" in response.content.decode()
    assert "+2" in response.content.decode()
    # A forged cell is refused with a message, nothing validated.
    response = client.post(
        reverse("trainer:skills_validate", args=[session.cohort.code]), {"cell": "1:2:9"}, follow=True
    )
    assert response.status_code == 200
    assert SkillValidation.objects.count() == 1


def test_notes_are_for_staff_only(setup, client):
    _, trainer, enrolment, _, _ = setup
    svc.add_progress_note(enrolment=enrolment, by=trainer, text="Très à l'aise avec Inkscape.")
    client.force_login(trainer)
    assert (
        "Très à l&#x27;aise avec Inkscape."
        in client.get(reverse("trainer:learner", args=[enrolment.pk])).content.decode()
    )
    client.force_login(learner_user(learner=enrolment.learner))
    assert "Inkscape" not in client.get(reverse("learner_space:home")).content.decode()
    # The right of access covers staff notes too: they are in the "Mes données" download.
    assert "Inkscape" in client.get(reverse("learner_space:my_data")).content.decode()
    assert ProgressNote.objects.count() == 1


def test_absence_alert_after_two_unjustified_absences_in_a_row(setup, client, settings):
    session, trainer, enrolment, _, _ = setup
    cohort = session.cohort
    earlier = SessionFactory(cohort=cohort, date=cohort.start_date, trainer=trainer)
    middle = SessionFactory(
        cohort=cohort, date=cohort.start_date, start_time=time(14), end_time=time(17), trainer=trainer
    )
    AttendanceFactory(enrolment=enrolment, session=earlier, status=S.ABSENT_UNJUSTIFIED)
    AttendanceFactory(enrolment=enrolment, session=middle, status=S.PRESENT)
    AttendanceFactory(enrolment=enrolment, session=session, status=S.ABSENT_UNJUSTIFIED)
    # Not in a row: no alert.
    assert enrolment.pk not in absent_learner_enrolment_ids()
    Attendance.objects.filter(enrolment=enrolment, session=middle).update(
        status=S.ABSENT_UNJUSTIFIED, minutes=0
    )
    assert enrolment.pk in absent_learner_enrolment_ids()
    settings.ABSENCE_ALERT_THRESHOLD = 4
    assert enrolment.pk not in absent_learner_enrolment_ids()
    settings.ABSENCE_ALERT_THRESHOLD = 2
    # The coordinator's dashboard names the learner.
    boss = coordinator()
    client.force_login(boss)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Absences répétées" in page and enrolment.learner.full_name in page
