"""Profiles that already carry a sensitive-data consent or an RSA answer get a consent record,
so that withdrawing it works the same for everyone. Its source says "antérieur, à confirmer":
how the answer was collected is not known, and the coordination should confirm it."""

from django.db import migrations


def backfill(apps, schema_editor):
    Consent = apps.get_model("privacy", "Consent")
    LearnerProfile = apps.get_model("learners", "LearnerProfile")
    rows = []
    for learner_id, at in LearnerProfile.objects.filter(sensitive_consent=True).values_list(
        "learner_id", "sensitive_consent_at"
    ):
        rows.append(Consent(learner_id=learner_id, purpose="rqth", source="anterieur", **({"given_at": at} if at else {})))
    for learner_id in LearnerProfile.objects.filter(rsa__isnull=False).values_list("learner_id", flat=True):
        rows.append(Consent(learner_id=learner_id, purpose="rsa", source="anterieur"))
    Consent.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
