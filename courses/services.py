"""Writes for cohorts and sessions: validated, one transaction each."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Cohort, Session


@transaction.atomic
def add_session(
    *,
    cohort: Cohort,
    date: date,
    start_time: time,
    end_time: time,
    trainer=None,
    place: str = "",
    module=None,
    what_to_bring: str = "",
) -> Session:
    session = Session(
        cohort=cohort,
        date=date,
        start_time=start_time,
        end_time=end_time,
        trainer=trainer,
        place=place or cohort.place,
        module=module,
        what_to_bring=what_to_bring,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def generate_sessions(
    *,
    cohort: Cohort,
    weekdays: list[int],
    start_time: time,
    end_time: time,
    from_date: date,
    count: int | None = None,
    until: date | None = None,
    skip_dates: set[date] | frozenset = frozenset(),
    trainer=None,
    place: str = "",
) -> list[Session]:
    """Create sessions on the given weekdays (0 = Monday), e.g. every Tuesday and Thursday
    morning, skipping bank holidays or closures. All or nothing: one invalid date refuses all."""
    if not weekdays:
        raise ValidationError(_("Choisissez au moins un jour de la semaine."))
    if count is None and until is None:
        raise ValidationError(_("Indiquez un nombre de séances ou une date de fin."))
    last = min(until or cohort.end_date, cohort.end_date)
    existing = set(cohort.sessions.values_list("date", "start_time"))
    created, day = [], max(from_date, cohort.start_date)
    while day <= last and (count is None or len(created) < count):
        if day.weekday() in weekdays and day not in skip_dates and (day, start_time) not in existing:
            try:
                session = add_session(
                    cohort=cohort,
                    date=day,
                    start_time=start_time,
                    end_time=end_time,
                    trainer=trainer,
                    place=place,
                )
            except ValidationError as exc:
                # Say which date failed: the user generated many at once.
                raise ValidationError(
                    [
                        _("Séance du %(date)s : %(error)s") % {"date": f"{day:%d/%m/%Y}", "error": msg}
                        for msg in exc.messages
                    ]
                ) from exc
            created.append(session)
        day += timedelta(days=1)
    if count is not None and len(created) < count:
        raise ValidationError(
            _("Seulement %(n)s séances tiennent avant la fin de la session (%(end)s) : il en faut %(count)s.")
            % {"n": len(created), "end": f"{cohort.end_date:%d/%m/%Y}", "count": count}
        )
    return created
