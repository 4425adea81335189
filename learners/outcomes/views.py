"""The learner's personal follow-up link: three questions, no account needed."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import SelfReportForm
from .models import SelfReportLink
from .services import answer_self_report


@never_cache
@require_http_methods(["GET", "POST"])
def self_report(request, token):
    link = (
        SelfReportLink.objects.select_related("enrolment__learner", "enrolment__cohort__course")
        .filter(token=token)
        .first()
    )
    if link is None:
        raise Http404
    if link.expires_at <= timezone.now():
        return render(request, "outcomes/self_report_expired.html", {"link": link}, status=410)
    form = SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_self_report(
                link=link,
                situation=form.cleaned_data["situation"],
                since=form.cleaned_data.get("since"),
                digital_trade=form.cleaned_data.get("digital_trade"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "outcomes/self_report_thanks.html", {"link": link})
    return render(request, "outcomes/self_report.html", {"link": link, "form": form})
