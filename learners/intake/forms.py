from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learners.models import Partner
from lms.uploads import check_upload

from .services import importable_cohorts

ACCEPTED_EXTENSIONS = (".csv", ".xlsx", ".txt")


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.course.title} ({obj.start_date:%d/%m/%Y})"


class ImportUploadForm(forms.Form):
    cohort = CohortChoiceField(
        label=_("Session"),
        queryset=None,
        empty_label=_("Choisissez une session"),
        error_messages={"required": _("Choisissez la session.")},
    )
    partner = forms.ModelChoiceField(
        label=_("Prescripteur"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label=_("Aucun (inscription directe)"),
    )
    file = forms.FileField(
        label=_("Fichier CSV ou Excel (.xlsx)"),
        help_text=_("5 000 lignes et 5 Mo au plus. Les colonnes sont décrites dans le modèle."),
        error_messages={"required": _("Choisissez le fichier à envoyer.")},
    )

    def __init__(self, *args, user, with_partner=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = importable_cohorts(user)
        if not with_partner:
            del self.fields["partner"]
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED_EXTENSIONS):
            raise forms.ValidationError(_("Envoyez un fichier .csv ou .xlsx."))
        try:
            check_upload(upload, kinds=("csv", "xlsx"), max_bytes=settings.TABULAR_MAX_BYTES)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload


class PartnerLearnerFilterForm(forms.Form):
    """Filters of the partner's learner list: a national partner refers thousands of people."""

    STATES = [
        ("", _("Tous")),
        ("en_formation", _("Admis ou en formation")),
        ("termines", _("Terminés ou abandons")),
        ("alertes", _("Absences répétées")),
    ]
    q = forms.CharField(label=_("Nom, prénom ou session"), max_length=80, required=False)
    etat = forms.ChoiceField(label=_("Afficher"), choices=STATES, required=False)
