from django.conf import settings

from .access import Role, primary_role


def roles(request):
    user = getattr(request, "user", None)
    role = primary_role(user) if user is not None else Role.ANONYMOUS
    return {
        "user_role": role,
        "is_staff_role": role in (Role.COORDINATOR, Role.TRAINER),
        "organisation_name": settings.ORGANISATION_NAME,
    }
