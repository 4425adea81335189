"""Turn loaded data into report tables, following an IndicatorSet (no indicator is named here)."""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _

from learners.outcomes.categories import (
    CATEGORY_CHOICES,
    CATEGORY_OF_SITUATION,
    CHECKPOINT_CHOICES,
    CHECKPOINT_MONTHS,
)

from .indicators import IndicatorSet, get_set

SUPPRESSED = "<5"


@dataclass
class Report:
    indicator_set: IndicatorSet
    diffusion: bool
    # One row per cohort then TOTAL; numbers as numbers (NaN = empty cell), "<5" when suppressed.
    table: pd.DataFrame
    profile: pd.DataFrame
    outcomes: pd.DataFrame
    params: dict = field(default_factory=dict)

    @property
    def total(self) -> pd.Series:
        return self.table.iloc[-1]


def flag_frame(frame: pd.DataFrame, iset: IndicatorSet) -> pd.DataFrame:
    """One integer column per flag of the set, one row per entrant."""
    out = {}
    for f in iset.flags:
        # A missing column (e.g. no outcome at all at a checkpoint) reads as all unknown.
        s = frame[f.column] if f.column in frame else pd.Series(None, index=frame.index, dtype=object)
        if f.measure:
            v = pd.to_numeric(s).fillna(0).astype("int64")
        else:
            if f.isin is not None:
                v = s.isin(f.isin)
                if f.null_counts:
                    v = v | s.isna()
            elif f.lt is not None:
                v = pd.to_numeric(s).lt(f.lt)
            elif f.isnull:
                v = s.isna()
            elif f.is_true:
                v = s.eq(True).fillna(False)
            else:
                raise ValueError(f"Flag {f.name}: no test")
            v = v.astype("bool")
            if f.within:
                v = v & (out[f.within] > 0)
            v = v.astype("int64")
        out[f.name] = v.to_numpy()
    return pd.DataFrame(out, index=frame.index)


def _half_up(num, den, scale: int) -> pd.Series:
    """round(scale × num / den, 1) half-up on exact integers; NaN where den is 0."""
    index = num.index if isinstance(num, pd.Series) else None
    num = np.asarray(num, dtype=np.int64)
    den = np.broadcast_to(np.asarray(den, dtype=np.int64), num.shape)
    safe = np.where(den > 0, den, 1)
    tenths = (2 * 10 * scale * num + safe) // (2 * safe)
    return pd.Series(np.where(den > 0, tenths / 10, np.nan), index=index)


def compute(
    cohorts: pd.DataFrame,
    learners: pd.DataFrame,
    *,
    indicator_set="gen",
    diffusion=False,
    params=None,
    today=None,
):
    iset = indicator_set if isinstance(indicator_set, IndicatorSet) else get_set(indicator_set)
    flags = flag_frame(learners, iset)
    sums = flags.groupby(learners["cohort_id"].to_numpy()).sum()
    # Every selected cohort gets a row, an empty one too.
    sums = sums.reindex(cohorts["cohort_id"].to_numpy(), fill_value=0)
    total = flags.sum().to_frame().T
    sums = pd.concat([sums, total], ignore_index=True).astype("int64")
    labels = pd.concat([cohorts.reset_index(drop=True), pd.DataFrame([{}])], ignore_index=True)
    is_total = pd.Series(False, index=sums.index)
    is_total.iloc[-1] = True

    columns = {}
    for c in iset.columns:
        if c.kind == "label":
            values = labels[c.source].map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
            values = values.astype(object).where(~is_total, c.total).where(lambda s: s.notna(), "")
        elif c.kind == "count":
            values = sums[c.num]
        elif c.kind == "share":
            values = _half_up(sums[c.num], sums[c.den], 100)
        elif c.kind == "hours":
            values = _half_up(sums[c.num], 60, 1)
        elif c.kind == "ratio":
            values = _half_up(sums[c.num], sums[c.den], 100)
        else:
            raise ValueError(f"Column {c.name}: unknown kind {c.kind}")
        if diffusion and c.kind != "label":
            values = _suppress(values, c, sums, iset.suppress_below)
        columns[c.name] = values
    table = pd.DataFrame(columns)
    return Report(
        indicator_set=iset,
        diffusion=diffusion,
        table=table,
        profile=_profile(table, iset),
        outcomes=_outcomes(learners, flags, iset, diffusion, today or date.today()),
        params=params or {},
    )


def _suppress(values: pd.Series, c, sums: pd.DataFrame, below: int) -> pd.Series:
    values = values.astype(object)
    if c.kind == "count":
        small = sums[c.num] < below
    elif c.kind == "share":
        small = ((sums[c.num] < below) | (sums[c.den] < below)) & (sums[c.den] > 0)
    elif c.kind == "ratio":
        small = (sums[c.population] < below) & (sums[c.den] > 0)
    else:  # hours: a sum over fewer than `below` people
        small = sums[c.population] < below
    return values.where(~small, SUPPRESSED)


def _profile(table: pd.DataFrame, iset: IndicatorSet) -> pd.DataFrame:
    """The TOTAL row's profile shares beside the label's targets (for the chart and its table)."""
    total = table.iloc[-1]
    columns = {c.name: c for c in iset.columns}
    return pd.DataFrame(
        [
            {
                "indicateur": name,
                "libelle": str(columns[name].label or name),
                "definition": str(columns[name].definition),
                "valeur_pct": total[name],
                "cible_pct": iset.targets.get(name, np.nan),
            }
            for name in iset.profile_columns
        ]
    )


NOT_DUE = ("a_venir", _("Échéance pas encore atteinte"))


CHART_CATEGORIES = [*CATEGORY_CHOICES, NOT_DUE]


def _outcomes(learners, flags, iset, diffusion, today) -> pd.DataFrame:
    """Derived categories per checkpoint among sortants: counts and shares (stacked bar chart).

    Unlike the GEN columns (where no record counts as unknown), the chart sets apart sortants
    whose checkpoint has not come yet, so that a recent cohort does not look untracked."""
    labels = dict(CHECKPOINT_CHOICES)
    sortant = flags["sortant"].to_numpy() > 0 if "sortant" in flags else np.zeros(len(learners), bool)
    n = int(sortant.sum())
    rows = []
    for checkpoint in iset.outcome_checkpoints:
        col = f"situation_{checkpoint}"
        if col in learners:
            situations = learners.loc[sortant, col].astype("category")
        else:
            situations = pd.Series(pd.Categorical([None] * n, categories=[]))
        # Map the few categories, not the 100,000 values; code -1 is "no record".
        category_of = np.array(
            [CATEGORY_OF_SITUATION.get(c, "inconnu") for c in situations.cat.categories] + ["inconnu"],
            dtype=object,
        )
        codes = situations.cat.codes.to_numpy()
        cats = category_of[codes]
        if "exit_date" in learners and n:
            due = learners.loc[sortant, "exit_date"] + pd.DateOffset(months=CHECKPOINT_MONTHS[checkpoint])
            cats = np.where((codes == -1) & (due > pd.Timestamp(today)).to_numpy(), NOT_DUE[0], cats)
        cats = pd.Series(cats, dtype=object)
        counts = cats.value_counts()
        row = {"echeance": checkpoint, "libelle": str(labels[checkpoint]), "sortants": n}
        for code, _label in CHART_CATEGORIES:
            k = int(counts.get(code, 0))
            pct = np.nan if n == 0 else _half_up(pd.Series([k]), pd.Series([n]), 100).iloc[0]
            if diffusion and n > 0 and (k < iset.suppress_below or n < iset.suppress_below):
                row[code], row[f"{code}_pct"] = SUPPRESSED, SUPPRESSED
            else:
                row[code], row[f"{code}_pct"] = k, pct
        if diffusion and n < iset.suppress_below:
            row["sortants"] = SUPPRESSED
        rows.append(row)
    return pd.DataFrame(rows)


def cell_text(value) -> str:
    """How a cell reads on screen and in CSV: one decimal for shares and hours, empty for none."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (float, np.floating)):
        return f"{value:.1f}"
    if isinstance(value, (np.integer,)):
        return str(int(value))
    return str(value)
