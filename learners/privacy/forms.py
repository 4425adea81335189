from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConsentPurpose, ErasureRequest

YES_NO_UNKNOWN = [("", _("Non renseigné")), ("oui", _("Oui")), ("non", _("Non"))]


def _tri(value):
    return {"oui": True, "non": False}.get(value)


class SensitiveFieldsForm(forms.Form):
    rqth = forms.ChoiceField(label=_("RQTH"), choices=YES_NO_UNKNOWN, required=False)
    rsa = forms.ChoiceField(label=_("Bénéficiaire du RSA"), choices=YES_NO_UNKNOWN, required=False)

    def values(self) -> dict:
        return {"rqth": _tri(self.cleaned_data["rqth"]), "rsa": _tri(self.cleaned_data["rsa"])}


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Finalité"), choices=ConsentPurpose.choices)
    action = forms.ChoiceField(choices=[("donner", _("Enregistrer")), ("retirer", _("Retirer"))])


class ErasureRequestForm(forms.ModelForm):
    class Meta:
        model = ErasureRequest
        fields = ["received_on", "channel", "note"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme l'effacement. Cette opération ne peut pas être annulée."),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )
