"""The learner space (/mon-parcours/): only the logged-in learner's own path."""

import json
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import qr, selectors
from ..services import attendance as att


@login_required
def home(request):
    return render(request, "learners/space/home.html", selectors.learner_space(user=request.user))


@never_cache
@login_required
def my_data(request):
    data = selectors.learner_data(user=request.user)
    _log_export(request, "json")
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate():%Y%m%d}.json"'
    return response


@never_cache
@login_required
def my_data_pdf(request):
    from django.conf import settings

    from learners.privacy.selectors import pdf_sections
    from lms.pdf import render_pdf

    data = selectors.learner_data(user=request.user)
    _log_export(request, "pdf")
    pdf = render_pdf(
        "privacy/my_data.html",
        {
            "sections": pdf_sections(data),
            "name": f"{data['identite']['prenom']} {data['identite']['nom']}",
            "exported_at": timezone.localtime(),
            "organisation_name": settings.ORGANISATION_NAME,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate():%Y%m%d}.pdf"'
    return response


@require_POST
@login_required
def withdraw_consent(request, purpose):
    from learners.privacy.models import ConsentPurpose
    from learners.privacy.services import withdraw_consent as withdraw

    learner = selectors.learner_for_user(request.user)
    if purpose not in ConsentPurpose.values:
        raise Http404
    withdraw(learner=learner, purpose=purpose, by=request.user)
    messages.success(request, _("C'est fait : votre accord est retiré et l'information est effacée."))
    return redirect("learner_space:home")


def _log_export(request, file_format: str) -> None:
    from learners.privacy import audit

    learner = selectors.learner_for_user(request.user)
    audit.record(
        learner,
        audit.EXPORT_SELF,
        user=request.user,
        data={"format": file_format},
        title=audit.learner_title(learner),
    )


# A scan made before logging in stays usable this long (the code itself lives 30 to 60 s).
SCAN_GRACE_SECONDS = 180


@never_cache
def sign(request, token):
    """Scanned from the trainer's rotating QR code: confirm, then sign for oneself only."""
    if not request.user.is_authenticated:
        # Remember that the server saw this code valid now, then ask to log in.
        if qr.read_token(token) is not None:
            request.session["qr_scan"] = {"token": token, "at": time.time()}
        return redirect_to_login(request.get_full_path())
    learner = selectors.learner_for_user(request.user)
    scan = request.session.get("qr_scan") or {}
    scanned_at = None
    if scan.get("token") == token and time.time() - scan.get("at", 0) <= SCAN_GRACE_SECONDS:
        scanned_at = scan["at"]
    error, session = None, None
    try:
        session = att.session_for_token(token, scanned_at=scanned_at)
    except ValidationError as exc:
        error = exc.messages[0]
    if request.method == "POST" and session is not None:
        try:
            att.sign_with_qr(token=token, user=request.user, scanned_at=scanned_at)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            request.session.pop("qr_scan", None)
            messages.success(request, _("C'est signé. Merci !"))
            return redirect("learner_space:home")
    status = 400 if error else 200
    return render(
        request,
        "learners/space/sign.html",
        {"learner": learner, "session": session, "error": error, "token": token},
        status=status,
    )


@login_required
def calendar(request):
    """The learner's own sessions as an .ics file (all their current cohorts)."""
    from courses.calendars import sessions_to_ics

    learner = selectors.learner_for_user(request.user)
    sessions = selectors.learner_sessions(learner=learner)
    response = HttpResponse(
        sessions_to_ics(sessions, name=_("Mes séances")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-seances.ics"'
    return response
