"""`{% load immersion_tags %}{% learner_evaluations learner %}`: the tutor's evaluations in a
learner's path (learner space, trainer's learner page). Two queries."""

from django import template

from ..selectors import evaluations_for_learner

register = template.Library()


@register.inclusion_tag("immersion/includes/learner_evaluations.html")
def learner_evaluations(learner):
    return {"evaluations": list(evaluations_for_learner(learner.pk)) if learner else []}
