from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits with a Luhn key (La Poste's establishments use a digit sum mod 5)."""
    if not value:
        return
    compact = value.replace(" ", "")
    if len(compact) != 14 or not compact.isdigit():
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_format")
    if compact.startswith("356000000"):
        if sum(int(c) for c in compact) % 5 == 0:
            return
    elif luhn_ok(compact):
        return
    raise ValidationError(_("Ce SIRET n'est pas valide (clé de contrôle)."), code="siret_key")
