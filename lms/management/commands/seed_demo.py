import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : relancer ne change rien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "large"],
            default="demo",
            help="large : 20 000 stagiaires, 1 000 sessions, 500 000 émargements "
            "(PostgreSQL, pour les bancs d'essai).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="charge aussi hors DEBUG (serveur de démonstration) : jamais sur une base réelle.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            # Demo accounts share one known password: never on a production database by mistake.
            raise CommandError(
                "DEBUG est désactivé : ceci ressemble à une installation réelle. Les comptes de "
                "démonstration ont un mot de passe connu. Ajoutez --force pour charger quand même."
            )
        if options["scale"] == "large":
            from lms.demo_large import counts, seed_large

            started = time.monotonic()
            try:
                written = seed_large(stdout=self.stdout)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            state = "écrit" if written else "déjà présent"
            self.stdout.write(f"Jeu « large » {state} ({time.monotonic() - started:.0f} s) :")
            for label, number in counts().items():
                self.stdout.write(f"  {label:<22} {number:>9,}".replace(",", " "))
        else:
            seed_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for username, first, last, role, _email in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {first} {last} ({role})")
