from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lms.services import issue_login_code


class Command(BaseCommand):
    help = "Crée un code de connexion à usage unique pour un compte (stagiaire sans courriel)."

    def add_arguments(self, parser):
        parser.add_argument("identifiant")

    def handle(self, *args, identifiant, **options):
        user = get_user_model().objects.filter(username=identifiant).first()
        if user is None:
            raise CommandError(f"Aucun compte « {identifiant} ».")
        code = issue_login_code(user=user)
        self.stdout.write(f"Code de connexion pour {identifiant} : {code}")
