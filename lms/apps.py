from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lms"
    verbose_name = _("Tremplin")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_roles)


def _ensure_roles(sender, **kwargs):
    # Groups carry permissions, which exist only once post_migrate reached the last app.
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .services import ensure_role_groups

    ensure_role_groups()
