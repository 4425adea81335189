"""Admin views of the lms app (mounted inside the Wagtail admin)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from learners.models import Learner
from learners.privacy.models import RetentionState
from learners.services.accounts import ensure_learner_account

from .access import can_hand_out_login_code
from .services import issue_login_code


@never_cache
@require_http_methods(["GET", "POST"])
def learner_login_code(request, learner_id):
    """Confirm, then show a printable one-time code for a learner without an email address."""
    learner = get_object_or_404(Learner, pk=learner_id)
    if not can_hand_out_login_code(request.user, learner):
        raise Http404
    if RetentionState.objects.filter(learner=learner).exists():
        # Archived, erased or anonymised: the account was closed on purpose and stays closed.
        return render(
            request,
            "lms/login_code_confirm.html",
            {
                "learner": learner,
                "page_title": _("Code de connexion"),
                "refused": _(
                    "Le dossier de cette personne est archivé ou effacé : elle ne peut plus se "
                    "connecter. Pour une nouvelle inscription, créez une nouvelle fiche."
                ),
            },
        )
    if request.method == "POST":
        user = ensure_learner_account(learner=learner)
        code = issue_login_code(user=user, created_by=request.user)
        return render(request, "lms/login_code_sheet.html", {"learner": learner, "code": code})
    return render(
        request,
        "lms/login_code_confirm.html",
        {"learner": learner, "page_title": _("Code de connexion")},
    )
