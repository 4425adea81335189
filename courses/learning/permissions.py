"""Module and lesson pages follow their course: a trainer edits those of courses they run."""

from courses.permissions import CoursePagePermissionTester
from lms.access import can_edit_course


class LearningPagePermissionTester(CoursePagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self._course = None

    @property
    def course(self):
        if self._course is None:
            from courses.models import CoursePage

            self._course = CoursePage.objects.ancestor_of(self.page).first()
        return self._course

    def _may_edit_course(self):
        return self.course is not None and can_edit_course(self.user, self.course)

    def can_edit(self):
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        return self._may_edit_course() and (
            super(CoursePagePermissionTester, self).can_edit() or "add" in self.permissions
        )

    def can_delete(self, ignore_bulk=False):
        return (
            super(CoursePagePermissionTester, self).can_delete(ignore_bulk=ignore_bulk)
            and self._may_edit_course()
        )

    def can_add_subpage(self):
        base = super(CoursePagePermissionTester, self).can_add_subpage()
        return base and (self.user.is_superuser or self._may_edit_course())
