"""Who may see what: the one place where roles are decided.

Selectors take the requesting user and ask these functions; views never filter by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role:
    COORDINATOR = "coordinator"
    TRAINER = "trainer"
    PARTNER = "partner"
    LEARNER = "learner"
    ANONYMOUS = "anonymous"


# Group names as they appear in the Wagtail admin (the UI is in French).
GROUP_NAMES = {
    Role.COORDINATOR: "Coordinateurs",
    Role.TRAINER: "Formateurs",
    Role.PARTNER: "Partenaires",
    Role.LEARNER: "Stagiaires",
}

ROLE_LABELS = {
    Role.COORDINATOR: _("Coordination"),
    Role.TRAINER: _("Formateur ou formatrice"),
    Role.PARTNER: _("Partenaire"),
    Role.LEARNER: _("Stagiaire"),
    Role.ANONYMOUS: _("Visiteur"),
}


def _group_names(user) -> frozenset:
    # Cached on the user object: one query per request, however many checks a page makes.
    cached = getattr(user, "_tremplin_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._tremplin_groups = cached
    return cached


def has_role(user, role: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if role == Role.COORDINATOR and user.is_superuser:
        return True
    return GROUP_NAMES[role] in _group_names(user)


def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def is_trainer(user) -> bool:
    return has_role(user, Role.TRAINER)


def is_staff_member(user) -> bool:
    """Coordinators and trainers: the people who run the training."""
    return is_coordinator(user) or is_trainer(user)


def is_partner_staff(user) -> bool:
    return has_role(user, Role.PARTNER) and partner_of(user) is not None


def is_learner(user) -> bool:
    return has_role(user, Role.LEARNER) and learner_of(user) is not None


def primary_role(user) -> str:
    """The role that decides where a user lands after logging in."""
    for role in (Role.COORDINATOR, Role.TRAINER, Role.PARTNER, Role.LEARNER):
        if has_role(user, role):
            return role
    return Role.ANONYMOUS


def partner_of(user):
    """The partner organisation a staff member works for, or None."""
    if user is None or not user.is_authenticated:
        return None
    from learners.models import PartnerStaff

    staff = PartnerStaff.objects.select_related("partner").filter(user=user).first()
    return staff.partner if staff else None


def learner_of(user):
    """The learner record behind a learner's account, or None."""
    if user is None or not user.is_authenticated:
        return None
    from learners.models import Learner

    return Learner.objects.filter(user=user).first()


# Courses and cohorts: trainers edit only what they are assigned to, coordinators everything.
# Wagtail's page permission tester and the cohort permission policy both ask these functions.


def assigned_course_ids(user) -> frozenset:
    """Ids of the course pages a user is assigned to as trainer (cached per request)."""
    cached = getattr(user, "_tremplin_course_ids", None)
    if cached is None:
        from courses.models import CoursePage

        cached = frozenset(
            CoursePage.trainers.through.objects.filter(user_id=user.pk).values_list(
                "coursepage_id", flat=True
            )
        )
        user._tremplin_course_ids = cached
    return cached


def can_edit_course(user, course) -> bool:
    """A trainer edits a course they are assigned to or created; a coordinator any course."""
    if is_coordinator(user):
        return True
    if not is_trainer(user):
        return False
    return course.owner_id == user.pk or course.pk in assigned_course_ids(user)


def courses_editable_by(user, queryset):
    """Scope a CoursePage queryset to the courses `user` may edit (and attach cohorts to)."""
    if is_coordinator(user):
        return queryset
    if not is_trainer(user):
        return queryset.none()
    from django.db.models import Q

    return queryset.filter(Q(owner=user) | Q(pk__in=assigned_course_ids(user)))


def can_manage_cohort(user, cohort) -> bool:
    """A trainer runs and edits only the cohorts they are assigned to."""
    if is_coordinator(user):
        return True
    if not is_trainer(user) or cohort.pk is None:
        return False
    return cohort.trainers.filter(pk=user.pk).exists()


def cohorts_managed_by(user, queryset):
    """Scope a Cohort queryset to the cohorts `user` may see and edit in the admin."""
    if is_coordinator(user):
        return queryset
    if not is_trainer(user):
        return queryset.none()
    return queryset.filter(trainers=user)


def learners_visible_to(user, queryset):
    """Scope a Learner queryset for the admin: coordinators see everyone, a trainer only the
    learners enrolled in a cohort they run, anyone else nobody."""
    if is_coordinator(user):
        return queryset
    if not is_trainer(user):
        return queryset.none()
    taught = queryset.model.objects.filter(enrolments__cohort__trainers=user).values("pk")
    return queryset.filter(pk__in=taught)


def can_hand_out_login_code(user, learner) -> bool:
    """Coordinators, and trainers of a cohort the learner is enrolled in, hand out codes."""
    if is_coordinator(user):
        return True
    return is_trainer(user) and learner.enrolments.filter(cohort__trainers=user).exists()


# Course content (module and lesson pages): public, reserved to the course's learners, or staff.


class ContentAccess(models.TextChoices):
    PUBLIC = "public", _("Tout le monde (page publique)")
    LEARNERS = "learners", _("Les stagiaires inscrits à cette formation")
    STAFF = "staff", _("L'équipe seulement (formateurs, coordination)")


CONTENT_ACCESS_ORDER = [ContentAccess.PUBLIC, ContentAccess.LEARNERS, ContentAccess.STAFF]


def stricter_access(*levels) -> str:
    """A lesson is never more open than its module."""
    return max(levels, key=CONTENT_ACCESS_ORDER.index)


def learner_cohort_courses(user) -> dict:
    """{cohort_id: course_id} of the cohorts where the user's learner holds a seat or has finished
    (cached per request)."""
    cached = getattr(user, "_tremplin_learner_cohorts", None)
    if cached is None:
        cached = {}
        if user is not None and user.is_authenticated and has_role(user, Role.LEARNER):
            from learners.models import Enrolment

            cached = dict(
                Enrolment.objects.filter(learner__user=user, status__in=Enrolment.HOLDS_SEAT).values_list(
                    "cohort_id", "cohort__course_id"
                )
            )
        user._tremplin_learner_cohorts = cached
    return cached


def can_read_course_content(user, *, course_id, access, opening_dates=None, today=None) -> bool:
    """Public content: anyone. Staff content: trainers and coordinators. Learners' content: staff,
    and learners of a cohort of that course. A module with openings (`opening_dates`
    {cohort_id: date}) is reserved to the cohorts they name, from their date: opening it to one
    cohort must not leave it readable by the course's other cohorts."""
    if access == ContentAccess.PUBLIC:
        return True
    if is_staff_member(user):
        return True
    if access != ContentAccess.LEARNERS:
        return False
    cohorts = [c for c, course in learner_cohort_courses(user).items() if course == course_id]
    if not opening_dates:
        return bool(cohorts)
    return any(c in opening_dates and opening_dates[c] <= today for c in cohorts)
