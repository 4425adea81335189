"""HTTP pieces shared by the partner portal and the coordinators' admin for group imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import services


def code_sheet_response(request, group_import, *, detail_url_name: str) -> HttpResponse:
    """The login-code sheet as a PDF, or back to the import's page with the reason why not."""
    try:
        sheet = services.login_code_sheet(group_import=group_import, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(detail_url_name, pk=group_import.pk)
    if not sheet:
        messages.info(
            request, _("Toutes les personnes de cet import se sont déjà connectées : aucun code à imprimer.")
        )
        return redirect(detail_url_name, pk=group_import.pk)
    response = HttpResponse(
        services.render_code_sheet(group_import=group_import, sheet=sheet), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="codes-{group_import.cohort.code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
