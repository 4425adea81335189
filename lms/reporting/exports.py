"""Report files: CSV (`;`, UTF-8 BOM, what French Excel opens) and XLSX (one sheet per table)."""

import csv
import io

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from .compute import Report, cell_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(report.table.columns))
    for row in report.table.itertuples(index=False):
        writer.writerow([neutralise(cell_text(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers stay numbers; text is neutralised (openpyxl would store "=…" as a formula)."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return frame


def _write_sheet(wb, name: str, frame: pd.DataFrame, decimal_cols=()) -> None:
    """One formatted sheet, written row by row (openpyxl's write-only mode: fast on 5,000 rows)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=name[:31])
    ws.freeze_panes = "B2"
    sample = frame.head(200)
    for idx, col in enumerate(frame.columns, start=1):
        width = max([len(str(col))] + [len(cell_text(v)) for v in sample[col]]) + 2
        ws.column_dimensions[get_column_letter(idx)].width = min(max(width, 8), 50)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    header = []
    for col in frame.columns:
        cell = WriteOnlyCell(ws, value=str(col))
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    ready = _xlsx_ready(frame)
    decimal_positions = [i for i, col in enumerate(frame.columns) if col in decimal_cols]
    bold = Font(bold=True)
    last = len(ready) - 1
    for n, row in enumerate(ready.itertuples(index=False)):
        values = [None if (isinstance(v, float) and v != v) or v is pd.NA else v for v in row]
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        total_row = n == last and values and values[0] == "TOTAL"
        # Values are already rounded to one decimal: no per-cell number format, which would
        # triple openpyxl's time on a 5,000-cohort sheet. Only the TOTAL row is styled.
        if total_row:
            for i, v in enumerate(values):
                cell = WriteOnlyCell(ws, value=v)
                cell.font = bold
                if i in decimal_positions:
                    cell.number_format = "0.0"
                values[i] = cell
        ws.append(values)


def to_xlsx(report: Report, progress=None) -> bytes:
    from openpyxl import Workbook

    iset = report.indicator_set
    decimal_cols = {c.name for c in iset.columns if c.kind in ("share", "hours", "ratio")}
    definitions = pd.DataFrame([{"colonne": c.name, "definition": str(c.definition)} for c in iset.columns])
    params = pd.DataFrame(
        [
            {"parametre": k, "valeur": ", ".join(map(str, v)) if isinstance(v, list) else str(v)}
            for k, v in report.params.items()
        ]
        + [{"parametre": "diffusion", "valeur": _("oui") if report.diffusion else _("non")}]
    )
    sheets = [
        (_("Rapport"), report.table, decimal_cols),
        (_("Profil"), report.profile, {"valeur_pct", "cible_pct"}),
        (_("Sorties"), report.outcomes, {c for c in report.outcomes.columns if c.endswith("_pct")}),
        (_("Définitions"), definitions, set()),
        (_("Paramètres"), params, set()),
    ]
    wb = Workbook(write_only=True)
    for i, (name, frame, decimals) in enumerate(sheets, start=1):
        _write_sheet(wb, name, frame, decimals)
        if progress:
            progress(i, len(sheets))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
