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
