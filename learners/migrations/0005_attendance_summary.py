"""Attended minutes per enrolment, kept by triggers on learners_attendance (see AttendanceSummary).

On PostgreSQL the triggers run once per statement over its transition tables and add the
difference it made per enrolment (safe when two transactions write the same enrolment): closing
a sheet or loading a million rows costs one grouped update. SQLite, which runs one writer at a
time, recomputes the sum per row. Either way the summary follows every client (service, bulk
insert, amendment, COPY); `manage.py verifier_cumuls_presence` compares it with the rows.
"""

import django.db.models.deletion
from django.db import migrations, models

# Attendance.ATTENDED, frozen here as the migration's own copy.
ATTENDED = "('present', 'late', 'left_early')"

RECOMPUTE = (
    "SELECT coalesce(sum(a.minutes), 0) FROM learners_attendance a "
    f"WHERE a.enrolment_id = {{enrolment}} AND a.status IN {ATTENDED}"
)

SQLITE_UPSERT = (
    "INSERT INTO learners_attendancesummary (enrolment_id, attended_minutes) "
    f"VALUES ({{row}}.enrolment_id, ({RECOMPUTE.format(enrolment='{row}.enrolment_id')})) "
    "ON CONFLICT (enrolment_id) DO UPDATE SET attended_minutes = excluded.attended_minutes;"
)

SQLITE_FORWARD = [
    f"""CREATE TRIGGER learners_attendance_summary_insert AFTER INSERT ON learners_attendance
    BEGIN {SQLITE_UPSERT.format(row="NEW")} END;""",
    f"""CREATE TRIGGER learners_attendance_summary_update AFTER UPDATE ON learners_attendance
    BEGIN {SQLITE_UPSERT.format(row="OLD")} {SQLITE_UPSERT.format(row="NEW")} END;""",
    f"""CREATE TRIGGER learners_attendance_summary_delete AFTER DELETE ON learners_attendance
    BEGIN {SQLITE_UPSERT.format(row="OLD")} END;""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS learners_attendance_summary_{event};" for event in ("insert", "update", "delete")
]


def _pg_apply_delta(changes: str) -> str:
    """Add each enrolment's change in attended minutes. A difference, not a recomputed sum: two
    transactions writing the same enrolment each see only their own rows, and a recomputed total
    from the second would overwrite the first's. Rows are locked in enrolment order first, so
    two sheets closed at once cannot deadlock on the summary."""
    delta = f"SELECT enrolment_id, sum(minutes)::integer AS delta FROM ({changes}) c GROUP BY enrolment_id"
    return f"""
        PERFORM 1 FROM learners_attendancesummary s
          WHERE s.enrolment_id IN (SELECT enrolment_id FROM ({changes}) c)
          ORDER BY s.enrolment_id FOR UPDATE;
        UPDATE learners_attendancesummary s SET attended_minutes = s.attended_minutes + d.delta
          FROM ({delta}) d WHERE s.enrolment_id = d.enrolment_id AND d.delta <> 0;
        INSERT INTO learners_attendancesummary (enrolment_id, attended_minutes)
          SELECT d.enrolment_id, d.delta FROM ({delta}) d
          WHERE d.delta > 0 AND NOT EXISTS (
            SELECT 1 FROM learners_attendancesummary s WHERE s.enrolment_id = d.enrolment_id)
          ORDER BY d.enrolment_id
          ON CONFLICT (enrolment_id) DO UPDATE
            SET attended_minutes = learners_attendancesummary.attended_minutes + excluded.attended_minutes;"""


def _counted(table: str, sign: str = "") -> str:
    return f"SELECT enrolment_id, {sign}minutes AS minutes FROM {table} WHERE status IN {ATTENDED}"


PG_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION learners_attendance_summary() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        {_pg_apply_delta(_counted("new_rows"))}
      ELSIF TG_OP = 'DELETE' THEN
        {_pg_apply_delta(_counted("old_rows", "-"))}
      ELSE
        {_pg_apply_delta(_counted("new_rows") + " UNION ALL " + _counted("old_rows", "-"))}
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER learners_attendance_summary_insert AFTER INSERT ON learners_attendance
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION learners_attendance_summary();""",
    """CREATE TRIGGER learners_attendance_summary_update AFTER UPDATE ON learners_attendance
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION learners_attendance_summary();""",
    """CREATE TRIGGER learners_attendance_summary_delete AFTER DELETE ON learners_attendance
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION learners_attendance_summary();""",
]
PG_BACKWARD = [
    f"DROP TRIGGER IF EXISTS learners_attendance_summary_{event} ON learners_attendance;"
    for event in ("insert", "update", "delete")
] + ["DROP FUNCTION IF EXISTS learners_attendance_summary();"]

# Rows already recorded before the triggers existed.
BACKFILL = (
    "INSERT INTO learners_attendancesummary (enrolment_id, attended_minutes) "
    f"SELECT enrolment_id, sum(CASE WHEN status IN {ATTENDED} THEN minutes ELSE 0 END) "
    "FROM learners_attendance GROUP BY enrolment_id;"
)


def _run(statements_by_vendor, backfill=False):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"No attendance-summary triggers for {schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql, params=None)
        if backfill:
            schema_editor.execute(BACKFILL, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0004_profile_unknown_allowed"),
    ]

    operations = [
        migrations.CreateModel(
            name="AttendanceSummary",
            fields=[
                (
                    "enrolment",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="attendance_summary",
                        serialize=False,
                        to="learners.enrolment",
                    ),
                ),
                ("attended_minutes", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "cumul de présence",
                "verbose_name_plural": "cumuls de présence",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}, backfill=True),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
