from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Course modules as Wagtail pages: lessons, quizzes, completion, openings to cohorts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "courses.learning"
    label = "learning"
    verbose_name = _("Modules et leçons")
