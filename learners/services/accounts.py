import re
import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from lms.access import GROUP_NAMES, Role


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower()) or "stagiaire"


def unique_username(first_name: str, last_name: str) -> str:
    User = get_user_model()
    base = f"{_slug(first_name)}.{_slug(last_name)}"[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def ensure_learner_account(*, learner):
    """Give a learner an account (no password: they log in with a code), keeping their history."""
    if learner.user_id:
        return learner.user
    User = get_user_model()
    user = User(
        username=unique_username(learner.first_name, learner.last_name),
        first_name=learner.first_name[:150],
        last_name=learner.last_name[:150],
        email=learner.email,
    )
    user.set_unusable_password()
    user.save()
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.LEARNER])
    user.groups.add(group)
    learner.user = user
    learner.save(update_fields=["user"])
    return user
