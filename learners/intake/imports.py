"""The group enrolment file (shared/formats/inscriptions.md): reading, checking, matching people.

Nothing here writes: `build_preview` turns an upload into the JSON preview a person confirms,
and `match_rows` finds who already exists, for the preview and again at confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learners.models import Enrolment, Gender, Learner, QualificationLevel, Situation
from lms.tabular import (
    Column,
    Problem,
    Row,
    Table,
    fold,
    is_formula_like,
    normalise_header,
    parse_bool,
    parse_date,
    parse_int,
    read_table,
)

COLUMNS = [
    Column("nom", required=True),
    Column("prenom", required=True),
    Column("date_naissance", required=True, aliases=("date de naissance", "naissance")),
    Column("genre", required=True, aliases=("sexe",)),
    Column("email", aliases=("courriel", "mail", "adresse email", "e-mail")),
    Column("telephone", aliases=("tel", "portable", "mobile")),
    Column("code_postal", aliases=("cp",)),
    Column("niveau_diplome", required=True, aliases=("niveau", "diplome")),
    Column("situation", required=True),
    Column("inscrit_france_travail"),
    Column("duree_inscription_mois"),
    Column("qpv"),
    Column("code_qpv"),
    Column("zrr"),
    Column("reconversion"),
    Column("rsa"),
    Column("rqth"),
    Column("consentement_donnees_sensibles"),
]

MIN_AGE, MAX_AGE = 15, 80

GENDERS = {
    "f": Gender.FEMALE,
    "femme": Gender.FEMALE,
    "h": Gender.MALE,
    "homme": Gender.MALE,
    "x": Gender.OTHER,
    "autre": Gender.OTHER,
}
LEVELS = {normalise_header(v): v for v in QualificationLevel.values} | {
    "sansdiplome": QualificationLevel.NONE.value,
    "aucun": QualificationLevel.NONE.value,
    **{f"niveau{v}": v for v in QualificationLevel.values if v.isdigit()},
}
SITUATIONS = {normalise_header(v): v for v in Situation.values}
BOOLEAN_FIELDS = {
    "inscrit_france_travail": "france_travail_registered",
    "qpv": "qpv",
    "zrr": "zrr",
    "reconversion": "career_change",
    "rsa": "rsa",
    "rqth": "rqth",
    "consentement_donnees_sensibles": "sensitive_consent",
}
_PHONE_CLEAN = re.compile(r"[\s.\-/()\u00a0]")
_QPV_CODE = re.compile(r"^[A-Z0-9]{4,12}$")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def normalise_phone(value: str) -> str:
    """A French number as `06 12 34 56 78`; raises ValueError otherwise."""
    compact = _PHONE_CLEAN.sub("", value)
    if compact.startswith("+33"):
        compact = "0" + compact[3:].removeprefix("0")
    elif compact.startswith("0033"):
        compact = "0" + compact[4:].removeprefix("0")
    elif re.fullmatch(r"[1-9]\d{8}", compact):
        # A spreadsheet stored the number as a number and dropped the leading zero.
        compact = "0" + compact
    if not re.fullmatch(r"0[1-9]\d{8}", compact):
        raise ValueError(
            _("« %(value)s » n'est pas un numéro français (par exemple 06 12 34 56 78).") % {"value": value}
        )
    return " ".join(compact[i : i + 2] for i in range(0, 10, 2))


def person_key(last_name: str, first_name: str, birth: date | str) -> str:
    """Same person when last name, first name and birth date match, without case or accents."""
    birth_text = birth.isoformat() if isinstance(birth, date) else birth
    return f"{fold(last_name)}|{fold(first_name)}|{birth_text}"


def _check_row(row: Row, cohort) -> tuple[dict, list[str], list[str]]:
    """Parse one row into model values. Returns (values, errors, warnings), messages in French."""
    errors: list[str] = []
    warnings: list[str] = []
    values: dict = {}

    for key, field, label in (("nom", "last_name", _("nom")), ("prenom", "first_name", _("prénom"))):
        text = " ".join(row[key].split())
        if not text:
            errors.append(_("le %(field)s est obligatoire.") % {"field": label})
        elif len(text) > 120:
            errors.append(_("le %(field)s dépasse 120 caractères.") % {"field": label})
        elif is_formula_like(text) and text[0] in "=@":
            # Stored as typed, never evaluated; said so that nobody is surprised.
            warnings.append(
                _("le %(field)s commence par « %(char)s » : il est gardé tel quel, comme du texte.")
                % {"field": label, "char": text[0]}
            )
        values[field] = text

    birth = None
    if not row["date_naissance"]:
        errors.append(_("la date de naissance est obligatoire."))
    else:
        try:
            birth = parse_date(row["date_naissance"])
        except ValueError as exc:
            errors.append(_("date de naissance : %(reason)s") % {"reason": exc})
    if birth is not None:
        age = age_on(birth, cohort.start_date)
        if not MIN_AGE <= age <= MAX_AGE:
            errors.append(
                _(
                    "la personne aurait %(age)s ans au début de la session : il faut avoir entre "
                    "%(min)s et %(max)s ans."
                )
                % {"age": age, "min": MIN_AGE, "max": MAX_AGE}
            )
        values["birth_date"] = birth.isoformat()

    gender = GENDERS.get(fold(row["genre"]))
    if not row["genre"]:
        errors.append(_("le genre est obligatoire (F, H ou X)."))
    elif gender is None:
        errors.append(_("genre « %(value)s » : écrivez F, H ou X.") % {"value": row["genre"]})
    else:
        values["gender"] = str(gender)

    email = row["email"].strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("l'adresse « %(value)s » n'est pas une adresse électronique valide.") % {"value": email}
            )
    values["email"] = email

    phone = ""
    if row["telephone"]:
        try:
            phone = normalise_phone(row["telephone"])
        except ValueError as exc:
            errors.append(_("téléphone : %(reason)s") % {"reason": exc})
    values["phone"] = phone

    postal = row["code_postal"].replace(" ", "")
    if re.fullmatch(r"\d{4}", postal):
        postal = "0" + postal  # 01000 typed in a spreadsheet number cell becomes 1000
    if postal and not re.fullmatch(r"\d{5}", postal):
        errors.append(_("code postal « %(value)s » : 5 chiffres.") % {"value": row["code_postal"]})
    values["postal_code"] = postal

    level = LEVELS.get(normalise_header(row["niveau_diplome"]))
    if not row["niveau_diplome"]:
        errors.append(_("le niveau de diplôme est obligatoire (sans, 3, 4, 5, 6, 7 ou 8)."))
    elif level is None:
        errors.append(
            _("niveau de diplôme « %(value)s » : écrivez sans, 3, 4, 5, 6, 7 ou 8.")
            % {"value": row["niveau_diplome"]}
        )
    else:
        values["qualification_level"] = level

    situation = SITUATIONS.get(normalise_header(row["situation"]))
    if not row["situation"]:
        errors.append(_("la situation est obligatoire."))
    elif situation is None:
        errors.append(
            _("situation « %(value)s » : écrivez %(choices)s.")
            % {"value": row["situation"], "choices": ", ".join(Situation.values)}
        )
    else:
        values["situation"] = situation

    for column, field in BOOLEAN_FIELDS.items():
        try:
            values[field] = parse_bool(row[column])
        except ValueError as exc:
            errors.append(_("%(column)s : %(reason)s") % {"column": column, "reason": exc})

    try:
        values["france_travail_months"] = parse_int(row["duree_inscription_mois"], minimum=0)
    except ValueError as exc:
        errors.append(_("duree_inscription_mois : %(reason)s") % {"reason": exc})

    qpv_code = row["code_qpv"].replace(" ", "").upper()
    if qpv_code and not _QPV_CODE.match(qpv_code):
        errors.append(
            _("code QPV « %(value)s » : lettres et chiffres, 12 au plus.") % {"value": row["code_qpv"]}
        )
    if qpv_code and values.get("qpv") is False:
        warnings.append(_("un code QPV est donné alors que la colonne qpv dit « non »."))
    values["qpv_code"] = qpv_code

    if values.get("rqth") is not None and values.get("sensitive_consent") is not True:
        errors.append(
            _(
                "la colonne rqth ne peut être remplie qu'avec le consentement aux données sensibles "
                "(consentement_donnees_sensibles = oui). Laissez rqth vide sinon."
            )
        )
    if values.get("sensitive_consent") is None:
        values["sensitive_consent"] = False
    return values, errors, warnings


def match_rows(rows: list[dict], cohort) -> dict[int, dict]:
    """Find, for each valid row, the existing learner it designates and whether they are already
    enrolled in the cohort. A handful of queries whatever the number of rows.

    Returns {line: {"learner_id": id or None, "enrolled": bool, "warning": str}}.
    """
    emails = {r["data"]["email"].lower() for r in rows if r["data"]["email"]}
    births = {r["data"]["birth_date"] for r in rows}
    by_email: dict[str, tuple[int, str]] = {}
    if emails:
        for pk, email, last, first, birth in (
            Learner.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("pk", "email", "last_name", "first_name", "birth_date")
        ):
            by_email[email.lower()] = (pk, person_key(last, first, birth))
    by_person: dict[str, int] = {}
    for pk, last, first, birth in (
        Learner.objects.filter(birth_date__in=births)
        .order_by("pk")
        .values_list("pk", "last_name", "first_name", "birth_date")
    ):
        by_person.setdefault(person_key(last, first, birth), pk)

    result: dict[int, dict] = {}
    found: set[int] = set()
    for r in rows:
        data = r["data"]
        key = person_key(data["last_name"], data["first_name"], data["birth_date"])
        learner_id, warning = None, ""
        if data["email"] and data["email"].lower() in by_email:
            learner_id, stored_key = by_email[data["email"].lower()]
            if stored_key != key:
                # Said without showing the stored name: a partner must not learn about others.
                warning = _(
                    "cette adresse électronique est déjà connue : la fiche existante est reprise, "
                    "mais son nom ou sa date de naissance diffère de ce fichier. Vérifiez la ligne."
                )
        elif key in by_person:
            learner_id = by_person[key]
        result[r["line"]] = {"learner_id": learner_id, "warning": warning}
        if learner_id:
            found.add(learner_id)
    enrolled = set(
        Enrolment.objects.filter(cohort=cohort, learner_id__in=found).values_list("learner_id", flat=True)
    )
    for info in result.values():
        info["enrolled"] = info["learner_id"] in enrolled
    return result


def build_preview(table: Table, cohort, *, progress: Callable[[int, int], None] | None = None) -> dict:
    """Check every row of a read table against the format and the database."""
    total = len(table.rows)
    candidates: list[dict] = []
    rejected: list[dict] = []
    seen_email: dict[str, int] = {}
    seen_person: dict[str, int] = {}
    for index, row in enumerate(table.rows, start=1):
        values, errors, warnings = _check_row(row, cohort)
        if not errors:
            key = person_key(values["last_name"], values["first_name"], values["birth_date"])
            email = values["email"].lower()
            twin = seen_person.get(key) or (seen_email.get(email) if email else None)
            if twin:
                errors.append(
                    _(
                        "même personne que la ligne %(line)s : "
                        "une personne ne figure qu'une fois dans le fichier."
                    )
                    % {"line": twin}
                )
            else:
                seen_person[key] = row.line
                if email:
                    seen_email[email] = row.line
        label = " ".join(p for p in (row["nom"], row["prenom"]) if p)
        if errors:
            rejected.append({"line": row.line, "name": label, "errors": errors})
        else:
            candidates.append({"line": row.line, "name": label, "data": values, "warnings": warnings})
        if progress and index % 200 == 0:
            progress(index, total)

    matches = match_rows(candidates, cohort)
    valid = []
    for candidate in candidates:
        match = matches[candidate["line"]]
        if match["enrolled"]:
            rejected.append(
                {
                    "line": candidate["line"],
                    "name": candidate["name"],
                    "errors": [
                        _("cette personne est déjà inscrite à la session %(code)s.") % {"code": cohort.code}
                    ],
                }
            )
            continue
        candidate["learner_id"] = match["learner_id"]
        if match["warning"]:
            candidate["warnings"].append(match["warning"])
        valid.append(candidate)
    rejected.sort(key=lambda r: r["line"])

    blocking = []
    from learners.models import Enrolment as E

    taken = cohort.enrolments.filter(status__in=E.HOLDS_SEAT).count()
    free = max(0, cohort.capacity - taken)
    if len(valid) > free:
        blocking.append(
            ngettext(
                "La session %(code)s n'a plus que %(free)s place libre : le fichier en demande %(count)s.",
                "La session %(code)s n'a plus que %(free)s places libres : le fichier en demande %(count)s.",
                free,
            )
            % {"code": cohort.code, "free": free, "count": len(valid)}
        )
    if progress:
        progress(total, total)
    return {
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "warnings": list(table.warnings),
        "blocking": blocking,
        "valid": valid,
        "rejected": rejected,
        "new_learners": sum(1 for v in valid if not v["learner_id"]),
    }


def read_enrolment_file(source, *, filename: str = "") -> Table:
    """Read an upload with the columns of inscriptions.md (raises TabularError to refuse it)."""
    return read_table(source, columns=COLUMNS, filename=filename)


def preview_messages(preview: dict) -> list[str]:
    """The preview as plain lines (command line), each problem with its line number."""
    lines = [str(Problem(None, w)) for w in preview.get("warnings", [])]
    lines += preview.get("blocking", [])
    for row in preview.get("rejected", []):
        for error in row["errors"]:
            lines.append(str(Problem(row["line"], error)))
    for row in preview.get("valid", []):
        for warning in row.get("warnings", []):
            lines.append(str(Problem(row["line"], warning)))
    return lines
