"""Group enrolment from the command line: the same preview and messages as the screen.

    python manage.py importer_inscriptions FICHIER --session CODE [--partenaire NOM] [--valider]

Without --valider nothing is written (not even the import record); with it, every valid row is
enrolled in one transaction, or none.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.models import Cohort
from learners.models import Partner
from lms.tabular import TabularError

from ...imports import build_preview, preview_messages, read_enrolment_file
from ...models import GroupImport
from ...services import confirm_import, upload_import


class Command(BaseCommand):
    help = _("Inscrit un groupe à une session à partir d'un fichier CSV ou XLSX (inscriptions.md).")

    def add_arguments(self, parser):
        parser.add_argument("fichier", help=_("Fichier CSV ou XLSX"))
        parser.add_argument("--session", required=True, help=_("Code de la session (ex. AN-2027-03)"))
        parser.add_argument("--partenaire", default="", help=_("Nom du prescripteur"))
        parser.add_argument(
            "--valider", action="store_true", help=_("Inscrire vraiment (sinon : aperçu seul)")
        )

    def handle(self, *args, fichier, session, partenaire, valider, **options):
        path = Path(fichier)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": fichier})
        cohort = Cohort.objects.select_related("course").filter(code=session).first()
        if cohort is None:
            raise CommandError(_("Session inconnue : %(code)s") % {"code": session})
        partner = None
        if partenaire:
            partner = Partner.objects.filter(name__iexact=partenaire).first()
            if partner is None:
                names = ", ".join(Partner.objects.order_by("name").values_list("name", flat=True))
                raise CommandError(
                    _("Partenaire inconnu : %(name)s. Partenaires : %(names)s")
                    % {"name": partenaire, "names": names}
                )
        data = path.read_bytes()
        if not valider:
            try:
                table = read_enrolment_file(data, filename=path.name)
            except TabularError as exc:
                raise CommandError(exc.message) from None
            preview = build_preview(table, cohort)
            self._print_preview(preview, cohort, len(table.rows))
            self.stdout.write(
                _("Aperçu seulement : rien n'a été enregistré. Ajoutez --valider pour inscrire.")
            )
            return

        try:
            group_import = upload_import(
                user=None, cohort=cohort, partner=partner, upload=data, filename=path.name, background=False
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if group_import.status == GroupImport.Status.REFUSED:
            raise CommandError(group_import.message)
        self._print_preview(group_import.preview, cohort, group_import.rows_total)
        try:
            group_import = confirm_import(group_import=group_import, user=None, background=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages) + " " + _("Personne n'a été inscrit.")) from None
        if group_import.status != GroupImport.Status.DONE:
            raise CommandError(group_import.message)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(n)s personnes inscrites à la session %(code)s "
                    "(%(new)s nouvelles fiches, %(acc)s comptes créés)."
                )
                % {
                    "n": group_import.enrolled,
                    "code": cohort.code,
                    "new": group_import.learners_created,
                    "acc": group_import.accounts_created,
                }
            )
        )
        self.stdout.write(_("Import enregistré : %(id)s") % {"id": group_import.pk})

    def _print_preview(self, preview, cohort, total):
        self.stdout.write(
            _("Session %(code)s – %(title)s : %(total)s lignes, %(valid)s à inscrire, %(rejected)s refusées.")
            % {
                "code": cohort.code,
                "title": cohort.course.title,
                "total": total,
                "valid": len(preview.get("valid", [])),
                "rejected": len(preview.get("rejected", [])),
            }
        )
        for line in preview_messages(preview):
            self.stdout.write(line)
