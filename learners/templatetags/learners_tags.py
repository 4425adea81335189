from django import template

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes as French hours: 1230 → "20 h 30", 840 → "14 h"."""
    try:
        minutes = int(minutes or 0)
    except (TypeError, ValueError):
        return ""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"
