"""GEN report on 100,000 learners in 5,000 cohorts (PostgreSQL named by DATABASE_URL).

    DATABASE_URL=postgres://…/tremplin_bench_report python bench/bench_report.py

Bulk-inserts its own data the first time (cohort codes BR-…, COPY), then times:
loading from the database (one query per table; attended minutes come from the summary the
attendance triggers keep), computing (assembling + indicators), writing
the XLSX, and the same computation on DataFrames already in memory (the floor).
Targets (issue 7): whole report < 10 s; loading + computing ≤ 3 × the floor.
"""

import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

N_COHORTS = int(os.environ.get("BENCH_COHORTS", 5000))
PER_COHORT = int(os.environ.get("BENCH_PER_COHORT", 20))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", 10))
PREFIX = "BR-"


def _setup():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench_report : DATABASE_URL doit désigner une base PostgreSQL.")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _course():
    from wagtail.models import Page

    from courses.models import CoursePage

    course = CoursePage.objects.filter(slug="bench-report").first()
    if course is None:
        root = Page.objects.get(depth=1)
        course = root.add_child(
            instance=CoursePage(
                title="Formation du banc d'essai",
                slug="bench-report",
                format="long",
                summary="Banc d'essai",
                audience="Tous",
                objectives="<p>Mesurer.</p>",
            )
        )
    return course


def _next_ids(cursor, table, n):
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
    start = cursor.fetchone()[0] + 1
    return range(start, start + n)


def generate():
    from django.db import connection, transaction

    from courses.models import Cohort
    from lms.demo_large import OUTCOME_COLUMNS, copy_rows

    if Cohort.objects.filter(code__startswith=PREFIX).count() >= N_COHORTS:
        return False
    course = _course()
    rng = random.Random(100_000)
    now = "2026-01-01 00:00:00+00"
    today = date.today()
    situations = [
        "cdi",
        "cdd_6_mois_plus",
        "cdd_moins_6_mois",
        "apprentissage",
        "formation_qualifiante",
        "recherche_emploi",
        "inactif",
        "inconnu",
        "creation_activite",
        "interim_moins_6_mois",
    ]
    with transaction.atomic(), connection.cursor() as django_cursor:
        cur = django_cursor.cursor  # the psycopg cursor, for COPY
        cohort_ids = _next_ids(cur, "courses_cohort", N_COHORTS)
        cohorts = []
        for i, cid in enumerate(cohort_ids):
            start = today - timedelta(days=30 + (i * 7) % 900)
            cohorts.append((cid, f"{PREFIX}{i:05d}", start, start + timedelta(days=60)))
        copy_rows(
            cur,
            "courses_cohort",
            [
                "id",
                "code",
                "start_date",
                "end_date",
                "place",
                "capacity",
                "status",
                "created_at",
                "course_id",
            ],
            ((cid, code, s, e, "Banc", PER_COHORT, "closed", now, course.pk) for cid, code, s, e in cohorts),
        )
        session_ids = iter(_next_ids(cur, "courses_session", N_COHORTS * SESSIONS))
        sessions = {}
        rows = []
        for cid, _code, start, _end in cohorts:
            sessions[cid] = []
            for k in range(SESSIONS):
                sid = next(session_ids)
                sessions[cid].append(sid)
                rows.append((sid, start + timedelta(days=k * 3), "09:00", "12:00", "Banc", 180, "", cid))
        copy_rows(
            cur,
            "courses_session",
            [
                "id",
                "date",
                "start_time",
                "end_time",
                "place",
                "planned_minutes",
                "what_to_bring",
                "cohort_id",
            ],
            rows,
        )

        n = N_COHORTS * PER_COHORT
        learner_ids = _next_ids(cur, "learners_learner", n)
        copy_rows(
            cur,
            "learners_learner",
            [
                "id",
                "last_name",
                "first_name",
                "birth_date",
                "email",
                "phone",
                "postal_code",
                "pseudonym",
                "created_at",
            ],
            (
                (
                    lid,
                    f"Nom{lid}",
                    "Prénom",
                    date(1975 + lid % 30, 1 + lid % 12, 1 + lid % 28),
                    "",
                    "",
                    "",
                    uuid.uuid4(),
                    now,
                )
                for lid in learner_ids
            ),
        )
        profile_ids = _next_ids(cur, "learners_learnerprofile", n)
        tri = [True, False, None]
        copy_rows(
            cur,
            "learners_learnerprofile",
            [
                "id",
                "learner_id",
                "gender",
                "qualification_level",
                "situation",
                "france_travail_registered",
                "qpv",
                "qpv_code",
                "zrr",
                "sensitive_consent",
            ],
            (
                (
                    pid,
                    lid,
                    rng.choice("FHHX"),
                    rng.choice(["sans", "3", "4", "5", "6"]),
                    rng.choice(["demandeur_emploi", "neet", "salarie", "autre"]),
                    rng.choice(tri),
                    rng.choice(tri),
                    "",
                    rng.choice(tri),
                    False,
                )
                for pid, lid in zip(profile_ids, learner_ids, strict=True)
            ),
        )
        enrolment_ids = _next_ids(cur, "learners_enrolment", n)
        enrolments, attendance, outcomes = [], [], []
        att_ids = iter(_next_ids(cur, "learners_attendance", n * SESSIONS))
        out_ids = iter(_next_ids(cur, "outcomes_outcome", n * 3))
        for k, (eid, lid) in enumerate(zip(enrolment_ids, learner_ids, strict=True)):
            cid, _code, start, end = cohorts[k // PER_COHORT]
            roll = rng.random()
            status = "completed" if roll < 0.8 else "dropped_out" if roll < 0.92 else "in_training"
            dropped = start + timedelta(days=20) if status == "dropped_out" else None
            enrolments.append((eid, status, now, "sante" if dropped else "", "", dropped, now, cid, lid))
            for sid in sessions[cid]:
                present = rng.random() < 0.85
                attendance.append(
                    (
                        next(att_ids),
                        "present" if present else "absent_unjustified",
                        180 if present else 0,
                        "roll_call",
                        "",
                        now,
                        eid,
                        sid,
                    )
                )
            if status != "in_training":
                for checkpoint, months in (("sortie", 0), ("3_mois", 3), ("6_mois", 6)):
                    if rng.random() < 0.85:
                        outcomes.append(
                            (
                                next(out_ids),
                                checkpoint,
                                rng.choice(situations),
                                min(today, end + timedelta(days=30 * months)),
                                "autre",
                                True,
                                "",
                                now,
                                now,
                                eid,
                            )
                        )
        copy_rows(
            cur,
            "learners_enrolment",
            [
                "id",
                "status",
                "status_changed_at",
                "dropout_reason",
                "dropout_comment",
                "dropout_date",
                "created_at",
                "cohort_id",
                "learner_id",
            ],
            enrolments,
        )
        copy_rows(
            cur,
            "learners_attendance",
            ["id", "status", "minutes", "method", "signature", "recorded_at", "enrolment_id", "session_id"],
            attendance,
        )
        copy_rows(cur, "outcomes_outcome", OUTCOME_COLUMNS, outcomes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def _best(fn, runs=3):
    best, value = None, None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    return best, value


def main():
    _setup()
    from django.utils import timezone

    from lms.reporting.compute import compute
    from lms.reporting.data import ReportFilters, assemble, fetch
    from lms.reporting.exports import to_xlsx

    t0 = time.perf_counter()
    if generate():
        print(f"données générées en {time.perf_counter() - t0:.1f} s")
    today = timezone.localdate()
    filters = ReportFilters()
    fetch(filters, today=today)  # warm the connection and the caches, as a running server would be

    t_load, tables = _best(lambda: fetch(filters, today=today))
    t_compute, report = _best(lambda: compute(tables["cohorts"], assemble(**tables)), 5)
    t_xlsx, content = _best(lambda: to_xlsx(report), runs=1)

    # The floor: the same computation on DataFrames already in memory (fresh copies each run).
    frames = {k: v.copy() for k, v in tables.items()}
    t_floor, _ = _best(
        lambda: compute(frames["cohorts"], assemble(**{k: v.copy() for k, v in frames.items()})), 5
    )

    learners = len(tables["learners"])
    load1, load5, _load15 = os.getloadavg()
    print(f"charge de la machine : {load1:.1f} (1 min), {load5:.1f} (5 min) sur {os.cpu_count()} cœurs")
    total = t_load + t_compute + t_xlsx
    ratio = (t_load + t_compute) / t_floor
    print(f"cohortes : {len(tables['cohorts'])}, entrants : {learners}, constats : {len(tables['outcomes'])}")
    print(f"chargement (base → DataFrames)  : {t_load:6.2f} s")
    print(f"calcul (assemblage + indicateurs): {t_compute:6.2f} s")
    print(f"écriture XLSX ({len(content) // 1024} Kio)        : {t_xlsx:6.2f} s")
    print(f"plancher (calcul en mémoire)     : {t_floor:6.2f} s")
    print(f"total {total:.2f} s (cible < 10 s) ; (chargement + calcul) / plancher = {ratio:.2f} (cible ≤ 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
