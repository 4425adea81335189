from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from learners.outcomes.models import Outcome, SelfReportLink
from learners.outcomes.selectors import course_results, due_checkpoints
from learners.outcomes.services import record_outcome, self_report_link
from tests.factories import CohortFactory, EnrolmentFactory, LearnerFactory, coordinator, course_page

from .factories import OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended():
    today = timezone.localdate()
    cohort = CohortFactory(start_date=today - timedelta(days=200), end_date=today - timedelta(days=92))
    learner = LearnerFactory(email="sara@example.org", phone="06 12 34 56 78")
    return EnrolmentFactory(learner=learner, cohort=cohort, status="completed")


def test_due_checkpoints_lists_missing_records_with_last_known(ended):
    OutcomeFactory(
        enrolment=ended, checkpoint="sortie", situation="recherche_emploi", observed_on=ended.cohort.end_date
    )
    items = due_checkpoints()
    assert [(i.enrolment, i.checkpoint) for i in items] == [(ended, "3_mois")]
    assert items[0].last_known.situation == "recherche_emploi"


def test_self_report_answer_becomes_unconfirmed_record(client, ended):
    link = self_report_link(enrolment=ended, checkpoint="3_mois")
    assert len(link.token) >= 16
    url = reverse("outcomes:self_report", args=[link.token])
    page = client.get(url)
    assert page.status_code == 200 and "Que faites-vous" in page.content.decode()
    bad = client.post(url, {"since": "pas une date"})
    assert bad.status_code == 200 and "Choisissez une réponse" in bad.content.decode()
    ok = client.post(url, {"situation": "cdd_moins_6_mois", "since": "2026-01-05", "digital_trade": "true"})
    assert ok.status_code == 200 and "Merci" in ok.content.decode()
    outcome = Outcome.objects.get(enrolment=ended, checkpoint="3_mois")
    assert (outcome.source, outcome.confirmed, outcome.digital_trade) == ("stagiaire", False, True)
    # Still on the work list, to confirm.
    assert [i.to_confirm for i in due_checkpoints() if i.checkpoint == "3_mois"] == [True]


def test_unknown_or_expired_link(client, ended):
    assert client.get(reverse("outcomes:self_report", args=["nimportequoi123456"])).status_code == 404
    link = self_report_link(enrolment=ended, checkpoint="3_mois")
    SelfReportLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("outcomes:self_report", args=[link.token])).status_code == 410


def test_reminders_send_once(ended, settings):
    settings.OUTCOMES_FOLLOWED_CHECKPOINTS = ["3_mois"]
    coordinator(email="coord@example.org")
    from dateutil.relativedelta import relativedelta

    # The 3-month checkpoint falls due today.
    ended.cohort.end_date = timezone.localdate() - relativedelta(months=3)
    ended.cohort.save()
    call_command("relances_suivi")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["coord@example.org", "sara@example.org"]
    assert "/suivi/" in [m for m in mail.outbox if m.to == ["sara@example.org"]][0].body
    call_command("relances_suivi")
    assert sum(1 for m in mail.outbox if m.to == ["sara@example.org"]) == 1


def test_record_refuses_a_future_date(ended):
    with pytest.raises(ValidationError):
        record_outcome(
            enrolment=ended,
            checkpoint="sortie",
            situation="cdi",
            observed_on=timezone.localdate() + timedelta(days=1),
        )


def test_course_results_hidden_under_five_then_shown():
    course = course_page()
    today = timezone.localdate()
    cohort = CohortFactory(
        course=course, start_date=today - timedelta(days=400), end_date=today - timedelta(days=200)
    )
    enrolments = [EnrolmentFactory(cohort=cohort, status="completed") for _ in range(4)]
    assert course_results(course) == {"visible": False, "entrants": 4}
    enrolments.append(
        EnrolmentFactory(
            cohort=cohort,
            status="dropped_out",
            dropout_reason="sante",
            dropout_date=today - timedelta(days=300),
        )
    )
    for e, situation in zip(
        enrolments, ["cdi", "apprentissage", "recherche_emploi", "cdi", "inactif"], strict=True
    ):
        OutcomeFactory(enrolment=e, checkpoint="6_mois", situation=situation, observed_on=today)
    results = course_results(course)
    assert results["visible"] and results["entrants"] == 5
    assert results["completion_rate"] == 80 and results["positive_6_months_rate"] == 60
    from django.template.loader import render_to_string

    html = render_to_string("outcomes/includes/course_results.html", {"results": results})
    assert "80 %" in html and "60 %" in html


def test_course_results_template_tag_renders_nothing_under_five():
    from django.template import Context, Template

    course = course_page()
    html = Template("{% load outcomes_tags %}{% course_results_block course %}").render(
        Context({"course": course})
    )
    assert "Résultats" not in html
