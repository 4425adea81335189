"""Demo data this sub-app adds on top of lms.demo (called at the end of seed_demo; idempotent)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

DEMO_FILE = "inscriptions-e2c-promo-precedente.csv"


def seed(context: dict) -> None:
    """A group import the E2C advisor made for the past cohort: recorded, done, with its rows."""
    from learners.models import Enrolment

    from .models import GroupImport, GroupImportRow

    partner = context["partners"]["e2c"]
    cohort = context["cohorts"]["long_past"]
    user = context["users"]["e2c"]
    if GroupImport.objects.filter(cohort=cohort, partner=partner, file_name=DEMO_FILE).exists():
        return
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, partner=partner).select_related("learner").order_by("pk")
    )
    if not enrolments:
        return
    when = timezone.make_aware(datetime.combine(cohort.start_date - timedelta(days=20), time(10, 15)))
    rejected = [
        {
            "line": len(enrolments) + 2,
            "name": "Diallo Moussa",
            "errors": ["date de naissance : « 31/02/2001 » n'existe pas."],
        }
    ]
    group_import = GroupImport.objects.create(
        cohort=cohort,
        partner=partner,
        created_by=user,
        file_name=DEMO_FILE,
        file_format="csv",
        status=GroupImport.Status.DONE,
        rows_total=len(enrolments) + 1,
        rows_valid=len(enrolments),
        rows_rejected=1,
        learners_created=len(enrolments),
        learners_reused=0,
        accounts_created=0,
        enrolled=len(enrolments),
        preview={
            "format": "csv",
            "encoding": "cp1252",
            "delimiter": ";",
            "warnings": ["Colonne inconnue, ignorée : « référent »."],
            "blocking": [],
            "valid": [],
            "rejected": rejected,
            "new_learners": len(enrolments),
        },
        confirmed_by=user,
        confirmed_at=when + timedelta(minutes=4),
        finished_at=when + timedelta(minutes=4),
    )
    GroupImport.objects.filter(pk=group_import.pk).update(created_at=when)
    GroupImportRow.objects.bulk_create(
        [
            GroupImportRow(
                group_import=group_import, line=i, learner=e.learner, enrolment=e, learner_created=True
            )
            for i, e in enumerate(enrolments, start=2)
        ]
    )
