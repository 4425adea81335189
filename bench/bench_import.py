"""Group enrolment import: 5,000 rows validated and committed (target: under 10 s).

Runs against a throw-away database created next to the configured one (SQLite in memory by
default, `bench_<name>` on PostgreSQL), so that the developer's data is never touched.
Prints rows per second for the check (preview) and the commit, and peak Python memory.
"""

import os
import random
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 5000


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def _file(rows: int, *, offset: int = 0) -> bytes:
    rng = random.Random(5000 + offset)
    first = ["Awa", "Inès", "Kevin", "Théo", "Yasmine", "Mamadou", "Chloé", "Lucas", "Aïcha", "Enzo"]
    last = ["Martin", "Ndiaye", "Lefèvre", "Diallo", "Benali", "Petit", "Traoré", "Moreau", "Cissé", "Garcia"]
    header = (
        "nom;prenom;date_naissance;genre;email;telephone;code_postal;niveau_diplome;situation;"
        "inscrit_france_travail;duree_inscription_mois;qpv;code_qpv;zrr;reconversion;rsa;rqth;"
        "consentement_donnees_sensibles"
    )
    lines = [header]
    for i in range(rows):
        birth = date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000))
        consent = rng.random() < 0.3
        lines.append(
            ";".join(
                [
                    f"{rng.choice(last)}{i + offset}",
                    rng.choice(first),
                    birth.strftime("%d/%m/%Y"),
                    rng.choice("FHX"),
                    f"personne{i + offset}@example.org" if rng.random() < 0.8 else "",
                    "06 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
                    rng.choice(["80000", "80080", "13015"]),
                    rng.choice(["sans", "3", "4", "5"]),
                    rng.choice(["demandeur_emploi", "neet", "salarie"]),
                    rng.choice(["oui", "non", ""]),
                    str(rng.randint(0, 40)),
                    rng.choice(["oui", "non", ""]),
                    "",
                    "non",
                    rng.choice(["oui", "non"]),
                    rng.choice(["oui", "non", ""]),
                    rng.choice(["oui", "non"]) if consent else "",
                    "oui" if consent else "",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    _setup()
    from django.conf import settings
    from django.db import connection

    settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor != "sqlite":
        settings.DATABASES["default"]["TEST"]["NAME"] = f"bench_{settings.DATABASES['default']['NAME']}"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
    }
    print(f"Base de données : {connection.vendor} (création de la base jetable…)")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        # Timed without tracemalloc (it slows Python down several times), then measured with it.
        _run(code="BENCH-1", offset=0, trace=False)
        _run(code="BENCH-2", offset=ROWS, trace=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run(*, code: str, offset: int, trace: bool) -> None:
    from courses.models import Cohort
    from learners.intake.services import confirm_import, upload_import
    from learners.models import Enrolment, Partner
    from tests.factories import CohortFactory

    partner, _created = Partner.objects.get_or_create(name="E2C bench", kind=Partner.Kind.E2C)
    start = date.today() + timedelta(days=30)
    cohort = CohortFactory(
        code=code,
        status=Cohort.Status.OPEN,
        start_date=start,
        end_date=start + timedelta(days=90),
        capacity=ROWS,
    )
    data = _file(ROWS, offset=offset)
    print(f"Fichier : {ROWS} lignes, {len(data) / 1024 / 1024:.1f} Mo, Windows-1252, « ; »")

    if trace:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    group_import = upload_import(
        user=None, cohort=cohort, partner=partner, upload=data, filename="bench.csv", background=False
    )
    t1 = time.perf_counter()
    group_import = confirm_import(group_import=group_import, user=None, background=False)
    t2, c2 = time.perf_counter(), time.process_time()
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()

    assert group_import.status == "done", group_import.message
    enrolled = Enrolment.objects.filter(cohort=cohort).count()
    assert enrolled == ROWS, enrolled
    check, commit, total = t1 - t0, t2 - t1, t2 - t0
    if trace:
        print(
            f"Pic mémoire Python (tracemalloc, 2e passage) : {peak / 1024 / 1024:.1f} Mo "
            f"({total:.1f} s sous tracemalloc)"
        )
        return
    print(f"Lecture et vérification : {check:.2f} s ({ROWS / check:,.0f} lignes/s)".replace(",", " "))
    print(f"Inscription (une transaction) : {commit:.2f} s ({ROWS / commit:,.0f} lignes/s)".replace(",", " "))
    verdict = "atteint" if total < 10 else "manqué"
    print(
        f"Total : {total:.2f} s, {ROWS / total:,.0f} lignes/s (objectif < 10 s : {verdict})".replace(",", " ")
    )
    print(f"Temps CPU de ce processus : {c2 - c0:.2f} s (charge de la machine : {os.getloadavg()[0]:.1f})")
    print(f"{group_import.accounts_created} comptes créés, {group_import.learners_created} fiches créées")


if __name__ == "__main__":
    main()
