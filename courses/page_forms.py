"""Admin form of course pages (kept apart from forms.py, which imports the models)."""

from wagtail.admin.forms import WagtailAdminPageForm


def person_label(user) -> str:
    """People are picked by name, not by login."""
    return user.get_full_name() or user.get_username()


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "trainers" in self.fields:
            self.fields["trainers"].label_from_instance = person_label
