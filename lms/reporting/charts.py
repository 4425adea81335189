"""Charts drawn on the server as inline SVG: no JavaScript, crisp at any zoom, printable.

Each function returns the SVG only; the template puts the same figures in a table beside it
for screen readers (the SVG itself is aria-hidden).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .compute import CHART_CATEGORIES

# Colour-blind-safe palette (Okabe–Ito), one colour per derived category.
CATEGORY_COLOURS = {
    "emploi_durable": "#009E73",
    "emploi_transition": "#56B4E9",
    "sortie_positive": "#0072B2",
    "autre": "#E69F00",
    "inconnu": "#8C8C8C",
    "a_venir": "#E8E8E8",
}
BAR = "#1F4E79"
TARGET = "#D55E00"


def _text(x, y, content, *, size=12, anchor="start", fill="#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(content)}</text>"
    )


def _svg(parts: list[str]) -> str:
    # Every text in `parts` went through escape(); numbers and colours are ours.
    return mark_safe("".join(parts))  # noqa: S308


def _num(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value  # NaN


def profile_chart(rows: list[dict]) -> str:
    """Horizontal bars (0–100 %) with the label's target drawn as a dashed line where there is one.

    rows: {"label", "value", "target"}."""
    label_w, bar_w, row_h, top = 230, 360, 30, 28
    width, height = label_w + bar_w + 70, top + row_h * len(rows) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'class="tr-chart" aria-hidden="true" focusable="false">'
    ]
    for pct in (0, 25, 50, 75, 100):
        x = label_w + bar_w * pct / 100
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 8}" stroke="#ddd"/>')
        out.append(_text(x, top - 10, f"{pct} %", size=11, anchor="middle", fill="#555"))
    for i, row in enumerate(rows):
        y = top + i * row_h
        value, target = _num(row["value"]), _num(row.get("target"))
        out.append(
            f'<text x="{label_w - 8}" y="{y + 18}" font-size="13" text-anchor="end" fill="#222">'
            f"{escape(row['label'])}</text>"
        )
        if value is not None:
            w = bar_w * min(value, 100) / 100
            out.append(
                f'<rect x="{label_w}" y="{y + 5}" width="{w:.1f}" height="{row_h - 10}" fill="{BAR}"/>'
            )
            out.append(_text(label_w + w + 6, y + 19, f"{value:.1f} %".replace(".", ",")))
        else:
            out.append(_text(label_w + 6, y + 19, _("non calculable"), fill="#555"))
        if target is not None:
            x = label_w + bar_w * target / 100
            out.append(
                f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + row_h - 1}" stroke="{TARGET}" '
                f'stroke-width="3" stroke-dasharray="4 2"/>'
            )
    out.append("</svg>")
    return _svg(out)


def outcomes_chart(rows: list[dict]) -> str:
    """One horizontal 100 % stacked bar per checkpoint, segments per derived category.

    rows: {"label", "sortants", <category>_pct...}."""
    label_w, bar_w, row_h, top = 110, 520, 36, 10
    legend_h = 26 * ((len(CHART_CATEGORIES) + 1) // 2)
    width, height = label_w + bar_w + 20, top + row_h * len(rows) + legend_h + 16
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'class="tr-chart" aria-hidden="true" focusable="false">'
    ]
    for i, row in enumerate(rows):
        y = top + i * row_h
        out.append(
            f'<text x="{label_w - 8}" y="{y + 22}" font-size="13" text-anchor="end" fill="#222">'
            f"{escape(row['label'])}</text>"
        )
        x = label_w
        for code, _label in CHART_CATEGORIES:
            pct = _num(row.get(f"{code}_pct"))
            if not pct:
                continue
            w = bar_w * pct / 100
            out.append(
                f'<rect x="{x:.1f}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}" '
                f'fill="{CATEGORY_COLOURS[code]}" stroke="#fff" stroke-width="1"/>'
            )
            if w > 38:
                text = f"{pct:.0f} %"
                colour = "#fff" if code in ("sortie_positive", "emploi_durable") else "#111"
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 23}" font-size="12" text-anchor="middle" '
                    f'fill="{colour}">{text}</text>'
                )
            x += w
    y0 = top + row_h * len(rows) + 10
    for i, (code, label) in enumerate(CHART_CATEGORIES):
        lx, ly = label_w + (i % 2) * 270, y0 + (i // 2) * 26
        border = ' stroke="#999"' if code == "a_venir" else ""
        out.append(
            f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{CATEGORY_COLOURS[code]}"{border}/>'
        )
        out.append(_text(lx + 20, ly + 12, str(label)))
    out.append("</svg>")
    return _svg(out)
