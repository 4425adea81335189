from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Cohort
from .permissions import CohortPermissionPolicy

# Registered before the viewsets so that every admin view of cohorts asks this policy.
register_permission_policy(Cohort, CohortPermissionPolicy(Cohort))


@hooks.register("register_admin_viewset")
def register_catalogue_admin():
    from .viewsets import CatalogueAdminGroup

    return CatalogueAdminGroup()


@hooks.register("after_create_page")
def grant_rules_on_new_catalogue(request, page):
    # A catalogue created in the admin gets the trainers' permission and the workflow at once.
    from .models import CatalogPage
    from .setup import ensure_publishing_rules

    if isinstance(page.specific, CatalogPage):
        ensure_publishing_rules()


@hooks.register("before_delete_page")
def keep_courses_that_have_cohorts(request, page):
    # Cohorts (and their learners' history) point at the course: deleting it would fail.
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .models import Cohort, CoursePage

    if page.specific_class is CoursePage and Cohort.objects.filter(course_id=page.pk).exists():
        messages.error(
            request,
            _(
                "La formation « %(title)s » a des sessions : elle ne peut pas être supprimée. "
                "Dépubliez-la pour la retirer du catalogue."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
