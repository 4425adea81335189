from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Group enrolment imports (inscriptions.md): its own app so its migrations stand apart."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "learners.intake"
    label = "intake"
    verbose_name = _("Inscriptions de groupe")
