"""Admin forms of module and lesson pages: choices narrowed to the course being edited."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


def _course_of(form):
    page = form.instance
    parent = getattr(form, "parent_page", None)
    if parent is None and page.pk:
        parent = page.get_parent()
    return parent.specific if parent is not None else None


class ModulePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import Cohort, CourseModule, Session

        course = _course_of(self)
        if course is None:
            return
        if "course_module" in self.fields:
            self.fields["course_module"].queryset = CourseModule.objects.filter(course_id=course.pk)
        openings = self.formsets.get("openings")
        if openings is not None:
            cohorts = Cohort.objects.filter(course_id=course.pk)
            sessions = Session.objects.filter(cohort__course_id=course.pk).select_related("cohort")
            for form in openings.forms:
                form.fields["cohort"].queryset = cohorts
                form.fields["session"].queryset = sessions
            # empty_form (the row "Ajouter" copies) is built anew each time it is read: narrow it
            # where the formset builds its fields, or new rows offered every course's cohorts.
            add_fields = openings.add_fields

            def add_course_fields(form, index):
                add_fields(form, index)
                form.fields["cohort"].queryset = cohorts
                form.fields["session"].queryset = sessions

            openings.add_fields = add_course_fields


class LessonPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        has_quiz = body is not None and any(block.block_type == "quiz" for block in body)
        if cleaned.get("quiz_skill") and not has_quiz:
            self.add_error("quiz_skill", _("Ajoutez un bloc « quiz » au contenu pour lier une habilitation."))
        skill = cleaned.get("quiz_skill")
        level = cleaned.get("quiz_level")
        if skill and level and int(level) > skill.max_level:
            self.add_error(
                "quiz_level",
                _("« %(skill)s » va du niveau 1 au niveau %(max)s.")
                % {"skill": skill, "max": skill.max_level},
            )
        return cleaned
