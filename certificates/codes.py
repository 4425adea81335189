"""Human numbers (TRM-2027-000123) and verification codes (100 random bits, Crockford base32)."""

import re
import secrets

from django.conf import settings
from django.db import connection

from .models import CertificateCounter

# Crockford's base32: no I, L, O, U, so a code copied by hand from paper reads back the same.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 20 × 5 bits = 100 bits: guessing one among millions stays hopeless
_CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """What a person typed or scanned → the stored code, or None when it cannot be one."""
    compact = "".join(ch for ch in (raw or "").upper() if ch.isalnum()).translate(_READ_AS)
    return compact if _CODE_RE.match(compact) else None


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def format_number(year: int, sequence: int) -> str:
    return f"{settings.CERTIFICATE_NUMBER_PREFIX}-{year}-{sequence:06d}"


def counter_statement(year: int, count: int = 1) -> tuple[str, list]:
    """The UPDATE that takes the year's next `count` numbers and returns the last one; no row
    when the year has no counter yet (next_sequence creates it)."""
    table = connection.ops.quote_name(CertificateCounter._meta.db_table)
    # One statement in the usual case; RETURNING works on PostgreSQL and SQLite 3.35+.
    return (
        f"UPDATE {table} SET last_number = last_number + %s WHERE year = %s RETURNING last_number",  # noqa: S608 - table name from the model, values bound
        [count, year],
    )


def next_sequence(year: int, count: int = 1) -> int:
    """Take the next number of the year (the last of `count` consecutive ones). Must run inside
    the issuing transaction: the counter row stays locked (by the UPDATE) until commit, and a
    rollback gives the numbers back (no gap)."""
    with connection.cursor() as cursor:
        cursor.execute(*counter_statement(year, count))
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    # First number of the year: INSERT … ON CONFLICT DO NOTHING, so two first issues cannot both
    # create the row; the loser's UPDATE then waits for the winner's commit.
    CertificateCounter.objects.bulk_create([CertificateCounter(year=year)], ignore_conflicts=True)
    return next_sequence(year, count)
