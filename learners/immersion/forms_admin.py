from django import forms
from django.utils.translation import gettext_lazy as _


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
