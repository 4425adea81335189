from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def partner_learner_list(request):
    return render(
        request, "learners/partners/learner_list.html", selectors.partner_learners(user=request.user)
    )
