from django import forms
from django.utils.translation import gettext_lazy as _


class LoginCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code"),
        max_length=40,
        help_text=_("Le code est sur le papier donné par votre formateur. Exemple : ABCDE-FGHJK"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
