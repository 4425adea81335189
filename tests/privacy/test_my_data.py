"""Right of access: a learner downloads everything held about them, as JSON and as PDF."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from learners.models import ProgressNote
from learners.outcomes.models import ReportRun
from learners.privacy import audit
from tests.factories import EnrolmentFactory, SessionFactory, learner_user
from tests.factories import trainer as make_trainer
from tests.outcomes.factories import attend

from .factories import full_file

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_json_holds_every_part_of_the_file(client):
    f = full_file()
    client.force_login(f["user"])
    data = json.loads(client.get(reverse("learner_space:my_data")).content)
    assert data["identite"]["nom"] == "Belkacem" and data["identite"]["telephone"] == "06 11 22 33 44"
    assert data["profil"]["rqth"] is True
    # French keys and labels, like the rest of the file, not the code's field names and codes.
    assert "gender" not in data["profil"] and data["profil"]["genre"] not in ("F", "M", "X")
    # Moments in French time: a learner reads 14 h 05, not the server's UTC.
    assert "+00:00" not in json.dumps(data)
    assert [c["finalite"] for c in data["consentements"]] == [
        "RQTH (reconnaissance de travailleur handicapé) : donnée de santé"
    ]
    assert len(data["emargements"]) == 2 and data["emargements"][0]["signature"].startswith("data:image/png")
    assert data["competences"][0]["niveau"] == 2
    immersion = data["immersions"][0]
    assert immersion["evaluations"][0]["commentaires"] == "Très à l'aise avec la découpeuse."
    assert immersion["heures_en_entreprise"][0]["commentaire"] == "malade mardi"
    sortie = data["sorties"][0]
    assert sortie["situation"] == "CDI" and [h["action"] for h in sortie["historique"]] == [
        "Création",
        "Remplacement",
    ]
    assert data["certificats"][0]["numero"].startswith("TRM")
    assert data["notes_de_l_equipe"][0]["note"] == "Difficultés de garde d'enfant."
    # Only the report whose filters covered the learner's cohort, not the 2019 one.
    assert [r["sessions_concernees"] for r in data["rapports_financeurs"]] == [[f["cohort"].code]]
    assert data["conservation"]["conservation_legale_jusqu_au"] == "2031-12-31"


def test_pdf_reads_as_text_and_the_download_is_logged(client):
    f = full_file()
    client.force_login(f["user"])
    response = client.get(reverse("learner_space:my_data_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Inès Belkacem" in text and "Difficultés de garde d'enfant." in text
    assert "signature enregistrée (image)" in text and "Rapports envoyés aux financeurs" in text
    # Read by people, not machines: French labels, French dates, choice labels instead of codes.
    assert "Prénom Inès" in text and "Date de naissance 14/08/2001" in text
    assert "Niveau de diplôme Niveau 3 (CAP, BEP)" in text and "2001-08-14" not in text
    entry = ModelLogEntry.objects.get(action=audit.EXPORT_SELF)
    assert entry.user == f["user"] and entry.data == {"format": "pdf"}
    assert "Belkacem" not in entry.label  # the log names the file by pseudonym


def test_the_space_offers_both_formats_and_nobody_reads_another_file(client):
    f = full_file()
    other = EnrolmentFactory()
    client.force_login(learner_user(learner=other.learner))
    assert "Belkacem" not in client.get(reverse("learner_space:my_data")).content.decode()
    client.force_login(f["user"])
    page = client.get(reverse("learner_space:home")).content.decode()
    assert reverse("learner_space:my_data_pdf") in page and reverse("learner_space:my_data") in page
    client.force_login(make_trainer())
    assert client.get(reverse("learner_space:my_data_pdf")).status_code == 404


def test_export_queries_do_not_grow_with_the_file(client, django_assert_max_num_queries):
    f = full_file()
    client.force_login(f["user"])
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("learner_space:my_data"))
    enrolment, boss = f["enrolment"], f["coordinator"]
    for i in range(8):
        session = SessionFactory(cohort=f["cohort"], date=date(2025, 3, 10 + i))
        attend(enrolment, session)
        ProgressNote.objects.create(enrolment=enrolment, author=boss, text=f"Note {i}")
        ReportRun.objects.create(params={"year": 2025}, file_format="csv", status="done", created_by=boss)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = json.loads(client.get(reverse("learner_space:my_data")).content)
    assert len(data["emargements"]) == 10 and len(data["rapports_financeurs"]) == 9


def test_the_pdf_speaks_french_not_field_names_or_codes():
    from learners.privacy.selectors import pdf_sections, personal_data

    f = full_file()
    enrolment = f["enrolment"]
    enrolment.events.create(from_status="admitted", to_status="in_training")
    text = repr(pdf_sections(personal_data(f["learner"])))
    assert "Consentement aux données sensibles donné le" in text and "sensitive" not in text
    assert "Admis" in text and "En formation" in text and "in_training" not in text
    assert "Présence" in text and "09 h 00" in text
