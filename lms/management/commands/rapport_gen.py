"""The GEN report from the command line (shared/formats/rapport-gen.md):

rapport_gen [--annee AAAA | --session CODE ...] --format csv|xlsx --sortie FICHIER [--diffusion]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.models import Cohort
from lms.reporting.data import ReportFilters
from lms.reporting.services import build_report, record_cli_run, render


class Command(BaseCommand):
    help = "Produit le rapport GEN (une ligne par session et une ligne TOTAL)."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--annee", type=int, help="sessions qui se terminent cette année-là")
        scope.add_argument("--session", nargs="+", metavar="CODE", help="codes des sessions")
        parser.add_argument("--format", choices=["csv", "xlsx"], required=True)
        parser.add_argument("--sortie", required=True, metavar="FICHIER")
        parser.add_argument("--diffusion", action="store_true", help="effectifs de moins de 5 masqués (<5)")

    def handle(self, *args, annee=None, session=None, format, sortie, diffusion, **options):
        if annee is not None and not (1900 <= annee <= 2999):
            raise CommandError(f"Année invalide : {annee}")
        codes = session or []
        if codes:
            known = set(Cohort.objects.filter(code__in=codes).values_list("code", flat=True))
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise CommandError("Session inconnue : " + ", ".join(unknown))
        target = Path(sortie)
        if not target.parent.exists():
            raise CommandError(f"Dossier introuvable : {target.parent}")
        filters = ReportFilters(year=annee, cohort_codes=codes)
        report = build_report(filters, diffusion=diffusion)
        content = render(report, format)
        target.write_bytes(content)
        run = record_cli_run(
            filters=filters,
            file_format=format,
            diffusion=diffusion,
            content=content,
            path=str(target),
            rows=len(report.table),
        )
        self.stdout.write(
            f"{len(report.table) - 1} session(s) + TOTAL écrites dans {target} (SHA-256 {run.sha256[:12]}…)"
        )
