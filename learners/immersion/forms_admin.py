from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.uploads import check_upload

AGREEMENT_MAX_BYTES = 10 * 1024 * 1024


class BreakOffForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'interruption"), widget=forms.Textarea(attrs={"rows": 2}))


class TutorLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Valable (jours)"), min_value=1, max_value=400, initial=120)


class CompanyHoursForm(forms.Form):
    week_start = forms.DateField(
        label=_("Semaine du (lundi)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    hours = forms.DecimalField(label=_("Heures faites"), min_value=0, max_value=48, decimal_places=1)
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=200)


class PlacementAdminForm(WagtailAdminModelForm):
    """The signed agreement is checked by its content (PDF or a photo), not by its name."""

    def clean_agreement_file(self):
        upload = self.cleaned_data.get("agreement_file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                check_upload(upload, kinds=("pdf", "jpeg", "png", "heic"), max_bytes=AGREEMENT_MAX_BYTES)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return upload
