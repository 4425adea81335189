"""Closed attendance sheets never change (learners 0003), with one exception added here: once a
learner's legal hold on attendance is over and released by the retention policy, the drawn
signature may be cleared, and nothing else. Status and minutes stay for the statistics."""

import importlib

from django.db import migrations

guard = importlib.import_module("learners.migrations.0003_closed_sheet_triggers")

ONLY_SIGNATURE_CLEARED = (
    "NEW.signature = '' AND NEW.session_id = OLD.session_id AND NEW.enrolment_id = OLD.enrolment_id "
    "AND NEW.status = OLD.status AND NEW.minutes = OLD.minutes AND NEW.method = OLD.method"
)
HOLD_RELEASED = (
    "EXISTS (SELECT 1 FROM privacy_legalhold h JOIN learners_enrolment e ON e.learner_id = h.learner_id "
    "WHERE e.id = OLD.enrolment_id AND h.kind = 'emargement' AND h.released_at IS NOT NULL)"
)
EXPIRED = f"({ONLY_SIGNATURE_CLEARED} AND {HOLD_RELEASED})"
CLOSED_OLD, CLOSED_NEW = guard.CLOSED.format(row="OLD"), guard.CLOSED.format(row="NEW")

PG_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION learners_attendance_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF {CLOSED_NEW} THEN
          RAISE EXCEPTION '{guard.MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      ELSIF TG_OP = 'DELETE' THEN
        IF {CLOSED_OLD} THEN
          RAISE EXCEPTION '{guard.MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF ({CLOSED_OLD} OR {CLOSED_NEW})
         AND NOT ({guard.AMENDED} AND {guard.SAME_EVIDENCE}) AND NOT {EXPIRED} THEN
        RAISE EXCEPTION '{guard.MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;"""
]
PG_BACKWARD = [guard.PG_FORWARD[0]]

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS learners_attendance_closed_update;",
    f"""CREATE TRIGGER learners_attendance_closed_update BEFORE UPDATE ON learners_attendance
    WHEN ({CLOSED_OLD} OR {CLOSED_NEW})
      AND NOT ({guard.AMENDED} AND {guard.SAME_EVIDENCE.replace("IS NOT DISTINCT FROM", "IS")})
      AND NOT {EXPIRED}
    BEGIN SELECT RAISE(ABORT, '{guard.MESSAGE}'); END;""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS learners_attendance_closed_update;", guard.SQLITE_FORWARD[1]]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_consents_from_profiles"), ("learners", "0003_closed_sheet_triggers")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
