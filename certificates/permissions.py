"""Wagtail permission policy: the certificate admin belongs to coordinators, as lms.access says."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from lms.access import GROUP_NAMES, Role, is_coordinator


class CoordinatorPolicy(BasePermissionPolicy):
    """Coordinators may do everything on the model; nobody else may do anything."""

    def user_has_permission(self, user, action):
        return is_coordinator(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=GROUP_NAMES[Role.COORDINATOR]))
            .distinct()
        )
