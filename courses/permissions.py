"""Wagtail permission hooks for courses and cohorts; the rules themselves live in lms.access."""

from wagtail.models import PagePermissionTester
from wagtail.permission_policies import ModelPermissionPolicy

from lms.access import can_edit_course, can_manage_cohort, cohorts_managed_by


class CoursePagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed so a trainer edits only their own courses."""

    def can_edit(self):
        if not self.user.is_active or self.page_is_root:
            return False
        if self.user.is_superuser:
            return True
        return can_edit_course(self.user, self.page) and (super().can_edit() or "add" in self.permissions)

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and can_edit_course(self.user, self.page)

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.can_edit()

    def can_add_subpage(self):
        # Module pages go under the courses a trainer may edit, not under any course.
        return super().can_add_subpage() and (self.user.is_superuser or can_edit_course(self.user, self.page))


class CohortPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, plus: a trainer changes or deletes only the cohorts they are assigned to."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if set(actions) <= {"view"}:
            return True
        return can_manage_cohort(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return cohorts_managed_by(user, self.model._default_manager.all())
