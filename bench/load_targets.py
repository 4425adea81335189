"""Run by bench_load.py with gunicorn's environment: prints, as JSON, the requests each load test
sends (path and session cookie). Users are logged in once here and their cookies reused."""

import json
import os
import sys
from pathlib import Path

USERS = 20


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from certificates.models import Certificate
    from courses.models import CatalogPage, Cohort

    User = get_user_model()

    def cookie(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    learners = [("/mon-parcours/", cookie(f"stagiaire-{k:05d}")) for k in range(1, USERS + 1)]
    roster = []
    for k in range(1, USERS + 1):
        username = f"formateur-{k:02d}"
        # A trainer's running cohort when there is one (the roster they open during the day).
        mine = Cohort.objects.filter(trainers__username=username, code__startswith="GR-")
        cohort = (
            mine.filter(status="running").order_by("-start_date").values_list("code", flat=True).first()
            or mine.filter(status="closed").order_by("-start_date").values_list("code", flat=True).first()
        )
        roster.append((f"/formateur/session/{cohort}/", cookie(username)))
    catalog = CatalogPage.objects.first().url
    catalogue = [(catalog, ""), (f"{catalog}?format=discovery", ""), (f"{catalog}?a_venir=1", "")]
    codes = Certificate.objects.filter(status="valid").order_by("-pk").values_list("code", flat=True)[:USERS]
    verification = [(f"/verifier/{code}/", "") for code in codes]
    json.dump(
        {
            "plancher": [("/banc/plancher/", "")],
            "catalogue": catalogue,
            "espace stagiaire": learners,
            "liste formateur": roster,
            "vérification": verification,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
