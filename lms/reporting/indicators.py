"""Indicator sets, declared as data: one place to read or change what a report counts.

A set lists per-learner *flags* (a yes/no or a measure derived from one loaded column) and the
report *columns* built from their sums per cohort. The computation (compute.py) knows only the
kinds below, so a new funder's set (a Région, FSE+) is a new `IndicatorSet` here, nothing else.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from learners.outcomes.categories import GEN_DURABLE, GEN_POSITIVE, UNKNOWN

# Checkpoints reported by the GEN set, with the suffix used in its column names.
GEN_CHECKPOINTS = [("sortie", "sortie"), ("3_mois", "3_mois"), ("6_mois", "6_mois")]


@dataclass(frozen=True)
class Flag:
    """A per-learner value: 1/0 from a test on one column, or a numeric measure (`measure=True`).

    Tests: `isin` (values), `lt` (number), `isnull`, `is_true` (a nullable yes/no).
    `null_counts` also counts a missing value as a hit (e.g. "no record at this checkpoint").
    `within` restricts the flag to learners with another flag (e.g. sortants)."""

    name: str
    column: str
    isin: frozenset | None = None
    lt: float | None = None
    isnull: bool = False
    is_true: bool = False
    null_counts: bool = False
    within: str | None = None
    measure: bool = False
    sensitive: bool = False


@dataclass(frozen=True)
class Column:
    """One report column.

    kinds: `label` (a cohort attribute, `total` text on the TOTAL row), `count` (sum of a flag),
    `share` (100 × num / den, counts), `hours` (sum of a minutes measure / 60),
    `ratio` (100 × measure / measure)."""

    name: str
    kind: str
    source: str = ""
    num: str = ""
    den: str = ""
    total: str = ""
    definition: str = ""
    label: str = ""  # short, for charts
    # Whose count decides suppression in the diffusion version for sums and ratios.
    population: str = "entrant"


@dataclass(frozen=True)
class IndicatorSet:
    code: str
    title: str
    flags: list
    columns: list
    # Chart targets: column → share the label asks for (drawn as a line on the profile chart).
    targets: dict = field(default_factory=dict)
    profile_columns: list = field(default_factory=list)
    outcome_checkpoints: list = field(default_factory=list)
    suppress_below: int = 5

    def flag(self, name):
        return next(f for f in self.flags if f.name == name)

    def check(self) -> None:
        """Refuse a definition that would cross two sensitive attributes (DOMAIN.md, RGPD)."""
        names = {f.name for f in self.flags}
        for f in self.flags:
            if f.within and f.within not in names:
                raise ValueError(f"{self.code}: flag {f.name} restricted by unknown {f.within}")
            if f.within and f.sensitive and self.flag(f.within).sensitive:
                raise ValueError(f"{self.code}: {f.name} crosses two sensitive attributes")
        for c in self.columns:
            for ref in (c.num, c.den):
                if ref and ref not in names:
                    raise ValueError(f"{self.code}: column {c.name} refers to unknown flag {ref}")
            if c.kind == "share" and self.flag(c.num).sensitive and self.flag(c.den).sensitive:
                raise ValueError(f"{self.code}: {c.name} crosses two sensitive attributes")


def _checkpoint_flags():
    flags = []
    for checkpoint, suffix in GEN_CHECKPOINTS:
        col = f"situation_{checkpoint}"
        flags += [
            Flag(f"positive_{suffix}", col, isin=GEN_POSITIVE, within="sortant"),
            Flag(f"durable_{suffix}", col, isin=GEN_DURABLE, within="sortant"),
            Flag(f"inconnu_{suffix}", col, isin=frozenset({UNKNOWN}), null_counts=True, within="sortant"),
        ]
    return flags


def _checkpoint_columns():
    positive, durable, unknown = [], [], []
    for _checkpoint, suffix in GEN_CHECKPOINTS:
        positive.append(
            Column(
                f"sortie_positive_{suffix}_pct",
                "share",
                num=f"positive_{suffix}",
                den="sortant",
                definition=_("sortants en sortie positive à cette échéance / sortants"),
            )
        )
        durable.append(
            Column(
                f"emploi_durable_{suffix}_pct",
                "share",
                num=f"durable_{suffix}",
                den="sortant",
                definition=_("sortants en emploi durable à cette échéance / sortants"),
            )
        )
        unknown.append(
            Column(
                f"inconnu_{suffix}_pct",
                "share",
                num=f"inconnu_{suffix}",
                den="sortant",
                definition=_("sortants sans constat à cette échéance ou « inconnu » / sortants"),
            )
        )
    return positive + durable + unknown


GEN = IndicatorSet(
    code="gen",
    title=_("Grande École du Numérique"),
    flags=[
        Flag("entrant", "one", measure=True),
        Flag("femme", "gender", isin=frozenset({"F"})),
        Flag("moins_26", "age", lt=26),
        Flag("bac_ou_moins", "qualification_level", isin=frozenset({"sans", "3", "4"})),
        Flag("sans_diplome", "qualification_level", isin=frozenset({"sans"})),
        Flag("qpv", "qpv", is_true=True, sensitive=True),
        Flag("qpv_inconnu", "qpv", isnull=True, sensitive=True),
        Flag("zrr", "zrr", is_true=True, sensitive=True),
        Flag("demandeur_emploi", "france_travail_registered", is_true=True),
        Flag("neet", "situation", isin=frozenset({"neet"})),
        Flag("planned_minutes", "planned_minutes", measure=True),
        Flag("held_minutes", "held_minutes", measure=True),
        Flag("attended_minutes", "attended_minutes", measure=True),
        Flag("termine", "status", isin=frozenset({"completed"})),
        Flag("abandon", "status", isin=frozenset({"dropped_out"})),
        Flag("sortant", "status", isin=frozenset({"completed", "dropped_out"})),
        *_checkpoint_flags(),
    ],
    columns=[
        Column("session", "label", source="code", total="TOTAL", definition=_("code de la session")),
        Column("formation", "label", source="course_title", definition=_("intitulé de la formation")),
        Column("debut", "label", source="start_date", definition=_("date de début (AAAA-MM-JJ)")),
        Column("fin", "label", source="end_date", definition=_("date de fin (AAAA-MM-JJ)")),
        Column(
            "entrants",
            "count",
            num="entrant",
            definition=_("inscriptions en formation, terminées ou abandonnées"),
        ),
        Column(
            "femmes_pct",
            "share",
            label=_("Femmes"),
            num="femme",
            den="entrant",
            definition=_("genre F / entrants"),
        ),
        Column(
            "moins_26_ans_pct",
            "share",
            label=_("Moins de 26 ans"),
            num="moins_26",
            den="entrant",
            definition=_("moins de 26 ans au début de la session / entrants"),
        ),
        Column(
            "bac_ou_moins_pct",
            "share",
            label=_("Niveau bac ou moins"),
            num="bac_ou_moins",
            den="entrant",
            definition=_("niveau sans, 3 ou 4 / entrants"),
        ),
        Column(
            "sans_diplome_pct",
            "share",
            label=_("Sans diplôme"),
            num="sans_diplome",
            den="entrant",
            definition=_("sans diplôme / entrants"),
        ),
        Column(
            "qpv_pct",
            "share",
            label=_("Résident en QPV"),
            num="qpv",
            den="entrant",
            definition=_("réside en QPV / entrants"),
        ),
        Column(
            "qpv_inconnu_pct",
            "share",
            num="qpv_inconnu",
            den="entrant",
            definition=_("QPV non renseigné / entrants"),
        ),
        Column(
            "zrr_pct",
            "share",
            label=_("Résident en ZRR"),
            num="zrr",
            den="entrant",
            definition=_("réside en ZRR / entrants"),
        ),
        Column(
            "demandeurs_emploi_pct",
            "share",
            label=_("Inscrits à France Travail"),
            num="demandeur_emploi",
            den="entrant",
            definition=_("inscrits à France Travail / entrants"),
        ),
        Column(
            "neet_pct",
            "share",
            label=_("NEET"),
            num="neet",
            den="entrant",
            definition=_("situation NEET / entrants"),
        ),
        Column(
            "heures_prevues",
            "hours",
            num="planned_minutes",
            definition=_("somme sur les entrants des heures prévues des séances de la session"),
        ),
        Column(
            "heures_realisees",
            "hours",
            num="attended_minutes",
            definition=_("somme des minutes de présence des entrants / 60"),
        ),
        Column(
            "taux_assiduite_pct",
            "ratio",
            num="attended_minutes",
            den="held_minutes",
            definition=_("heures réalisées / heures prévues des séances déjà tenues"),
        ),
        Column("termines", "count", num="termine", definition=_("entrants au parcours terminé")),
        Column("abandons", "count", num="abandon", definition=_("entrants ayant abandonné")),
        Column(
            "taux_abandon_pct", "share", num="abandon", den="entrant", definition=_("abandons / entrants")
        ),
        *_checkpoint_columns(),
    ],
    targets={"femmes_pct": 30.0, "bac_ou_moins_pct": 50.0},
    profile_columns=[
        "femmes_pct",
        "bac_ou_moins_pct",
        "moins_26_ans_pct",
        "sans_diplome_pct",
        "demandeurs_emploi_pct",
        "neet_pct",
        "qpv_pct",
        "zrr_pct",
    ],
    outcome_checkpoints=["sortie", "3_mois", "6_mois", "12_mois"],
)

INDICATOR_SETS = {GEN.code: GEN}
for _set in INDICATOR_SETS.values():
    _set.check()


def get_set(code: str = "gen") -> IndicatorSet:
    return INDICATOR_SETS[code]
