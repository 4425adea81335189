"""Database guard for closed attendance sheets (DOMAIN.md: a closed sheet never changes).

Triggers refuse, whatever the client (service, admin, raw ORM, SQL console):
- inserting or deleting an attendance row of a closed sheet;
- updating such a row, unless an AttendanceAmendment records exactly that change
  (old and new status and minutes): the amendment service writes the amendment first;
- changing or deleting a closed sheet, and changing or deleting an amendment.
Both PostgreSQL and SQLite are covered; errors surface as IntegrityError.
"""

from django.db import migrations

MESSAGE = "feuille d''émargement clôturée : utilisez une correction"

CLOSED = (
    "EXISTS (SELECT 1 FROM learners_attendancesheet s "
    "WHERE s.session_id = {row}.session_id AND s.closed_at IS NOT NULL)"
)
AMENDED = (
    "EXISTS (SELECT 1 FROM learners_attendanceamendment a WHERE a.attendance_id = OLD.id "
    "AND a.old_status = OLD.status AND a.new_status = NEW.status "
    "AND a.old_minutes = OLD.minutes AND a.new_minutes = NEW.minutes)"
)
# Only status and minutes may move, and only through an amendment.
SAME_EVIDENCE = (
    "NEW.session_id = OLD.session_id AND NEW.enrolment_id = OLD.enrolment_id "
    "AND NEW.signature = OLD.signature AND NEW.method = OLD.method "
    "AND NEW.signed_at IS NOT DISTINCT FROM OLD.signed_at"
)

SQLITE_FORWARD = [
    f"""CREATE TRIGGER learners_attendance_closed_insert BEFORE INSERT ON learners_attendance
    WHEN {CLOSED.format(row="NEW")}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER learners_attendance_closed_update BEFORE UPDATE ON learners_attendance
    WHEN ({CLOSED.format(row="OLD")} OR {CLOSED.format(row="NEW")})
      AND NOT ({AMENDED} AND {SAME_EVIDENCE.replace("IS NOT DISTINCT FROM", "IS")})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER learners_attendance_closed_delete BEFORE DELETE ON learners_attendance
    WHEN {CLOSED.format(row="OLD")}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER learners_sheet_closed_update BEFORE UPDATE ON learners_attendancesheet
    WHEN OLD.closed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER learners_sheet_closed_delete BEFORE DELETE ON learners_attendancesheet
    WHEN OLD.closed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    """CREATE TRIGGER learners_amendment_update BEFORE UPDATE ON learners_attendanceamendment
    BEGIN SELECT RAISE(ABORT, 'une correction ne se modifie pas'); END;""",
    """CREATE TRIGGER learners_amendment_delete BEFORE DELETE ON learners_attendanceamendment
    BEGIN SELECT RAISE(ABORT, 'une correction ne se supprime pas'); END;""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "learners_attendance_closed_insert",
        "learners_attendance_closed_update",
        "learners_attendance_closed_delete",
        "learners_sheet_closed_update",
        "learners_sheet_closed_delete",
        "learners_amendment_update",
        "learners_amendment_delete",
    )
]

PG_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION learners_attendance_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF {CLOSED.format(row="NEW")} THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      ELSIF TG_OP = 'DELETE' THEN
        IF {CLOSED.format(row="OLD")} THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF ({CLOSED.format(row="OLD")} OR {CLOSED.format(row="NEW")})
         AND NOT ({AMENDED} AND {SAME_EVIDENCE}) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER learners_attendance_guard BEFORE INSERT OR UPDATE OR DELETE
    ON learners_attendance FOR EACH ROW EXECUTE FUNCTION learners_attendance_guard();""",
    f"""CREATE OR REPLACE FUNCTION learners_sheet_guard() RETURNS trigger AS $$
    BEGIN
      IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER learners_sheet_guard BEFORE UPDATE OR DELETE
    ON learners_attendancesheet FOR EACH ROW EXECUTE FUNCTION learners_sheet_guard();""",
    """CREATE OR REPLACE FUNCTION learners_amendment_guard() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'une correction ne se modifie pas' USING ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER learners_amendment_guard BEFORE UPDATE OR DELETE
    ON learners_attendanceamendment FOR EACH ROW EXECUTE FUNCTION learners_amendment_guard();""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS learners_attendance_guard ON learners_attendance;",
    "DROP TRIGGER IF EXISTS learners_sheet_guard ON learners_attendancesheet;",
    "DROP TRIGGER IF EXISTS learners_amendment_guard ON learners_attendanceamendment;",
    "DROP FUNCTION IF EXISTS learners_attendance_guard();",
    "DROP FUNCTION IF EXISTS learners_sheet_guard();",
    "DROP FUNCTION IF EXISTS learners_amendment_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"No closed-sheet triggers for {schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("learners", "0002_attendance_skills_notes")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
