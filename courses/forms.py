"""Admin forms for cohorts and sessions: parse and validate, the writes stay in services."""

import re
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from lms.access import courses_editable_by, is_coordinator

from .models import CourseModule, CoursePage
from .page_forms import person_label

WEEKDAYS = [
    (0, gettext_lazy("Lundi")),
    (1, gettext_lazy("Mardi")),
    (2, gettext_lazy("Mercredi")),
    (3, gettext_lazy("Jeudi")),
    (4, gettext_lazy("Vendredi")),
    (5, gettext_lazy("Samedi")),
]


def _minutes(start, end) -> int:
    return int((datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() // 60)


class SessionFormSet(BaseChildFormSet):
    """The cohort's sessions as one set: two sessions of the same cohort cannot overlap."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Session.clean checks the dates against the cohort being edited (with its new dates),
        # which modelcluster would only attach at save time.
        form.instance.cohort = self.instance
        return form

    def clean(self):
        super().clean()
        slots = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form in self.deleted_forms:
                continue
            data = form.cleaned_data
            day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
            if not (day and start and end):
                continue
            for other_day, other_start, other_end in slots:
                if day == other_day and start < other_end and other_start < end:
                    raise ValidationError(
                        _("Deux séances de cette session se chevauchent le %(date)s.")
                        % {"date": f"{day:%d/%m/%Y}"}
                    )
            slots.append((day, start, end))


class CohortAdminForm(WagtailAdminModelForm):
    """Create and edit a cohort with its sessions; a trainer only attaches courses they edit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "course" in self.fields and user is not None:
            editable = courses_editable_by(user, CoursePage.objects.all()).values("pk")
            self.fields["course"].queryset = CoursePage.objects.filter(
                Q(pk__in=editable) | Q(pk=self.instance.course_id)
            ).order_by("title")
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            # Offer only this course's modules; a subclass so the shared form class stays untouched.
            form_class = type("CohortSessionForm", (sessions.form,), {})
            form_class.base_fields["module"].queryset = CourseModule.objects.filter(
                course_id=self.instance.course_id
            )
            form_class.base_fields["trainer"].label_from_instance = person_label
            sessions.form = form_class
        if "trainers" in self.fields:
            self.fields["trainers"].label_from_instance = person_label
        self.trainer_must_stay = user is not None and not is_coordinator(user)
        if self.trainer_must_stay and "trainers" in self.fields and not self.instance.pk:
            self.initial.setdefault("trainers", [user.pk])

    def clean_trainers(self):
        trainers = self.cleaned_data.get("trainers")
        if self.trainer_must_stay and trainers is not None and self.for_user not in trainers:
            raise ValidationError(
                _("Gardez-vous parmi les formateurs de la session, sinon vous ne pourrez plus la modifier.")
            )
        return trainers


def _parse_dates(raw: str) -> set[date]:
    found = set()
    for token in re.split(r"[\s,;]+", raw.strip()):
        if not token:
            continue
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
            try:
                found.add(datetime.strptime(token, fmt).date())
                break
            except ValueError:
                continue
        else:
            raise ValidationError(
                _("« %(value)s » n'est pas une date (format attendu : 25/12/2027).") % {"value": token}
            )
    return found


class GenerateSessionsForm(forms.Form):
    """E.g. every Tuesday and Thursday morning from a date, skipping bank holidays."""

    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Jours de la semaine"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choisissez au moins un jour de la semaine.")},
    )
    start_time = forms.TimeField(label=gettext_lazy("Heure de début"), widget=AdminTimeInput)
    end_time = forms.TimeField(label=gettext_lazy("Heure de fin"), widget=AdminTimeInput)
    from_date = forms.DateField(label=gettext_lazy("À partir du"), widget=AdminDateInput)
    count = forms.IntegerField(
        label=gettext_lazy("Nombre de séances"),
        required=False,
        min_value=1,
        max_value=400,
        help_text=gettext_lazy("Ou bien une date de fin ci-dessous."),
    )
    until = forms.DateField(
        label=gettext_lazy("Jusqu'au"),
        required=False,
        widget=AdminDateInput,
    )
    skip_dates = forms.CharField(
        label=gettext_lazy("Dates à sauter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Jours fériés, fermetures… une date par ligne, par exemple 11/11/2027."),
    )
    trainer = forms.ModelChoiceField(label=gettext_lazy("Formateur"), queryset=None, required=False)
    place = forms.CharField(
        label=gettext_lazy("Lieu"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Vide : le lieu de la session."),
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["trainer"].queryset = cohort.trainers.order_by("last_name", "first_name")
        self.fields["trainer"].label_from_instance = person_label
        self.fields["from_date"].initial = cohort.start_date
        self.fields["until"].help_text = _("Au plus tard le %(end)s, fin de la session.") % {
            "end": f"{cohort.end_date:%d/%m/%Y}"
        }

    def clean_skip_dates(self):
        return _parse_dates(self.cleaned_data.get("skip_dates", ""))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end:
            if end <= start:
                self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
            elif _minutes(start, end) > settings.MAX_SESSION_MINUTES:
                self.add_error(
                    "end_time",
                    _("Une séance dure au plus une demi-journée (%(max)s minutes).")
                    % {"max": settings.MAX_SESSION_MINUTES},
                )
        cohort = self.cohort
        bounds = {"start": f"{cohort.start_date:%d/%m/%Y}", "end": f"{cohort.end_date:%d/%m/%Y}"}
        from_date, until = data.get("from_date"), data.get("until")
        if from_date and not (cohort.start_date <= from_date <= cohort.end_date):
            self.add_error(
                "from_date", _("La séance doit avoir lieu entre le %(start)s et le %(end)s.") % bounds
            )
        if until and until > cohort.end_date:
            self.add_error("until", _("La séance doit avoir lieu entre le %(start)s et le %(end)s.") % bounds)
        if from_date and until and until < from_date:
            self.add_error("until", _("La date de fin doit suivre la date de début."))
        if data.get("count") is None and until is None and "count" not in self.errors:
            self.add_error("count", _("Indiquez un nombre de séances ou une date de fin."))
        return data
