"""`{% load outcomes_tags %}{% course_results_block page %}`: the Qualiopi results block of a course
page, with nothing to add to the page's context (renders nothing under 5 learners)."""

from django import template

from ..selectors import course_results

register = template.Library()


@register.inclusion_tag("outcomes/includes/course_results.html")
def course_results_block(course):
    return {"results": course_results(course)}
