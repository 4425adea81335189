from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """Learners' situations after the training (exit, +3, +6, +12 months) and their follow-up."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "learners.outcomes"
    label = "outcomes"
    verbose_name = _("Sorties et suivi")
