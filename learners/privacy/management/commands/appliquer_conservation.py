"""python manage.py appliquer_conservation [--appliquer] [--date AAAA-MM-JJ]

Dry-run by default: lists what the retention policy would do. Run daily by a systemd timer
(deploy/systemd/tremplin-conservation.timer) with --appliquer.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learners.privacy import retention


class Command(BaseCommand):
    help = (
        "Applique la politique de conservation des données (phase active, archive intermédiaire, "
        "anonymisation). Sans --appliquer, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--appliquer", action="store_true", help="effectue les opérations")
        parser.add_argument("--date", help="date de référence AAAA-MM-JJ (par défaut : aujourd'hui)")

    def handle(self, *args, appliquer, date=None, **options):
        today = self._date(date)
        steps = retention.plan(today=today)
        imports = retention.stale_imports(today=today)
        reports = retention.expired_report_files()
        for step in steps:
            verb = "" if appliquer else "à "
            self.stdout.write(
                f"{step.who} : {verb}{retention.LABELS[step.action]}, échéance du {step.due:%d/%m/%Y}"
            )
        counts = {a: sum(1 for s in steps if s.action == a) for a in retention.LABELS}
        n_imports, n_reports = imports.count(), reports.count()
        summary = (
            f"{counts[retention.ARCHIVE]} dossier(s) à archiver, {counts[retention.ANONYMISE]} à anonymiser, "
            f"{counts[retention.DELETE]} à supprimer ; {n_imports} import(s) de groupe dont les lignes "
            f"sont à effacer ; {n_reports} fichier(s) de rapport expiré(s)."
        )
        if not appliquer:
            self.stdout.write(summary)
            self.stdout.write("Simulation : rien n'a été modifié. Relancez avec --appliquer pour agir.")
            return
        done = retention.apply(steps)
        purged = retention.purge_imports(imports)
        files = retention.purge_report_files(reports)
        self.stdout.write(
            self.style.SUCCESS(
                f"Fait : {done[retention.ARCHIVE]} dossier(s) archivé(s), {done[retention.ANONYMISE]} "
                f"anonymisé(s), {done[retention.DELETE]} supprimé(s) ; {purged} import(s) purgé(s) ; "
                f"{files} fichier(s) de rapport effacé(s)."
            )
        )
        if done["failed"]:
            # Non-zero exit: the systemd timer marks the run failed and the admin hears of it.
            raise CommandError(
                f"{len(done['failed'])} dossier(s) en échec, à reprendre : {', '.join(done['failed'])}"
                " (détail dans le journal)."
            )

    def _date(self, raw) -> date:
        if not raw:
            return timezone.localdate()
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise CommandError(f"Date invalide : {raw} (attendu AAAA-MM-JJ)") from None
