from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Rating

LEVEL_WORDS = {
    0: _("Pas vu"),
    1: _("Découvre (avec aide)"),
    2: _("Fait seul(e)"),
    3: _("Peut apprendre aux autres"),
}


class EvaluationForm(forms.Form):
    tutor_name = forms.CharField(
        label=_("Votre nom"),
        max_length=200,
        error_messages={"required": _("Écrivez votre nom.")},
    )
    punctuality = forms.TypedChoiceField(
        label=_("Arrive à l'heure"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )
    teamwork = forms.TypedChoiceField(
        label=_("Travaille bien avec l'équipe"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )
    comments = forms.CharField(
        label=_("Vos remarques (facultatif)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qui va bien, ce qui est à travailler."),
    )

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skill_fields = []
        for skill in skills:
            name = f"skill_{skill.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=skill.name,
                choices=[(level, LEVEL_WORDS[level]) for level in range(0, skill.max_level + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une réponse.")},
            )
            self.skill_fields.append((skill, name))

    def skill_levels(self) -> dict:
        return {skill.pk: self.cleaned_data[name] for skill, name in self.skill_fields}

    def skill_bound_fields(self):
        return [self[name] for _skill, name in self.skill_fields]
