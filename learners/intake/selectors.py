"""Reads of group imports, scoped to the person who asks (a partner sees only theirs)."""

from django.http import Http404

from lms.access import is_coordinator, partner_of

from .models import GroupImport


def imports_visible_to(user):
    qs = GroupImport.objects.select_related("cohort__course", "partner", "created_by", "job").defer("source")
    if is_coordinator(user):
        return qs
    partner = partner_of(user)
    if partner is None:
        return qs.none()
    return qs.filter(partner=partner)


def import_for(user, pk) -> GroupImport:
    """One import the user may see, or 404 (another partner's import does not exist for them)."""
    group_import = imports_visible_to(user).filter(pk=pk).first()
    if group_import is None:
        raise Http404
    return group_import


def import_results(group_import):
    return group_import.results.select_related("learner", "enrolment").order_by("line")
