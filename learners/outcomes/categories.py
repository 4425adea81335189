"""Outcome vocabularies, kept as data: checkpoints, situations and the derived categories.

Changing a category or adding a situation is an edit here, never in the computation.
"""

from django.utils.translation import gettext_lazy as _


class Checkpoint:
    EXIT = "sortie"
    M3 = "3_mois"
    M6 = "6_mois"
    M12 = "12_mois"


# code, label, months after the exit date
CHECKPOINTS = [
    (Checkpoint.EXIT, _("Sortie"), 0),
    (Checkpoint.M3, _("3 mois"), 3),
    (Checkpoint.M6, _("6 mois"), 6),
    (Checkpoint.M12, _("12 mois"), 12),
]
CHECKPOINT_CHOICES = [(code, label) for code, label, _months in CHECKPOINTS]
CHECKPOINT_MONTHS = {code: months for code, _label, months in CHECKPOINTS}
CHECKPOINT_ORDER = [code for code, _label, _months in CHECKPOINTS]

# The situation list of shared/formats/sorties.md, in that order.
SITUATION_CHOICES = [
    ("cdi", _("CDI")),
    ("cdd_6_mois_plus", _("CDD de 6 mois ou plus")),
    ("cdd_moins_6_mois", _("CDD de moins de 6 mois")),
    ("interim_6_mois_plus", _("Intérim de 6 mois ou plus")),
    ("interim_moins_6_mois", _("Intérim de moins de 6 mois")),
    ("contrat_aide", _("Contrat aidé")),
    ("apprentissage", _("Contrat d'apprentissage")),
    ("professionnalisation", _("Contrat de professionnalisation")),
    ("creation_activite", _("Création d'activité")),
    ("formation_qualifiante", _("Formation qualifiante")),
    ("formation_non_qualifiante", _("Formation non qualifiante")),
    ("service_civique", _("Service civique")),
    ("recherche_emploi", _("En recherche d'emploi")),
    ("inactif", _("Inactif")),
    ("inconnu", _("Inconnu (pas de nouvelles)")),
]
SITUATIONS = [code for code, _label in SITUATION_CHOICES]
UNKNOWN = "inconnu"

# Derived categories of the insertion sector (DOMAIN.md), in display order.
CATEGORY_CHOICES = [
    ("emploi_durable", _("Emploi durable")),
    ("emploi_transition", _("Emploi de transition")),
    ("sortie_positive", _("Sortie positive (formation, alternance)")),
    ("autre", _("Autre situation")),
    ("inconnu", _("Inconnu")),
]
CATEGORY_OF_SITUATION = {
    "cdi": "emploi_durable",
    "cdd_6_mois_plus": "emploi_durable",
    "interim_6_mois_plus": "emploi_durable",
    "creation_activite": "emploi_durable",
    "cdd_moins_6_mois": "emploi_transition",
    "interim_moins_6_mois": "emploi_transition",
    "contrat_aide": "emploi_transition",
    "apprentissage": "sortie_positive",
    "professionnalisation": "sortie_positive",
    "formation_qualifiante": "sortie_positive",
    # Not a positive exit for GEN (rapport-gen.md), so not counted as one here either.
    "formation_non_qualifiante": "autre",
    "service_civique": "autre",
    "recherche_emploi": "autre",
    "inactif": "autre",
    "inconnu": "inconnu",
}

# GEN "positive exit" (rapport-gen.md): employment of any kind, apprenticeship, creation, training.
GEN_POSITIVE = frozenset(
    {
        "cdi",
        "cdd_6_mois_plus",
        "cdd_moins_6_mois",
        "interim_6_mois_plus",
        "interim_moins_6_mois",
        "contrat_aide",
        "apprentissage",
        "professionnalisation",
        "creation_activite",
        "formation_qualifiante",
    }
)
GEN_DURABLE = frozenset(s for s, c in CATEGORY_OF_SITUATION.items() if c == "emploi_durable")

SOURCE_CHOICES = [
    ("stagiaire", _("Le ou la stagiaire")),
    ("prescripteur", _("Le prescripteur")),
    ("entreprise", _("L'entreprise")),
    ("autre", _("Autre")),
]
SOURCE_LEARNER = "stagiaire"


def category_of(situation: str) -> str:
    return CATEGORY_OF_SITUATION.get(situation, "inconnu")
