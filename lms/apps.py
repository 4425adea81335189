from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lms"
    verbose_name = _("Tremplin")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_roles)
        _keep_records_out_of_reference_index()


# Apps whose models are records (attendance, enrolments, jobs…), not editorial content.
RECORD_APPS = {"lms", "learners", "intake", "immersion", "outcomes", "certificates"}
# Editorial models of those apps that do point at images or documents.
CONTENT_MODELS = {"certificates.certificatetemplate"}


def _keep_records_out_of_reference_index():
    """Wagtail's reference index (image and snippet usage) queues a task on every save of any
    model with a foreign key. For records that is one useless Redis round trip per roll-call tap."""
    from django.apps import apps
    from wagtail.models import Page

    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label in RECORD_APPS
            and label not in CONTENT_MODELS
            and not issubclass(model, Page)
            and "wagtail_reference_index_ignore" not in model.__dict__
        ):
            model.wagtail_reference_index_ignore = True


def _ensure_roles(sender, **kwargs):
    # Groups carry permissions, which exist only once post_migrate reached the last app.
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .services import ensure_role_groups

    ensure_role_groups()
