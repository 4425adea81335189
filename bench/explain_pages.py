"""EXPLAIN ANALYZE of every query the main pages run, on the large seed.

    DATABASE_URL=postgres://…/tremplin_bench python bench/explain_pages.py [-v]

Requests each page as its user (learner space, trainer roster and skills grid, partner list,
reporting, catalogue, course page, verification), captures its SQL and prints, per page, the
number of queries, their total execution time, and every sequential scan of a table holding more
than 10,000 rows: a filter or a join without an index. -v prints every plan.
"""

import os
import re
import sys
from pathlib import Path

BIG = 10_000


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    from certificates.models import Certificate
    from courses.models import CatalogPage, Cohort, CoursePage

    settings.DEBUG = True  # keeps connection.queries
    settings.ALLOWED_HOSTS = ["*"]
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    verbose = "-v" in sys.argv
    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
        sizes = dict(cursor.fetchall())
    running = Cohort.objects.filter(code__startswith="GR-", status="running").order_by("code").first()
    trainer = running.trainers.order_by("username").first()
    course = CoursePage.objects.filter(slug__startswith="grand-reseau").order_by("pk").first()
    pages = [
        ("catalogue", None, CatalogPage.objects.first().url),
        ("page formation", None, course.url),
        ("espace stagiaire", "stagiaire-00001", "/mon-parcours/"),
        ("liste formateur", trainer.username, f"/formateur/session/{running.code}/"),
        ("grille compétences", trainer.username, f"/formateur/session/{running.code}/competences/"),
        ("liste partenaire", "partenaire-01", "/partenaires/"),
        ("rapport GEN", "coordination", "/admin/rapports/gen/"),
        ("vérification", None, f"/verifier/{Certificate.objects.order_by('-pk').first().code}/"),
    ]
    problems = 0
    for name, username, url in pages:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        client.get(url, secure=True)
        reset_queries()
        response = client.get(url, secure=True)
        queries = list(connection.queries)
        total, flagged = 0.0, []
        for query in queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            total += float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
            for table in re.findall(r"Seq Scan on (\w+)", plan):
                if sizes.get(table, 0) > BIG:
                    flagged.append(f"{table} ({sizes[table]:,} lignes) : {query['sql'][:160]}…")
            if verbose:
                print(query["sql"], plan, sep="\n", end="\n\n")
        problems += len(flagged)
        print(
            f"{name:<20} {response.status_code}  {len(queries):>3} requêtes  {total:7.2f} ms d'exécution SQL"
        )
        for line in flagged:
            print(f"    parcours séquentiel : {line}")
    print("Aucun parcours séquentiel d'une grande table." if not problems else f"{problems} à indexer.")
    return problems


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)
