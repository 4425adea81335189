from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Formations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from learners.models import Enrolment

        from . import caching
        from .models import CatalogPage, Cohort, CoursePage, Session

        # What a public page shows changed: every cached catalogue and course page is dropped.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(caching.invalidate, dispatch_uid=f"public-pages-{id(signal)}")
        for model in (Cohort, Session, Enrolment, CoursePage, CatalogPage):
            uid = f"public-pages-{model.__name__}"
            post_save.connect(caching.invalidate, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(caching.invalidate, sender=model, dispatch_uid=f"{uid}-delete")
