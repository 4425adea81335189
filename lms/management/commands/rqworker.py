from django_rq.management.commands.rqworker import Command as RQWorkerCommand

from lms.jobs import dispatch_pending


class Command(RQWorkerCommand):
    """django-rq's worker, which first hands out jobs left pending while Redis was away."""

    def handle(self, *args, **options):
        sent = dispatch_pending()
        if sent:
            self.stdout.write(f"{sent} tâche(s) en attente remise(s) en file.")
        return super().handle(*args, **options)
