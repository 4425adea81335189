from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Cohort, CoursePage
from learners.models import Partner

from .data import ReportFilters


class ReportFilterForm(forms.Form):
    annee = forms.TypedChoiceField(label=_("Année de fin"), required=False, coerce=int, empty_value=None)
    formation = forms.ModelChoiceField(
        label=_("Formation"),
        queryset=CoursePage.objects.order_by("title"),
        required=False,
        empty_label=_("Toutes"),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Cohort.objects.order_by("-start_date"),
        required=False,
        to_field_name="code",
        empty_label=_("Toutes"),
    )
    partenaire = forms.ModelChoiceField(
        label=_("Partenaire"), queryset=Partner.objects.all(), required=False, empty_label=_("Tous")
    )
    diffusion = forms.BooleanField(
        label=_("Version diffusion (effectifs de moins de 5 masqués)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted({d.year for d in Cohort.objects.dates("end_date", "year")}, reverse=True)
        self.fields["annee"].choices = [("", _("Toutes"))] + [(y, str(y)) for y in years]

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            year=data.get("annee"),
            course_id=data["formation"].pk if data.get("formation") else None,
            cohort_codes=[data["session"].code] if data.get("session") else [],
            partner_id=data["partenaire"].pk if data.get("partenaire") else None,
        )


class ExportForm(ReportFilterForm):
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")])
