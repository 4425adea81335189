from django.core.management.base import BaseCommand

from lms.jobs import dispatch_pending


class Command(BaseCommand):
    help = "Remet en file les tâches de fond restées en attente (Redis indisponible, worker arrêté)."

    def handle(self, *args, **options):
        sent = dispatch_pending()
        self.stdout.write(f"{sent} tâche(s) remise(s) en file.")
