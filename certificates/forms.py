from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.uploads import check_upload

from .codes import normalise_code
from .models import CertificateKind

MAX_BADGE_BYTES = 200 * 1024


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=40,
        help_text=_("Le code est imprimé en bas du document, sous le QR code. Exemple : 7K2M-9QXD-…"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Ce code n'a pas la bonne forme : il compte 20 lettres et chiffres, en 5 groupes de 4.")
            )
        return code


class BadgeCheckForm(forms.Form):
    badge = forms.FileField(label=_("Fichier du badge (JSON)"))

    def clean_badge(self):
        badge = self.cleaned_data["badge"]
        if badge.size > MAX_BADGE_BYTES:
            raise forms.ValidationError(_("Ce fichier est trop gros pour être un badge (200 Ko au plus)."))
        try:
            check_upload(badge, kinds=("json",), max_bytes=MAX_BADGE_BYTES)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return badge


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Il sera affiché sur la page de vérification publique."),
    )


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=CertificateKind.choices)
