from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .categories import CHECKPOINT_CHOICES, SITUATION_CHOICES, SOURCE_CHOICES

YES_NO_UNKNOWN = [("", _("Je ne sais pas")), ("true", _("Oui")), ("false", _("Non"))]


def _tristate(value):
    return {"true": True, "false": False}.get(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OutcomeForm(forms.Form):
    checkpoint = forms.ChoiceField(label=_("Échéance"), choices=CHECKPOINT_CHOICES)
    situation = forms.ChoiceField(label=_("Situation"), choices=SITUATION_CHOICES)
    observed_on = forms.DateField(label=_("Date du constat"), widget=DateInput(), initial=timezone.localdate)
    source = forms.ChoiceField(label=_("Source"), choices=SOURCE_CHOICES, initial="autre")
    digital_trade = forms.TypedChoiceField(
        label=_("Métier du numérique ou de la fabrication"),
        choices=YES_NO_UNKNOWN,
        coerce=_tristate,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class UploadForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier CSV ou XLSX"), help_text=_("Colonnes décrites dans sorties.md.")
    )

    def clean_fichier(self):
        from django.conf import settings
        from django.core.exceptions import ValidationError

        from lms.uploads import check_upload

        upload = self.cleaned_data["fichier"]
        try:
            check_upload(upload, kinds=("csv", "xlsx"), max_bytes=settings.TABULAR_MAX_BYTES)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload


# The learner's three questions (easy-to-read French); the coordinator turns the answer into
# the exact situation if needed.
SELF_REPORT_SITUATIONS = [
    ("cdi", _("J'ai un travail en CDI")),
    ("cdd_6_mois_plus", _("J'ai un travail de 6 mois ou plus (CDD ou intérim)")),
    ("cdd_moins_6_mois", _("J'ai un travail de moins de 6 mois (CDD ou intérim)")),
    ("apprentissage", _("Je suis en alternance (apprentissage)")),
    ("creation_activite", _("J'ai créé mon entreprise")),
    ("formation_qualifiante", _("Je suis en formation, avec un diplôme à la fin")),
    ("formation_non_qualifiante", _("Je suis en formation, sans diplôme à la fin")),
    ("service_civique", _("Je fais un service civique")),
    ("recherche_emploi", _("Je cherche du travail")),
    ("inactif", _("Je ne cherche pas de travail pour le moment")),
]


class SelfReportForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("1. Que faites-vous aujourd'hui ?"),
        choices=SELF_REPORT_SITUATIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )
    since = forms.DateField(
        label=_("2. Depuis quand ?"),
        help_text=_("Une date, même à peu près. Vous pouvez laisser vide."),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Écrivez une date, par exemple 01/03/2026.")},
    )
    digital_trade = forms.TypedChoiceField(
        label=_("3. Est-ce dans le numérique ou la fabrication ?"),
        choices=[("true", _("Oui")), ("false", _("Non")), ("", _("Je ne sais pas"))],
        coerce=_tristate,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_since(self):
        since = self.cleaned_data.get("since")
        if since and since > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return since
