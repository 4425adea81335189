from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from .space import home as learner_home


@login_required
def partner_learner_list(request):
    return render(
        request, "learners/partners/learner_list.html", selectors.partner_learners(user=request.user)
    )


__all__ = ["learner_home", "partner_learner_list"]
