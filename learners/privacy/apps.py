from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal-data rights: consents, access export, erasure, retention and legal holds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "learners.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")
