from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def learner_home(request):
    return render(request, "learners/space/home.html", selectors.learner_space(user=request.user))
