"""Demo data this sub-app adds on top of lms.demo (called at the end of seed_demo; idempotent).

Past cohorts (ended within the last two years) with drop-outs, attendance minutes and outcomes at
every checkpoint already due, a few unknowns and a few learners' own answers waiting for
confirmation, so that the GEN report, its charts and the follow-up list show believable figures.
"""

import random
from datetime import date, time, timedelta

from django.utils import timezone

from courses.models import Cohort
from courses.services import generate_sessions
from learners.models import Attendance, Enrolment
from learners.services.enrolment import change_enrolment_status, enrol_learner

from .categories import CHECKPOINT_MONTHS, GEN_POSITIVE
from .models import Outcome
from .services import due_date, record_outcome, self_report_link

PLACE = "La Fabrique du Tremplin, 12 rue des Jacobins, 80000 Amiens"

# Situation draws per checkpoint: people settle into work as months pass.
WEIGHTS = {
    "sortie": {
        "recherche_emploi": 34,
        "formation_qualifiante": 14,
        "cdd_moins_6_mois": 12,
        "interim_moins_6_mois": 6,
        "cdi": 6,
        "apprentissage": 6,
        "service_civique": 4,
        "inactif": 6,
        "inconnu": 6,
        "formation_non_qualifiante": 6,
    },
    "3_mois": {
        "recherche_emploi": 24,
        "cdd_moins_6_mois": 14,
        "cdd_6_mois_plus": 8,
        "cdi": 10,
        "apprentissage": 8,
        "formation_qualifiante": 10,
        "creation_activite": 4,
        "interim_moins_6_mois": 6,
        "inactif": 6,
        "inconnu": 10,
    },
    "6_mois": {
        "recherche_emploi": 18,
        "cdd_6_mois_plus": 10,
        "cdi": 16,
        "apprentissage": 8,
        "creation_activite": 6,
        "formation_qualifiante": 8,
        "cdd_moins_6_mois": 10,
        "contrat_aide": 4,
        "inactif": 6,
        "inconnu": 14,
    },
    "12_mois": {
        "recherche_emploi": 14,
        "cdi": 22,
        "cdd_6_mois_plus": 12,
        "creation_activite": 6,
        "apprentissage": 6,
        "formation_qualifiante": 6,
        "cdd_moins_6_mois": 8,
        "inactif": 8,
        "inconnu": 18,
    },
}


def _plan(today: date):
    """(code, course slug, start, end, weekdays, sessions, learners, drop-outs, partner key)."""
    y = today.year
    return [
        (
            f"AN-{y - 2}-11",
            "artisans-numeriques",
            date(y - 2, 11, 4),
            date(y - 1, 10, 31),
            [0, 2],
            24,
            12,
            3,
            "afpa",
        ),
        (
            f"DL-{y - 1}-03",
            "decouverte-decoupe-laser",
            date(y - 1, 3, 3),
            date(y - 1, 4, 4),
            [1, 3],
            6,
            9,
            1,
            None,
        ),
        (
            f"E2C-3D-{y - 1}-06",
            "atelier-impression-3d-e2c",
            date(y - 1, 6, 2),
            date(y - 1, 6, 20),
            [0, 2, 4],
            5,
            8,
            1,
            "e2c",
        ),
        (f"DL-{y}-02", "decouverte-decoupe-laser", date(y, 2, 2), date(y, 3, 6), [1, 3], 6, 11, 2, None),
    ]


def seed(context: dict) -> None:
    """`context` holds what lms.demo built: users, courses, cohorts, partners, companies, learners."""
    from lms.demo import FIRST_NAMES_F, FIRST_NAMES_H, LAST_NAMES, _learner

    today = timezone.localdate()
    coordinator = context["users"]["coordination"]
    courses, partners = context["courses"], context["partners"]
    rng = random.Random(7_2026)
    for code, slug, start, end, weekdays, n_sessions, n_learners, n_drop, partner_key in _plan(today):
        if slug not in courses or end >= today:
            continue
        cohort = Cohort.objects.filter(code=code).first()
        if cohort is None:
            cohort = Cohort(
                code=code,
                course=courses[slug],
                start_date=start,
                end_date=end,
                place=PLACE,
                capacity=16,
                status=Cohort.Status.RUNNING,
                partner=partners.get(partner_key) if partner_key else None,
            )
            cohort.full_clean()
            cohort.save()
            generate_sessions(
                cohort=cohort,
                weekdays=weekdays,
                start_time=time(13, 30),
                end_time=time(17, 0),
                from_date=start,
                count=n_sessions,
            )
            people = _returning_learners(context, start, end, n_learners, rng)
            while len(people) < n_learners:  # only if the base demo has too few people
                female = rng.random() < 0.38
                people.append(
                    _learner(
                        first=rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_H),
                        last=rng.choice(LAST_NAMES),
                        gender="F" if female else "H",
                        birth=date(rng.randint(1978, 2006), rng.randint(1, 12), rng.randint(1, 28)),
                    )
                )
            _run_cohort(
                cohort, people, n_drop, partners.get(partner_key) if partner_key else None, coordinator, rng
            )
        _outcomes(cohort, coordinator, today)
    long_past = context["cohorts"].get("long_past")
    if long_past is not None and long_past.end_date < today:
        _outcomes(long_past, coordinator, today)


def _returning_learners(context, start, end, n, rng) -> list:
    """Learners of the base demo who were free then: many people come back to a tiers-lieu (a
    workshop before the long training, a second workshop), and the demo stays small. The demo
    learner account (the first) keeps a simple story."""
    pool = list(context["learners"][1:])
    busy = set(
        Enrolment.objects.filter(
            learner__in=pool, cohort__start_date__lte=end, cohort__end_date__gte=start
        ).values_list("learner_id", flat=True)
    )
    free = [p for p in pool if p.pk not in busy]
    rng.shuffle(free)
    return free[:n]


def _run_cohort(cohort, people, n_drop, partner, coordinator, rng):
    enrolments = []
    for learner in people:
        if Enrolment.objects.filter(learner=learner, cohort=cohort).exists():
            continue
        e = enrol_learner(
            learner=learner, cohort=cohort, partner=partner, status=Enrolment.Status.ADMITTED, by=coordinator
        )
        enrolments.append(
            change_enrolment_status(enrolment=e, to_status=Enrolment.Status.IN_TRAINING, by=coordinator)
        )
    sessions = list(cohort.sessions.order_by("date"))
    dropouts = {e.pk: sessions[rng.randint(1, max(1, len(sessions) // 2))].date for e in enrolments[-n_drop:]}
    rows = []
    for e in enrolments:
        for s in sessions:
            if e.pk in dropouts and s.date >= dropouts[e.pk]:
                break
            roll = rng.random()
            if roll < 0.08:
                rows.append(
                    Attendance(session=s, enrolment=e, status=Attendance.Status.ABSENT_UNJUSTIFIED, minutes=0)
                )
            elif roll < 0.14:
                rows.append(
                    Attendance(
                        session=s,
                        enrolment=e,
                        status=Attendance.Status.LATE,
                        minutes=s.planned_minutes - rng.choice([15, 30]),
                    )
                )
            else:
                rows.append(
                    Attendance(
                        session=s, enrolment=e, status=Attendance.Status.PRESENT, minutes=s.planned_minutes
                    )
                )
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)
    for e in enrolments:
        if e.pk in dropouts:
            change_enrolment_status(
                enrolment=e,
                to_status=Enrolment.Status.DROPPED_OUT,
                by=coordinator,
                dropout_reason=rng.choice(["emploi", "sante", "mobilite", "sans_nouvelles", "famille"]),
                dropout_date=dropouts[e.pk],
                comment="Abandon signalé au téléphone.",
            )
        else:
            change_enrolment_status(enrolment=e, to_status=Enrolment.Status.COMPLETED, by=coordinator)
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.CLOSED)


def _draw(rng, checkpoint, previous):
    # Someone in lasting work mostly stays there.
    if previous in ("cdi", "cdd_6_mois_plus", "creation_activite") and rng.random() < 0.8:
        return previous
    weights = WEIGHTS[checkpoint]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _outcomes(cohort, coordinator, today):
    sortants = Enrolment.objects.filter(
        cohort=cohort, status__in=(Enrolment.Status.COMPLETED, Enrolment.Status.DROPPED_OUT)
    ).select_related("cohort", "learner")
    existing = set(Outcome.objects.filter(enrolment__cohort=cohort).values_list("enrolment_id", "checkpoint"))
    for e in sortants:
        rng = random.Random(f"{cohort.code}|{e.learner_id}")
        previous = None
        for checkpoint in sorted(CHECKPOINT_MONTHS, key=CHECKPOINT_MONTHS.get):
            due = due_date(e, checkpoint)
            if due > today:
                break
            situation = _draw(rng, checkpoint, previous)
            untracked = rng.random() < (0.06 if checkpoint == "sortie" else 0.12)
            if (e.pk, checkpoint) in existing or untracked:
                previous = situation if not untracked else previous
                continue
            observed = min(today, max(due + timedelta(days=rng.randint(0, 20)), e.cohort.end_date))
            if checkpoint == "sortie":
                observed = min(today, due + timedelta(days=rng.randint(0, 10)))
            learner_answer = checkpoint != "sortie" and rng.random() < 0.15
            record_outcome(
                enrolment=e,
                checkpoint=checkpoint,
                situation=situation,
                observed_on=observed,
                source="stagiaire" if learner_answer else rng.choice(["prescripteur", "stagiaire", "autre"]),
                digital_trade=(rng.random() < 0.45) if situation in GEN_POSITIVE else None,
                confirmed=not (learner_answer and due > today - timedelta(days=120)),
                by=None if learner_answer else coordinator,
            )
            if learner_answer:
                self_report_link(enrolment=e, checkpoint=checkpoint)
            previous = situation
