"""Audit trail of personal data, written to Wagtail's audit log (Rapports → Historique du site).

Sensitive views and changes are logged on the learner's statistical profile: only coordinators
hold permissions on that model, so only they see these entries in Wagtail's reports. Entries
never carry the sensitive value itself.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

SENSITIVE_VIEW = "tremplin.donnees_sensibles.consultation"
SENSITIVE_CHANGE = "tremplin.donnees_sensibles.modification"
CONSENT_GIVEN = "tremplin.consentement.donne"
CONSENT_WITHDRAWN = "tremplin.consentement.retire"
EXPORT_SELF = "tremplin.export.mes_donnees"
EXPORT_BY_STAFF = "tremplin.export.donnees_stagiaire"
EXPORT_REPORT = "tremplin.export.rapport"
ERASURE_REQUESTED = "tremplin.effacement.demande"
ERASURE_DONE = "tremplin.effacement.fait"
RETENTION = "tremplin.conservation"

ACTIONS = [
    (SENSITIVE_VIEW, _("Consultation de données sensibles"), _("Données sensibles consultées")),
    (SENSITIVE_CHANGE, _("Modification de données sensibles"), _("Données sensibles modifiées")),
    (CONSENT_GIVEN, _("Consentement donné"), _("Consentement enregistré")),
    (CONSENT_WITHDRAWN, _("Consentement retiré"), _("Consentement retiré")),
    (EXPORT_SELF, _("Export « Mes données »"), _("Le stagiaire a téléchargé ses données")),
    (EXPORT_BY_STAFF, _("Export des données d'un stagiaire"), _("Données du stagiaire exportées")),
    (EXPORT_REPORT, _("Export d'un rapport financeur"), _("Rapport financeur exporté")),
    (ERASURE_REQUESTED, _("Demande d'effacement"), _("Demande d'effacement enregistrée")),
    (ERASURE_DONE, _("Effacement"), _("Données effacées (pièces sous conservation légale gardées)")),
    (RETENTION, _("Politique de conservation"), _("Conservation appliquée")),
]


def register(actions) -> None:
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)


def record(instance, action: str, *, user=None, data=None, title: str = ""):
    """One audit entry. `title` replaces the object's name (a profile's str() is a name)."""
    kwargs = {"user": user if user is not None and user.is_authenticated else None, "data": data or {}}
    if title:
        kwargs["title"] = title
    return log(instance, action, **kwargs)


def learner_title(learner) -> str:
    # Entries outlive erasure: name them by pseudonym, not by the person's name.
    return f"Stagiaire {str(learner.pseudonym)[:8]}"
