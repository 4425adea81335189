"""Helpers for the intake suite: files in the format of inscriptions.md, open cohorts, partners."""

import io
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from courses.models import Cohort
from tests.factories import CohortFactory, PartnerFactory, partner_staff

EXAMPLE = Path("/work/shared/formats/inscriptions-exemple.csv")
HEADER = [
    "nom",
    "prenom",
    "date_naissance",
    "genre",
    "email",
    "telephone",
    "code_postal",
    "niveau_diplome",
    "situation",
    "inscrit_france_travail",
    "duree_inscription_mois",
    "qpv",
    "code_qpv",
    "zrr",
    "reconversion",
    "rsa",
    "rqth",
    "consentement_donnees_sensibles",
]


def example_bytes() -> bytes:
    """The shared example file; falls back to its content if the shared folder is absent."""
    if EXAMPLE.exists():
        return EXAMPLE.read_bytes()
    return EXAMPLE_TEXT.encode("utf-8")


EXAMPLE_TEXT = (
    ";".join(HEADER) + "\n"
    "Benali;Yasmine;14/02/2004;F;yasmine.benali@example.org;06 12 34 56 78;80080;sans;neet;oui;7;oui;"
    "QN08001M;non;non;non;;\n"
    "Martin;Kevin;2001-09-30;H;;07 11 22 33 44;80000;3;demandeur_emploi;oui;14;non;;non;oui;oui;non;oui\n"
    "Ndiaye;Awa;03/12/1998;F;awa.ndiaye@example.org;;13015;4;demandeur_emploi;oui;26;oui;QN01315M;non;oui;non;;\n"
    "Lefèvre;Théo;22/06/2006;H;theo.lefevre@example.org;;80090;sans;neet;non;;non;;oui;non;;;\n"
)


def as_excel_french(data: bytes) -> bytes:
    """What French Excel writes: Windows-1252, `;`, CRLF."""
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252")


def person(**overrides) -> dict:
    row = dict.fromkeys(HEADER, "")
    row.update(
        nom="Durand",
        prenom="Inès",
        date_naissance="12/03/2001",
        genre="F",
        niveau_diplome="4",
        situation="demandeur_emploi",
    )
    row.update(overrides)
    return row


def csv_bytes(rows, *, delimiter=";", header=None, encoding="utf-8", bom=False) -> bytes:
    header = header or HEADER
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join(str(row.get(col, "")) for col in HEADER))
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


def xlsx_bytes(rows, *, header=None, raw_rows=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header or HEADER)
    for row in rows:
        ws.append([row.get(col, "") for col in HEADER])
    for raw in raw_rows or []:
        ws.append(raw)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def many_people(n: int, *, start=0) -> list[dict]:
    return [
        person(nom=f"Nom{i:05d}", prenom=f"Prénom{i}", email=f"p{i}@example.org", date_naissance="01/01/1990")
        for i in range(start, start + n)
    ]


def open_cohort(**kwargs) -> Cohort:
    start = timezone.localdate() + timedelta(days=30)
    defaults = dict(
        status=Cohort.Status.OPEN, start_date=start, end_date=start + timedelta(days=60), capacity=20
    )
    defaults.update(kwargs)
    return CohortFactory(**defaults)


def partner_with_staff(**kwargs):
    partner = PartnerFactory(**kwargs)
    return partner, partner_staff(partner=partner)
