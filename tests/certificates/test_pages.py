"""Public verification, the learner's downloads, the coordinator's admin pages."""

import io
import json

import pytest
from django.core.cache import cache

from certificates import services
from certificates.models import CertificateKind
from tests.factories import coordinator, learner_user, trainer

from .factories import finished_cohort

pytestmark = pytest.mark.django_db

K = CertificateKind


@pytest.fixture
def certificate(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = services.issue_certificate(enrolment=enrolment, kind=K.SKILLS)
    services.render_pending(ids=[certificate.pk])
    certificate.refresh_from_db()
    return certificate


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_verification_page_shows_only_what_the_document_shows(
    client, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(f"/verifier/{certificate.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Document valide" in body
    assert certificate.content["learner"]["full_name"] in body
    assert certificate.content["course"]["title"] in body
    assert "1 mars 2027" in body and "31 mars 2027" in body
    assert "7 h" in body and "La Fabrique du Tremplin" in body
    # Nothing else about the learner.
    learner = certificate.learner
    assert learner.birth_date.strftime("%d/%m/%Y") not in body and "2000-05-17" not in body
    assert '<meta name="robots" content="noindex' in body
    assert response["X-Robots-Tag"].startswith("noindex")


def test_typed_code_with_dashes_and_lower_case_leads_to_the_page(client, certificate):
    response = client.get("/verifier/", {"code": certificate.display_code.lower()})
    assert response.status_code == 302 and response.url == f"/verifier/{certificate.code}/"
    response = client.get(f"/verifier/{certificate.display_code}/")
    assert response.status_code == 302 and response.url == f"/verifier/{certificate.code}/"


def test_revoked_certificate_says_so(client, certificate):
    services.revoke_certificate(certificate=certificate, reason="Fraude", by=coordinator())
    body = client.get(f"/verifier/{certificate.code}/").content.decode()
    assert "Document révoqué" in body and "Document valide" not in body


def test_superseded_certificate_says_so(client, certificate):
    new, _job = services.reissue_certificate(certificate=certificate, by=coordinator())
    assert "Document remplacé" in client.get(f"/verifier/{certificate.code}/").content.decode()
    assert "Document valide" in client.get(f"/verifier/{new.code}/").content.decode()


@pytest.mark.parametrize("code", ["AAAA", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "%3Cscript%3E", "é" * 20, "0" * 200])
def test_unknown_or_malformed_code_gives_a_clear_french_page(client, code, certificate):
    response = client.get(f"/verifier/{code}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Document introuvable" in body
    assert "<script>" not in body
    assert response["X-Robots-Tag"].startswith("noindex")


def test_form_with_a_malformed_code_explains_the_format(client):
    response = client.get("/verifier/", {"code": "12"})
    assert response.status_code == 200
    assert "20 lettres et chiffres" in response.content.decode()


def test_guessing_codes_is_rate_limited_but_real_codes_are_not_slowed(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = "3/10m"
    for _i in range(5):
        assert client.get(f"/verifier/{certificate.code}/").status_code == 200
    for _i in range(4):  # the limit, then one over it
        assert client.get("/verifier/ZZZZZZZZZZZZZZZZZZZZ/").status_code == 404
    response = client.get(f"/verifier/{certificate.code}/")
    assert response.status_code == 429
    assert "Trop d'essais" in response.content.decode()


def test_open_badge_downloads_and_is_checked_by_the_verification_page(client, certificate):
    client.force_login(learner_user(certificate.learner))
    response = client.get(f"/mes-documents/{certificate.code}.json")
    assert response.status_code == 200
    credential = json.loads(response.content)
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["evidence"][0]["id"] == certificate.content["verification_url"]

    upload = io.BytesIO(response.content)
    upload.name = "badge.json"
    body = client.post(f"/verifier/{certificate.code}/", {"badge": upload}).content.decode()
    assert "Ce badge est authentique" in body

    credential["credentialSubject"]["result"][0]["value"] = "3 – Peut former"
    forged = io.BytesIO(json.dumps(credential).encode())
    forged.name = "badge.json"
    body = client.post(f"/verifier/{certificate.code}/", {"badge": forged}).content.decode()
    assert "ne correspond pas au badge émis" in body


def test_learner_downloads_their_pdf_and_gets_404_for_anyone_elses(client, certificate, templates):
    owner = learner_user(certificate.learner)
    other = learner_user()
    assert client.get(f"/mes-documents/{certificate.code}.pdf").status_code == 302  # login first
    client.force_login(other)
    assert client.get(f"/mes-documents/{certificate.code}.pdf").status_code == 404
    client.force_login(owner)
    response = client.get(f"/mes-documents/{certificate.code}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_learner_documents_list(certificate):
    from django.template.loader import render_to_string

    from certificates.selectors import certificates_for_learner

    html = render_to_string(
        "certificates/includes/learner_documents.html",
        {"certificates": certificates_for_learner(certificate.learner)},
    )
    assert certificate.number in html
    assert f"/mes-documents/{certificate.code}.pdf" in html
    assert f"/mes-documents/{certificate.code}.json" in html


def test_a_learner_named_script_is_escaped_in_the_pages(client, templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    enrolment.learner.first_name = "<script>alert(1)</script>"
    enrolment.learner.save()
    certificate = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    services.render_pending(ids=[certificate.pk])
    pages = [client.get(f"/verifier/{certificate.code}/").content.decode()]
    client.force_login(coordinator())
    pages.append(client.get(f"/admin/attestations/{certificate.pk}/").content.decode())
    pages.append(client.get("/admin/attestations/").content.decode())
    pages.append(client.get(f"/admin/attestations/sessions/{enrolment.cohort_id}/").content.decode())
    for body in pages:
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_coordinator_issues_a_cohort_from_the_admin_and_sees_the_outcome(
    client, templates, django_capture_on_commit_callbacks
):
    cohort, _enrolments = finished_cohort(learners=3)
    client.force_login(coordinator())
    page = client.get(f"/admin/attestations/sessions/{cohort.pk}/?kind=fin_formation")
    assert page.status_code == 200
    assert "3 personnes remplissent les conditions" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/attestations/sessions/{cohort.pk}/", {"kind": "fin_formation"})
    assert response.status_code == 302
    progress = client.get(response.url)
    body = progress.content.decode()
    assert progress.status_code == 200 and "Télécharger le ZIP" in body
    job_id = response.url.rstrip("/").split("/")[-1]
    zip_response = client.get(f"/admin/attestations/taches/{job_id}/zip/")
    assert zip_response.status_code == 200
    assert client.get(f"/taches/{job_id}/").json()["percent"] == 100


def test_admin_pages_are_for_coordinators_only(client, certificate):
    client.force_login(trainer())
    for url in (
        "/admin/attestations/",
        f"/admin/attestations/{certificate.pk}/",
        "/admin/attestations/sessions/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url


def test_certificate_list_query_count_does_not_grow_with_rows(
    client, templates, django_assert_max_num_queries
):
    cohort, enrolments = finished_cohort(learners=12)
    for enrolment in enrolments:
        services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    client.force_login(coordinator())
    with django_assert_max_num_queries(20):
        assert client.get("/admin/attestations/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/admin/attestations/sessions/{cohort.pk}/").status_code == 200


def test_coordinator_issues_one_revokes_and_reissues_from_the_admin(
    client, templates, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate

    cohort, (enrolment,) = finished_cohort(learners=1)
    client.force_login(coordinator())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/attestations/inscriptions/{enrolment.pk}/emettre/", {"kind": "realisation"}
        )
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrolment=enrolment, kind="realisation")
    assert certificate.is_ready

    response = client.post(f"/admin/attestations/{certificate.pk}/revoquer/", {"reason": ""}, follow=True)
    assert "Indiquez le motif" in response.content.decode()
    client.post(f"/admin/attestations/{certificate.pk}/revoquer/", {"reason": "Heures erronées"})
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revocation_reason == "Heures erronées"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/attestations/{certificate.pk}/reemettre/")
    new = Certificate.objects.get(supersedes=certificate)
    assert response.url == f"/admin/attestations/{new.pk}/"
    assert new.is_ready and new.status == "valid"
    pdf = client.get(f"/admin/attestations/{new.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_trainer_cannot_issue_or_revoke(client, certificate):
    client.force_login(trainer())
    assert client.post(f"/admin/attestations/{certificate.pk}/revoquer/", {"reason": "x"}).status_code in (
        302,
        403,
        404,
    )
    enrolment_id = certificate.enrolment_id
    client.post(f"/admin/attestations/inscriptions/{enrolment_id}/emettre/", {"kind": "realisation"})
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert not certificate.enrolment.certificates.filter(kind="realisation").exists()


def test_templates_are_a_snippet_for_coordinators_only(client, templates):
    template = templates[K.COMPLETION]
    base = "/admin/snippets/certificates/certificatetemplate/"
    client.force_login(trainer())
    assert client.get(base).status_code in (302, 403)
    client.force_login(coordinator())
    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 200
    edit = client.get(f"{base}edit/{template.pk}/")
    assert edit.status_code == 200
    # The mandatory mentions are not fields: nothing on the form can switch them off.
    assert "3 ans" not in edit.content.decode() and "mention" not in edit.content.decode().lower()
