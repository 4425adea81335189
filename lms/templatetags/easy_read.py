"""`{% load easy_read %}`: pictograms for the easy-to-read pages.

`{% picto "calendar" %}` draws a symbol of static/img/pictos.svg beside a label. It is
decorative (the label says it all), so screen readers skip it.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def picto(name: str, css_class: str = "picto"):
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="24" height="24">'
        '<use href="{}#{}"></use></svg>',
        css_class,
        static("img/pictos.svg"),
        name,
    )
