"""Writes that cut across apps: roles set-up and one-time login codes."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .access import GROUP_NAMES, Role
from .models import LoginCode

# No 0/O, 1/I/L: the code is read aloud and copied by hand from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

# Django model permissions per role; Wagtail page permissions are granted in courses' set-up.
ROLE_MODEL_PERMISSIONS = {
    Role.COORDINATOR: {
        "courses": ["skillframework", "skill", "audience", "cohort", "session"],
        "learners": [
            "partner",
            "partnerstaff",
            "learner",
            "learnerprofile",
            "enrolment",
            "hostcompany",
            "tutor",
            "placement",
        ],
        "privacy": ["cohortfunding"],
    },
    Role.TRAINER: {
        "courses": ["cohort", "session"],
        "learners": ["learner", "enrolment"],
    },
}
ROLE_VIEW_ONLY = {
    # Jobs are written by the system only; coordinators follow them.
    # Privacy records are written by their services; coordinators read them, and their entries
    # in the site history (Wagtail shows entries of models the user holds a permission on).
    Role.COORDINATOR: {
        "lms": ["job"],
        "privacy": ["consent", "erasurerequest", "legalhold", "retentionstate"],
        "outcomes": ["reportrun"],
    },
    Role.TRAINER: {"courses": ["skillframework", "skill"], "learners": ["hostcompany", "partner"]},
}


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def format_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


@sensitive_variables("code")
@transaction.atomic
def issue_login_code(*, user, created_by=None) -> str:
    """Give a learner a fresh single-use code; any older unused code stops working."""
    now = timezone.now()
    LoginCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(settings.LOGIN_CODE_LENGTH))
    LoginCode.objects.create(
        user=user,
        code_hash=_code_hash(code),
        created_at=now,
        expires_at=now + timedelta(hours=settings.LOGIN_CODE_VALID_HOURS),
        created_by=created_by,
    )
    return format_code(code)


@sensitive_variables("code", "normalised")
def redeem_login_code(*, code: str):
    """Return the user the code belongs to and burn it, or None if unknown, used or expired."""
    normalised = normalise_code(code)
    if len(normalised) != settings.LOGIN_CODE_LENGTH:
        return None
    now = timezone.now()
    code_hash = _code_hash(normalised)
    # One conditional UPDATE: two simultaneous uses cannot both succeed.
    burnt = LoginCode.objects.filter(
        code_hash=code_hash, used_at__isnull=True, expires_at__gt=now, user__is_active=True
    ).update(used_at=now)
    if not burnt:
        return None
    return LoginCode.objects.select_related("user").get(code_hash=code_hash).user


def ensure_role_groups() -> dict:
    """Create the four role groups with their permissions (idempotent)."""
    groups = {}
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[role] = group
    for role in (Role.COORDINATOR, Role.TRAINER):
        perms = list(
            Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for app_label, models in ROLE_MODEL_PERMISSIONS.get(role, {}).items():
            perms += Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        for app_label, models in ROLE_VIEW_ONLY.get(role, {}).items():
            perms += Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model__in=models,
                codename__startswith="view_",
            )
        if role == Role.COORDINATOR:
            perms += Permission.objects.filter(
                content_type__app_label__in=["wagtailimages", "wagtaildocs", "auth"],
                codename__in=[
                    "add_image",
                    "change_image",
                    "choose_image",
                    "add_document",
                    "change_document",
                    "choose_document",
                    "add_user",
                    "change_user",
                    "view_user",
                ],
            )
        else:
            perms += Permission.objects.filter(
                content_type__app_label__in=["wagtailimages", "wagtaildocs"],
                codename__in=["add_image", "choose_image", "add_document", "choose_document"],
            )
        groups[role].permissions.add(*perms)
    # Wagtail page/collection permissions and the moderation workflow belong to courses.
    from courses.setup import ensure_publishing_rules

    ensure_publishing_rules()
    return groups
