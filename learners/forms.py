"""Forms of the trainer pages and the learner space: parse and check input, nothing else."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Attendance


class MarkForm(forms.Form):
    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Présence"), choices=Attendance.Status.choices)
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=0, max_value=600)


class SignatureForm(forms.Form):
    enrolment = forms.IntegerField(widget=forms.HiddenInput, required=False)
    signature = forms.CharField(
        widget=forms.HiddenInput,
        required=True,
        error_messages={"required": _("La signature est vide : signez dans le cadre avec le doigt.")},
    )


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=120)
    last_name = forms.CharField(label=_("Nom"), max_length=120)
    birth_date = forms.DateField(
        label=_("Date de naissance"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    phone = forms.CharField(label=_("Téléphone (facultatif)"), max_length=30, required=False)

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today - timedelta(days=365 * 14) or value < date(1900, 1, 1):
            raise forms.ValidationError(_("Vérifiez la date de naissance."))
        return value


class AmendmentForm(forms.Form):
    attendance = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=Attendance.Status.choices)
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=0, max_value=600)
    reason = forms.CharField(label=_("Motif de la correction"), widget=forms.Textarea(attrs={"rows": 2}))


class QuickValidationForm(forms.Form):
    """One tap in the skills grid: the button's value is "enrolment:skill:level" (one form and
    one CSRF token for the whole grid keep a 30 × 40 page light)."""

    cell = forms.RegexField(label=_("Case de la grille"), regex=r"^\d{1,10}:\d{1,10}:[1-3]$")

    def clean(self):
        data = super().clean()
        if "cell" in data:
            enrolment, skill, level = (int(part) for part in data["cell"].split(":"))
            data.update(enrolment=enrolment, skill=skill, level=level)
        return data


class ValidationForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("Compétence"), queryset=None, empty_label=None)
    level = forms.TypedChoiceField(
        label=_("Niveau"),
        coerce=int,
        choices=[(1, _("1 – Découverte")), (2, _("2 – Autonome")), (3, _("3 – Peut former"))],
    )
    validated_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )
    comment = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(label=_("Preuve : photo ou fichier (facultatif)"), required=False)

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import Skill

        self.fields["skill"].queryset = Skill.objects.filter(pk__in=[s.pk for s in skills])


class WithdrawalForm(forms.Form):
    validation = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Motif du retrait"), max_length=500)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Nouvelle note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class PeriodForm(forms.Form):
    du = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            raise forms.ValidationError(_("La date de fin doit suivre la date de début."))
        return data
