"""A certificate recorded without its PDF (bulk-loaded, or its job still queued) downloads all
the same: the PDF is rendered on the first request, once."""

import pytest

from certificates import services
from certificates.models import Certificate, CertificateKind
from tests.factories import learner_user

from .factories import finished_cohort

pytestmark = pytest.mark.django_db


def test_missing_pdf_is_rendered_on_first_download(client, templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = services.issue_certificate(enrolment=enrolment, kind=CertificateKind.COMPLETION)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", pdf_sha256="", rendered_at=None)
    client.force_login(learner_user(learner=enrolment.learner))

    space = client.get("/mon-parcours/").content.decode()
    assert f"/mes-documents/{certificate.code}.pdf" in space

    response = client.get(f"/mes-documents/{certificate.code}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    first = certificate.pdf_sha256
    assert first and certificate.rendered_at is not None

    client.get(f"/mes-documents/{certificate.code}.pdf")
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 == first  # served from storage, not rendered again


def test_a_render_failure_on_download_says_in_preparation_and_sends_no_mail(
    client, templates, monkeypatch, mailoutbox
):
    from lms.pdf import PdfRenderError

    _cohort, (enrolment,) = finished_cohort(learners=1)
    enrolment.learner.email = "awa@example.org"
    enrolment.learner.save()
    certificate = services.issue_certificate(enrolment=enrolment, kind=CertificateKind.COMPLETION)
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf="", pdf_sha256="", rendered_at=None, email_sent_at=None
    )
    mailoutbox.clear()
    client.force_login(learner_user(learner=enrolment.learner))

    def broken(content):
        raise PdfRenderError("police introuvable")

    monkeypatch.setattr(services, "render_certificate_pdf", broken)
    response = client.get(f"/mes-documents/{certificate.code}.pdf")
    assert response.status_code == 202 and response["Retry-After"] == "60"
    assert "Document en préparation" in response.content.decode()

    monkeypatch.undo()
    response = client.get(f"/mes-documents/{certificate.code}.pdf")
    assert response.status_code == 200
    assert mailoutbox == []  # rendered on demand: the person already has it in hand
