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


def _format_sheet(ws, frame: pd.DataFrame, decimals_cols=()):
    from openpyxl.styles import Alignment, Font, PatternFill

    header_fill = PatternFill("solid", fgColor="1F4E79")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    for idx, col in enumerate(frame.columns, start=1):
        width = max([len(str(col))] + [len(cell_text(v)) for v in frame[col].head(200)]) + 2
        letter = ws.cell(row=1, column=idx).column_letter
        ws.column_dimensions[letter].width = min(max(width, 8), 50)
        if col in decimals_cols:
            for cell in ws[letter][1:]:
                cell.number_format = "0.0"
    # The TOTAL row stands out.
    if frame.shape[0] and str(frame.iloc[-1, 0]) == "TOTAL":
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)


def to_xlsx(report: Report, progress=None) -> bytes:
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
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for i, (name, frame, decimals) in enumerate(sheets, start=1):
            ready = _xlsx_ready(frame).replace({np.nan: None})
            ready.to_excel(writer, sheet_name=name[:31], index=False)
            _format_sheet(writer.sheets[name[:31]], frame, decimals)
            if progress:
                progress(i, len(sheets))
    return buffer.getvalue()
