"""Coordinators' group enrolment in the Wagtail admin: any partner, any cohort taking enrolments.

Same services and preview as the partner portal; only the frame and the partner choice differ.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ImportUploadForm
from .views_common import code_sheet_response


def import_list(request):
    imports = selectors.imports_visible_to(request.user)[:100]
    return render(request, "intake/admin/import_list.html", {"imports": imports})


def import_new(request):
    bound = request.method == "POST"
    form = ImportUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        user=request.user,
        with_partner=True,
    )
    if bound and form.is_valid():
        try:
            group_import = services.upload_import(
                user=request.user,
                cohort=form.cleaned_data["cohort"],
                partner=form.cleaned_data.get("partner"),
                upload=form.cleaned_data["file"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [_("Action impossible.")])))
        else:
            return redirect("intake_admin_detail", pk=group_import.pk)
    return render(request, "intake/admin/import_new.html", {"form": form})


def import_detail(request, pk):
    group_import = selectors.import_for(request.user, pk)
    context = {"imp": group_import}
    if group_import.status == group_import.Status.DONE:
        context["results"] = selectors.import_results(group_import)
    return render(request, "intake/admin/import_detail.html", context)


@require_POST
def import_confirm(request, pk):
    group_import = selectors.import_for(request.user, pk)
    try:
        group_import = services.confirm_import(group_import=group_import, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if group_import.status == group_import.Status.FAILED:
            messages.error(request, group_import.message)
    return redirect("intake_admin_detail", pk=group_import.pk)


@require_POST
def import_cancel(request, pk):
    group_import = selectors.import_for(request.user, pk)
    try:
        services.cancel_import(group_import=group_import, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("intake_admin_list")


@require_POST
def import_codes(request, pk):
    group_import = selectors.import_for(request.user, pk)
    return code_sheet_response(request, group_import, detail_url_name="intake_admin_detail")
