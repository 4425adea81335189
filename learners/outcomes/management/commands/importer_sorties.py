"""python manage.py importer_sorties FICHIER [--valider]: preview by default, write with --valider."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learners.outcomes.imports import apply_import, preview_import
from lms.tabular import TabularError


class Command(BaseCommand):
    help = "Importe un fichier de sorties (sorties.md). Sans --valider, affiche seulement l'aperçu."

    def add_arguments(self, parser):
        parser.add_argument("fichier")
        parser.add_argument("--valider", action="store_true", help="enregistre les lignes valides")

    def handle(self, *args, fichier, valider, **options):
        path = Path(fichier)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            with path.open("rb") as handle:
                preview = preview_import(handle, filename=path.name)
        except TabularError as exc:
            raise CommandError(exc.message) from None
        for warning in preview.warnings:
            self.stdout.write(f"Attention : {warning}")
        for problem in preview.problems:
            self.stdout.write(f"Rejetée — {problem}")
        self.stdout.write(
            f"{len(preview.rows)} ligne(s) valide(s) dont {preview.replacing} remplacement(s), "
            f"{len(preview.problems)} rejetée(s)."
        )
        if not valider:
            self.stdout.write(
                "Aperçu seulement : relancez avec --valider pour enregistrer les lignes valides."
            )
            return
        count = apply_import(preview)
        self.stdout.write(self.style.SUCCESS(f"{count} constat(s) enregistré(s)."))
