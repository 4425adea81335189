from django.core.management.base import BaseCommand

from lms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : relancer ne change rien)."

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for username, first, last, role, _email in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {first} {last} ({role})")
