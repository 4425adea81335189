"""Reading tabular files that people upload (CSV or XLSX), with the rules shared by the group
enrolment import (inscriptions.md) and the outcomes import (sorties.md).

    table = read_table(upload, columns=[Column("nom", required=True), Column("email")])
    for row in table.rows:
        row.line, row["nom"], parse_date(row["date_naissance"])

- CSV in UTF-8 (with or without BOM) or Windows-1252, detected; `;`, `,` or tab as delimiter,
  detected from the header line. XLSX: the first sheet.
- Headers match without regard to case, accents, spaces, dashes or underscores; unknown columns
  are listed in `table.warnings`; a missing required column refuses the file.
- Empty lines are skipped; line numbers are those the user sees in the file (header = line 1).
- At most `TABULAR_MAX_ROWS` rows and `TABULAR_MAX_BYTES` bytes: more refuses the file.
- Every cell is text. Nothing is ever evaluated: an XLSX formula is read as its text
  (`=HYPERLINK(...)`), a CSV cell starting with `=`, `+`, `-` or `@` stays as typed.

File-level refusals raise `TabularError` with a French message; the caller reports row problems
with `Problem(line, message)`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_MAX_ROWS = 5000
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

FORMULA_PREFIXES = ("=", "+", "-", "@")

YES_VALUES = frozenset({"oui", "o", "1", "vrai", "x", "yes", "y", "true"})
NO_VALUES = frozenset({"non", "n", "0", "faux", "no", "false"})

_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


class TabularError(Exception):
    """The whole file is refused; `message` says why, in French, for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """A problem on one line of the file (line None: the file as a whole)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class Column:
    """A column the caller knows. `aliases` are other header spellings that mean the same."""

    key: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Row:
    line: int
    cells: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.cells.get(key, "")

    def get(self, key: str, default: str = "") -> str:
        return self.cells.get(key, default)


@dataclass
class Table:
    filename: str
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    columns: list[str] = field(default_factory=list)  # known columns present, in file order
    unknown_columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Normalisation ------------------------------------------------------------------------------


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Compare people's names: no case, no accents, single spaces (`Lefèvre` == `LEFEVRE`)."""
    return " ".join(strip_accents(text or "").casefold().split())


def normalise_header(text: str) -> str:
    """`Prénom`, `PRENOM`, `pré-nom` and `pre_nom` all give `prenom`."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(text or "").lower())


def is_formula_like(value: str) -> bool:
    return bool(value) and value[0] in FORMULA_PREFIXES


# Cell parsers (raise ValueError with a French message) ----------------------------------------


def parse_date(value: str) -> date | None:
    """`JJ/MM/AAAA` or `AAAA-MM-JJ`; empty gives None."""
    value = (value or "").strip()
    if not value:
        return None
    match = _DATE_FR.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(value)
        if not match:
            raise ValueError(
                _("« %(value)s » n'est pas une date : écrivez JJ/MM/AAAA (par exemple 14/02/2004).")
                % {"value": value}
            )
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("La date « %(value)s » n'existe pas.") % {"value": value}) from None


def parse_bool(value: str) -> bool | None:
    """Yes/no cells: oui/non, o/n, 1/0, vrai/faux, x/empty. Empty means unknown (None)."""
    folded = fold(value)
    if not folded:
        return None
    if folded in YES_VALUES:
        return True
    if folded in NO_VALUES:
        return False
    raise ValueError(_("« %(value)s » : écrivez oui ou non (ou laissez vide).") % {"value": value})


def parse_int(value: str, *, minimum: int | None = None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    compact = value.replace(" ", "").replace("\u00a0", "")
    # "7.0" comes from spreadsheets that store whole numbers as decimals.
    if re.fullmatch(r"-?\d+(?:[.,]0+)?", compact):
        number = int(re.split(r"[.,]", compact)[0])
        if minimum is None or number >= minimum:
            return number
    if minimum == 0:
        raise ValueError(_("« %(value)s » : un nombre entier, 0 ou plus.") % {"value": value})
    raise ValueError(_("« %(value)s » n'est pas un nombre entier.") % {"value": value})


# Reading ------------------------------------------------------------------------------------


def _limits(max_rows, max_bytes) -> tuple[int, int]:
    rows = max_rows or getattr(settings, "TABULAR_MAX_ROWS", DEFAULT_MAX_ROWS)
    size = max_bytes or getattr(settings, "TABULAR_MAX_BYTES", DEFAULT_MAX_BYTES)
    return rows, size


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def _read_bytes(source, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        size = getattr(source, "size", None)
        if size is not None and size > max_bytes:
            raise TabularError(
                _(
                    "Le fichier pèse %(size)s Mo : la limite est de %(max)s Mo. "
                    "Découpez-le en plusieurs fichiers."
                )
                % {"size": _megabytes(size), "max": _megabytes(max_bytes)}
            )
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TabularError(
            _(
                "Le fichier pèse plus de %(max)s Mo : la limite est de %(max)s Mo. "
                "Découpez-le en plusieurs fichiers."
            )
            % {"max": _megabytes(max_bytes)}
        )
    if not data.strip():
        raise TabularError(_("Le fichier est vide."))
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). UTF-8 first (strict), then Windows-1252 (French Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export.
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    # Neither: ask charset-normalizer, and accept only a confident guess.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise TabularError(
        _("Encodage du fichier non reconnu. Enregistrez-le en « CSV UTF-8 » ou en XLSX, puis réessayez.")
    )


def _detect_delimiter(header_line: str) -> str:
    counts = {d: _count_outside_quotes(header_line, d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0, 0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").strip()


def _csv_records(text: str) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _detect_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)

    def records():
        line = 1
        for record in reader:
            yield line, [_clean(cell) for cell in record]
            line = reader.line_num + 1

    return delimiter, records()


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula is read as its text, never as a computed value. openpyxl
        # warns about files made by other tools (no stylesheet…): we read them all the same.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise TabularError(
            _("Ce fichier Excel est illisible. Enregistrez-le à nouveau en .xlsx ou en CSV, puis réessayez.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_clean(v) for v in values]
    finally:
        workbook.close()


def _detect_format(data: bytes, filename: str) -> str:
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".ods"):
            raise TabularError(_("Les fichiers .ods ne sont pas acceptés : enregistrez en .xlsx ou en CSV."))
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise TabularError(
            _("Les fichiers .xls (Excel 97-2003) ne sont pas acceptés : enregistrez en .xlsx ou en CSV.")
        )
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TabularError(_("Ce fichier n'est ni un CSV ni un fichier Excel .xlsx."))
    return "csv"


def read_table(
    source,
    *,
    columns: Iterable[Column],
    filename: str = "",
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> Table:
    """Read a CSV or XLSX upload (bytes or a file object). Raises TabularError to refuse it."""
    max_rows, max_bytes = _limits(max_rows, max_bytes)
    filename = filename or getattr(source, "name", "") or ""
    data = _read_bytes(source, max_bytes)
    fmt = _detect_format(data, filename)
    table = Table(filename=filename, format=fmt)
    if fmt == "xlsx":
        try:
            records = _xlsx_records(data)
            return _build(table, records, columns, max_rows)
        except TabularError:
            raise
        except Exception:
            # A damaged workbook makes openpyxl fail in many ways (IndexError on a missing
            # shared string or sheet, TypeError, KeyError…): all mean the same to the person.
            raise TabularError(
                _(
                    "Ce fichier Excel est illisible. "
                    "Enregistrez-le à nouveau en .xlsx ou en CSV, puis réessayez."
                )
            ) from None
    text, table.encoding = decode_text(data)
    table.delimiter, records = _csv_records(text)
    try:
        return _build(table, records, columns, max_rows)
    except csv.Error:
        raise TabularError(_("Ce fichier CSV est mal formé (guillemets non refermés ?).")) from None


def _build(table: Table, records, columns: Iterable[Column], max_rows: int) -> Table:
    columns = list(columns)
    lookup: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.key, *column.aliases):
            lookup[normalise_header(spelling)] = column

    header = None
    for line, values in records:
        if not any(values):
            continue
        header = (line, values)
        break
    if header is None:
        raise TabularError(_("Le fichier est vide."))

    positions: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, title in enumerate(header[1]):
        if not title:
            continue
        column = lookup.get(normalise_header(title))
        if column is None:
            table.unknown_columns.append(title)
            continue
        if column.key in seen:
            raise TabularError(
                _(
                    "Les colonnes « %(first)s » et « %(second)s » désignent la même information : "
                    "gardez-en une."
                )
                % {"first": seen[column.key], "second": title}
            )
        seen[column.key] = title
        positions[index] = column.key
    table.columns = list(positions.values())

    missing = [c.key for c in columns if c.required and c.key not in seen]
    if missing:
        message = ngettext(
            "Colonne obligatoire absente : %(names)s.",
            "Colonnes obligatoires absentes : %(names)s.",
            len(missing),
        ) % {"names": ", ".join(missing)}
        if table.format == "csv" and len(header[1]) == 1:
            message += " " + _("Séparez les colonnes par des points-virgules (;) ou des virgules (,).")
        raise TabularError(message)
    if table.unknown_columns:
        table.warnings.append(
            ngettext(
                "Colonne inconnue, ignorée : %(names)s.",
                "Colonnes inconnues, ignorées : %(names)s.",
                len(table.unknown_columns),
            )
            % {"names": ", ".join(f"« {name} »" for name in table.unknown_columns)}
        )

    for line, values in records:
        if not any(values):
            continue
        if len(table.rows) >= max_rows:
            raise TabularError(
                _(
                    "Le fichier compte plus de %(max)s lignes : la limite est de %(max)s. "
                    "Découpez-le en plusieurs fichiers."
                )
                % {"max": f"{max_rows:,}".replace(",", "\u202f")}
            )
        cells = {key: values[i] if i < len(values) else "" for i, key in positions.items()}
        table.rows.append(Row(line=line, cells=cells))
    return table
