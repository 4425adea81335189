"""python manage.py verifier_cumuls_presence [--reparer]

Compares the attended-minutes summary (kept by database triggers, read by the funder reports)
with the attendance rows themselves. A difference means rows were written with the triggers
disabled (a restore, a manual `ALTER TABLE … DISABLE TRIGGER`): the reports would be wrong
without anyone noticing, so the command exits in error until it is repaired.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from learners.models import Attendance

ATTENDED = tuple(str(status) for status in Attendance.ATTENDED)
_PLACEHOLDERS = ", ".join(["%s"] * len(ATTENDED))
# Enrolments whose summary differs from the sum of their attended rows (a missing row counts as 0).
DIFFERENCES = f"""
    SELECT t.enrolment_id, coalesce(s.attended_minutes, 0), t.minutes
    FROM (
        SELECT e.id AS enrolment_id, coalesce(sum(a.minutes) FILTER (WHERE a.status IN ({_PLACEHOLDERS})), 0)
            AS minutes
        FROM learners_enrolment e LEFT JOIN learners_attendance a ON a.enrolment_id = e.id
        GROUP BY e.id
    ) t
    LEFT JOIN learners_attendancesummary s ON s.enrolment_id = t.enrolment_id
    WHERE coalesce(s.attended_minutes, 0) <> t.minutes
    ORDER BY t.enrolment_id
"""  # noqa: S608 (only "%s" placeholders are formatted in)


class Command(BaseCommand):
    help = "Vérifie que les cumuls de présence lus par les rapports correspondent aux émargements."

    def add_arguments(self, parser):
        parser.add_argument("--reparer", action="store_true", help="recalcule les cumuls faux")

    def handle(self, *args, reparer, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            if reparer and connection.vendor == "postgresql":
                # Marks written between the check and the repair would be overwritten: hold
                # writers (not readers) until the repair commits.
                cursor.execute("LOCK TABLE learners_attendance IN SHARE MODE")
            cursor.execute(DIFFERENCES, ATTENDED)
            wrong = cursor.fetchall()
            for enrolment_id, summary, actual in wrong[:20]:
                self.stdout.write(
                    f"Inscription {enrolment_id} : cumul {summary} min, émargements {actual} min"
                )
            if wrong and reparer:
                cursor.executemany(
                    "INSERT INTO learners_attendancesummary (enrolment_id, attended_minutes) "
                    "VALUES (%s, %s) ON CONFLICT (enrolment_id) DO UPDATE "
                    "SET attended_minutes = excluded.attended_minutes",
                    [(enrolment_id, actual) for enrolment_id, _summary, actual in wrong],
                )
        if not wrong:
            self.stdout.write(self.style.SUCCESS("Cumuls de présence exacts."))
        elif reparer:
            self.stdout.write(self.style.SUCCESS(f"{len(wrong)} cumul(s) recalculé(s)."))
        else:
            raise CommandError(
                f"{len(wrong)} cumul(s) de présence faux : les rapports financeurs seraient faux. "
                "Relancez avec --reparer."
            )
