"""The outcomes file (shared/formats/sorties.md): read with lms.tabular, previewed, then applied.

Nothing is written by `preview_import`; `apply_import` writes every valid row in one transaction.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from courses.models import Cohort
from learners.models import Enrolment, Learner
from lms.tabular import Column, Problem, fold, parse_bool, parse_date, read_table

from .categories import CHECKPOINT_MONTHS, SITUATIONS, SOURCE_CHOICES
from .models import Outcome, OutcomeChange
from .services import observation_errors, record_outcome

COLUMNS = [
    Column("email", aliases=("courriel", "mail")),
    Column("nom"),
    Column("prenom"),
    Column("date_naissance"),
    Column("session", required=True),
    Column("echeance", required=True),
    Column("date_constat", required=True),
    Column("situation", required=True),
    Column("metier_numerique"),
    Column("source"),
]
SOURCES = {code for code, _label in SOURCE_CHOICES}


@dataclass
class ImportRow:
    line: int
    enrolment: Enrolment
    checkpoint: str
    situation: str
    observed_on: date
    digital_trade: bool | None
    source: str
    replaces: Outcome | None = None


@dataclass
class ImportPreview:
    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def replacing(self) -> int:
        return sum(1 for r in self.rows if r.replaces is not None)


def preview_import(source, *, filename: str = "", today=None) -> ImportPreview:
    """Read and check the whole file. Raises lms.tabular.TabularError when the file is refused."""
    table = read_table(source, columns=COLUMNS, filename=filename)
    preview = ImportPreview(filename=table.filename, warnings=list(table.warnings))
    if table.unknown_columns:
        preview.warnings.append(
            _("Colonnes ignorées : %(names)s.") % {"names": ", ".join(table.unknown_columns)}
        )
    rows = table.rows

    # Everything the rows refer to, in a fixed number of queries.
    codes = {r["session"].strip() for r in rows if r["session"].strip()}
    cohorts = {c.code: c for c in Cohort.objects.filter(code__in=codes)}
    emails = {r["email"].strip().lower() for r in rows if r["email"].strip()}
    by_email = dict(Learner.objects.annotate(e=Lower("email")).filter(e__in=emails).values_list("e", "pk"))
    births = set()
    for r in rows:
        try:
            if (b := parse_date(r["date_naissance"])) is not None:
                births.add(b)
        except ValueError:
            pass
    by_name: dict[tuple, list[int]] = {}
    for pk, last, first, birth in Learner.objects.filter(birth_date__in=births).values_list(
        "pk", "last_name", "first_name", "birth_date"
    ):
        by_name.setdefault((fold(last), fold(first), birth), []).append(pk)
    learner_ids = set(by_email.values()) | {pk for pks in by_name.values() for pk in pks}
    enrolments = {
        (e.learner_id, e.cohort_id): e
        for e in Enrolment.objects.filter(
            learner_id__in=learner_ids, cohort__in=cohorts.values()
        ).select_related("learner", "cohort")
    }
    existing = {
        (o.enrolment_id, o.checkpoint): o
        for o in Outcome.objects.filter(enrolment__in=list(enrolments.values()))
    }

    seen: dict[tuple, int] = {}
    for r in rows:
        errors = []
        code = r["session"].strip()
        cohort = cohorts.get(code)
        if cohort is None:
            errors.append(_("session « %(code)s » inconnue") % {"code": code})
        checkpoint = r["echeance"].strip().lower()
        if checkpoint not in CHECKPOINT_MONTHS:
            errors.append(
                _("échéance « %(value)s » inconnue (sortie, 3_mois, 6_mois ou 12_mois)")
                % {"value": r["echeance"]}
            )
        situation = r["situation"].strip().lower()
        if situation not in SITUATIONS:
            errors.append(_("situation « %(value)s » inconnue") % {"value": r["situation"]})
        source = r["source"].strip().lower() or "autre"
        if source not in SOURCES:
            errors.append(
                _("source « %(value)s » inconnue (stagiaire, prescripteur, entreprise ou autre)")
                % {"value": r["source"]}
            )
        observed_on = digital = None
        try:
            observed_on = parse_date(r["date_constat"])
            if observed_on is None:
                errors.append(_("date_constat manquante"))
        except ValueError as exc:
            errors.append(_("date_constat : %(error)s") % {"error": exc})
        try:
            digital = parse_bool(r["metier_numerique"])
        except ValueError as exc:
            errors.append(_("metier_numerique : %(error)s") % {"error": exc})

        learner_id = None
        email = r["email"].strip().lower()
        if email:
            learner_id = by_email.get(email)
            if learner_id is None:
                errors.append(_("aucun stagiaire avec le courriel %(email)s") % {"email": r["email"].strip()})
        elif r["nom"].strip() and r["prenom"].strip() and r["date_naissance"].strip():
            try:
                birth = parse_date(r["date_naissance"])
                matches = by_name.get((fold(r["nom"]), fold(r["prenom"]), birth), [])
                if len(matches) == 1:
                    learner_id = matches[0]
                elif not matches:
                    errors.append(
                        _("aucun stagiaire %(first)s %(last)s né(e) le %(birth)s")
                        % {
                            "first": r["prenom"].strip(),
                            "last": r["nom"].strip(),
                            "birth": r["date_naissance"].strip(),
                        }
                    )
                else:
                    errors.append(
                        _(
                            "plusieurs stagiaires portent ce nom et cette date de naissance : "
                            "indiquez le courriel"
                        )
                    )
            except ValueError as exc:
                errors.append(_("date_naissance : %(error)s") % {"error": exc})
        else:
            errors.append(_("indiquez le courriel, ou le nom, le prénom et la date de naissance"))

        enrolment = None
        if learner_id is not None and cohort is not None:
            enrolment = enrolments.get((learner_id, cohort.pk))
            if enrolment is None:
                errors.append(_("ce stagiaire n'est pas inscrit à la session %(code)s") % {"code": code})
        if enrolment is not None and checkpoint in CHECKPOINT_MONTHS:
            errors += observation_errors(
                enrolment=enrolment, checkpoint=checkpoint, observed_on=observed_on, today=today
            )
            key = (enrolment.pk, checkpoint)
            if key in seen:
                errors.append(
                    _("même stagiaire, session et échéance qu'à la ligne %(line)s") % {"line": seen[key]}
                )
            else:
                seen[key] = r.line
        if errors:
            preview.problems.append(Problem(r.line, " ; ".join(str(e) for e in errors)))
            continue
        preview.rows.append(
            ImportRow(
                line=r.line,
                enrolment=enrolment,
                checkpoint=checkpoint,
                situation=situation,
                observed_on=observed_on,
                digital_trade=digital,
                source=source,
                replaces=existing.get((enrolment.pk, checkpoint)),
            )
        )
    return preview


@transaction.atomic
def apply_import(preview: ImportPreview, *, by=None) -> int:
    """Write every valid row, or none (one transaction). Replacements keep the history."""
    for row in preview.rows:
        record_outcome(
            enrolment=row.enrolment,
            checkpoint=row.checkpoint,
            situation=row.situation,
            observed_on=row.observed_on,
            source=row.source,
            digital_trade=row.digital_trade,
            by=by,
            origin=OutcomeChange.Origin.IMPORT,
            note=_("Fichier %(name)s, ligne %(line)s") % {"name": preview.filename, "line": row.line},
        )
    return len(preview.rows)
