"""Daily (cron): send each learner whose checkpoint falls due their personal link, and the
coordinators the list of the day. Idempotent: a link already sent is not sent again."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from learners.outcomes.notifications import send_coordinator_digest, send_link_to_learner
from learners.outcomes.selectors import due_checkpoints
from learners.outcomes.services import self_report_link
from lms.access import GROUP_NAMES, Role


class Command(BaseCommand):
    help = "Envoie les liens de suivi des échéances du jour et la liste aux coordinateurs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rattrapage",
            type=int,
            default=7,
            help="jours en arrière encore relancés si le cron a manqué un jour",
        )

    def handle(self, *args, rattrapage, **options):
        today = timezone.localdate()
        items = [i for i in due_checkpoints(today=today, horizon_days=0) if i.record is None]
        window = [i for i in items if i.due >= today - timedelta(days=rattrapage)]
        sent = 0
        for item in window:
            link = self_report_link(enrolment=item.enrolment, checkpoint=item.checkpoint)
            if link.sent_at is None and link.answered_at is None and send_link_to_learner(link):
                sent += 1
        coordinators = (
            get_user_model()
            .objects.filter(
                Q(groups__name=GROUP_NAMES[Role.COORDINATOR]) | Q(is_superuser=True), is_active=True
            )
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        send_coordinator_digest(
            recipients=list(coordinators),
            due_today=[i for i in items if i.due == today],
            overdue_count=sum(1 for i in items if i.due < today),
        )
        self.stdout.write(f"{sent} lien(s) envoyé(s) ; {len(items)} échéance(s) ouverte(s).")
