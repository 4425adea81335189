"""iCalendar files of sessions (RFC 5545), built with the icalendar library."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

PARIS = ZoneInfo(settings.TIME_ZONE)


def sessions_to_ics(sessions, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Tremplin//LMS//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for session in sessions:
        event = Event()
        event.add("uid", f"seance-{session.pk}@tremplin")
        course_title = session.cohort.course.title
        module = f" – {session.module.title}" if session.module_id else ""
        event.add("summary", f"{course_title}{module}")
        event.add("dtstart", datetime.combine(session.date, session.start_time, tzinfo=PARIS))
        event.add("dtend", datetime.combine(session.date, session.end_time, tzinfo=PARIS))
        event.add("location", session.place or session.cohort.place)
        if session.what_to_bring:
            event.add("description", f"À apporter : {session.what_to_bring}")
        cal.add_component(event)
    return cal.to_ical()
