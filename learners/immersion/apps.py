from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImmersionConfig(AppConfig):
    """Immersions in host companies: tutor links, evaluations, company hours."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "learners.immersion"
    label = "immersion"
    verbose_name = _("Immersions en entreprise")
