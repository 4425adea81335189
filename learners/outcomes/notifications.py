"""Emails of the follow-up: the learner's personal link, the coordinators' daily list."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def link_url(link) -> str:
    return settings.SITE_URL + reverse("outcomes:self_report", args=[link.token])


def send_link_to_learner(link) -> bool:
    """Email the personal link; False when the learner has no address (give it by SMS instead)."""
    learner = link.enrolment.learner
    if not learner.email:
        return False
    context = {
        "link": link,
        "url": link_url(link),
        "learner": learner,
        "course": link.enrolment.cohort.course,
    }
    send_mail(
        _("Où en êtes-vous ? 3 questions de %(org)s") % {"org": settings.ORGANISATION_NAME},
        render_to_string("outcomes/email/self_report_link.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [learner.email],
    )
    link.sent_at = timezone.now()
    link.save(update_fields=["sent_at"])
    return True


def send_coordinator_digest(*, recipients, due_today, overdue_count) -> None:
    if not recipients or not (due_today or overdue_count):
        return
    context = {
        "due_today": due_today,
        "overdue_count": overdue_count,
        "url": settings.SITE_URL + reverse("outcomes_follow_up"),
    }
    send_mail(
        _("Suivi des sorties : %(n)s échéance(s) aujourd'hui") % {"n": len(due_today)},
        render_to_string("outcomes/email/coordinator_digest.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
