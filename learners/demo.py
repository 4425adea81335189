"""Demo data this app adds on top of lms.demo (called at the end of seed_demo; idempotent).

Attendance for the past sessions of the running cohorts (a few late or absent, one learner with
two unjustified absences in a row so that the coordinator's alert shows), closed and countersigned
sheets, skill validations, a progress note, and an open catch-up session today to try the roll-call.
"""

import base64
import io
import random
from datetime import time, timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from courses.models import Session
from courses.services import add_session

from .models import Attendance, AttendanceSheet, Enrolment, ProgressNote, SkillValidation
from .services.attendance import ROSTER_STATUSES, close_sheet
from .services.skills import add_progress_note, validate_skill

S = Attendance.Status


def fake_signature(seed: str) -> str:
    """A hand-like scribble as a PNG data URL (what the signature pad sends)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (300, 120), "white")
    draw = ImageDraw.Draw(image)
    x, y = 15, 60
    points = [(x, y)]
    for _ in range(14):
        x += rng.randint(8, 22)
        y = max(15, min(95, y + rng.randint(-30, 30)))
        points.append((x, y))
    draw.line(points, fill=(13, 27, 62), width=3, joint="curve")
    draw.line([(20, 88), (x - 10, 84)], fill=(13, 27, 62), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _marks_for(session, enrolments, *, rng, absent_learner_ids=()):
    marks = []
    for e in enrolments:
        roll = rng.random()
        if e.learner_id in absent_learner_ids:
            status, minutes = S.ABSENT_UNJUSTIFIED, 0
        elif roll < 0.08:
            status, minutes = S.LATE, session.planned_minutes - rng.choice([15, 20, 30])
        elif roll < 0.12:
            status, minutes = S.LEFT_EARLY, session.planned_minutes - rng.choice([30, 45, 60])
        elif roll < 0.16:
            status, minutes = S.ABSENT_JUSTIFIED, 0
        else:
            status, minutes = S.PRESENT, session.planned_minutes
        signed = status != S.ABSENT_JUSTIFIED
        signed_at = timezone.make_aware(
            timezone.datetime.combine(session.date, session.start_time)
            + timedelta(minutes=rng.randint(0, 12))
        )
        marks.append(
            Attendance(
                session=session,
                enrolment=e,
                status=status,
                minutes=minutes,
                method=Attendance.Method.DRAWN if signed else Attendance.Method.ROLL_CALL,
                signature=fake_signature(f"{e.learner_id}") if signed else "",
                signed_at=signed_at if signed else None,
                recorded_by=session.trainer,
            )
        )
    return marks


def _fill_cohort(cohort, trainer, *, today, absent_tail=None, leave_open=0):
    """Attendance for every past session with no mark yet; sheets closed except the last
    `leave_open` past ones. `absent_tail` is absent without reason in the last two sessions."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=ROSTER_STATUSES).select_related("learner")
    )
    past = list(Session.objects.filter(cohort=cohort, date__lt=today).order_by("date", "start_time"))
    marked = set(Attendance.objects.filter(session__in=past).values_list("session_id", flat=True).distinct())
    for index, session in enumerate(past):
        if session.pk in marked:
            continue
        rng = random.Random(f"{cohort.code}|{session.pk}")
        absent = {absent_tail.pk} if absent_tail and index >= len(past) - 2 else set()
        Attendance.objects.bulk_create(_marks_for(session, enrolments, rng=rng, absent_learner_ids=absent))
        if index < len(past) - leave_open:
            closer = session.trainer or trainer
            AttendanceSheet.objects.create(
                session=session,
                closed_at=timezone.make_aware(timezone.datetime.combine(session.date, session.end_time)),
                closed_by=closer,
                trainer_signature=fake_signature(f"trainer-{closer.pk}"),
            )


def seed(context: dict) -> None:
    """`context` holds what lms.demo built: users, courses, cohorts, partners, companies, learners."""
    today = timezone.localdate()
    users = context["users"]
    trainer = users["formateur"]
    discovery = context["cohorts"]["discovery"]
    long_running = context["cohorts"]["long_running"]
    learners = context["learners"]

    # Discovery workshop: the learner after Yasmine misses the last two sessions without a word.
    _fill_cohort(discovery, trainer, today=today, absent_tail=learners[3], leave_open=1)
    # Same in the long training, whose next session is later: the alert stays after a demo roll-call.
    _fill_cohort(long_running, users["formatrice"], today=today, absent_tail=learners[12])

    # The last past session of the workshop is left open, then closed through the service
    # (countersigned by the trainer), so the demo shows both states.
    last_open = (
        Session.objects.filter(cohort=discovery, date__lt=today, sheet__isnull=True).order_by("-date").first()
    )
    if last_open is not None and discovery.sessions.filter(date__lt=today).count() > 2:
        close_sheet(session=last_open, by=trainer, signature=fake_signature(f"trainer-{trainer.pk}"))

    # The demo needs a session today to try the roll-call, the signature pad and the QR code.
    # lms.demo may already plan one (the workshop's afternoon); if not, add a catch-up session
    # to the long training (Yasmine is in it), leaving the 5-session workshop as it is.
    in_range = long_running.start_date <= today <= long_running.end_date
    if in_range and not Session.objects.filter(date=today, trainer=trainer).exists():
        add_session(
            cohort=long_running,
            date=today,
            start_time=time(14, 0),
            end_time=time(17, 0),
            trainer=trainer,
            what_to_bring="Une clé USB et le dessin de votre objet",
        )

    # Skills: laser cutting and vector drawing for most of the workshop, higher for a few.
    course_skills = {s.name: s for s in discovery.course.skills.all()}
    enrolments = list(
        Enrolment.objects.filter(cohort=discovery, status=Enrolment.Status.IN_TRAINING)
        .select_related("learner")
        .order_by("pk")
    )
    if not SkillValidation.objects.filter(enrolment__cohort=discovery).exists():
        for i, e in enumerate(enrolments):
            for name, level in (("Sécurité à l'atelier", 1), ("Découpe laser", 1), ("Dessin vectoriel", 1)):
                skill = course_skills.get(name)
                if skill and i % 4 != 3:
                    validate_skill(
                        enrolment=e,
                        skill=skill,
                        level=level,
                        by=trainer,
                        validated_on=min(today, discovery.start_date + timedelta(days=3)),
                        comment="A découpé son porte-clés." if name == "Découpe laser" else "",
                    )
            if i in (0, 2) and "Découpe laser" in course_skills:
                validate_skill(
                    enrolment=e,
                    skill=course_skills["Découpe laser"],
                    level=2,
                    by=trainer,
                    comment="Règle la machine seule, en sécurité.",
                )
    if enrolments and not ProgressNote.objects.filter(enrolment__cohort=discovery).exists():
        add_progress_note(
            enrolment=enrolments[0],
            by=trainer,
            text="Très à l'aise avec Inkscape. Pourrait aider les autres à la prochaine séance.",
        )
