"""Issuing: mandatory mentions, frozen content, idempotence, conditions, revocation, reissue."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from certificates import services
from certificates.codes import CODE_LENGTH, normalise_code
from certificates.models import Certificate, CertificateCounter, CertificateKind
from certificates.rendering import certificate_html
from certificates.tasks import issue_cohort
from learners.models import Enrolment
from lms.models import Job
from tests.conftest import IN_CI
from tests.factories import coordinator

from .factories import finished_cohort
from .helpers import pdf_text

pytestmark = pytest.mark.django_db

K = CertificateKind

# What each kind must always print (DOMAIN.md, "Certificates"). None of it is a template field.
MANDATORY = {
    K.COMPLETION: [
        "CERTIFICAT DE RÉALISATION",
        "représentant légal du dispensateur de l'action concourant au développement des compétences",
        "atteste que",
        "a suivi l'action",
        "Nature de l'action concourant au développement des compétences",
        "action de formation",
        "bilan de compétences",
        "action de VAE",
        "action de formation par apprentissage",
        "qui s'est déroulée du 1 mars 2027 au 31 mars 2027",
        "pour une durée de 7 h",
        "pendant une durée de 3 ans à compter de la fin de l'année du dernier paiement",
        "fonds européens",
        "Fait à : Amiens",
        "Cachet et signature du responsable du dispensateur de formation",
    ],
    K.END_OF_TRAINING: [
        "ATTESTATION DE FIN DE FORMATION",
        "a suivi la formation",
        "Formation non certifiante",
        "Du 1 mars 2027 au 31 mars 2027",
        "7 h en centre",
        "en entreprise",
        "à distance",
        "Objectifs de la formation",
        "Fabriquer un objet.",
        "Résultats de l'évaluation des acquis",
        "Acquise – niveau 2 – Autonome",
        "Badge obtenu",
        "Fait à Amiens",
    ],
    K.SKILLS: [
        "ATTESTATION DE COMPÉTENCES",
        "a validé les compétences suivantes",
        "2 – Autonome",
        "Open Badge",
        "Fait à Amiens",
    ],
}
EVERY_KIND = [
    "SIRET 73282932000074",
    "Déclaration d'activité n° 32800123480",
    "Cet enregistrement ne vaut pas agrément de l'État",
    "Certification Qualiopi n° QUA-2025-0042",
    "Claire Dubois",
    "Vérifier l'authenticité de ce document",
    "https://tremplin.example.fr/verifier/",
]


def _issue_and_render(enrolment, kind, **kwargs):
    certificate = services.issue_certificate(enrolment=enrolment, kind=kind, **kwargs)
    services.render_pending(ids=[certificate.pk])
    certificate.refresh_from_db()
    return certificate


def test_a_one_page_certificate_says_page_1_of_1(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = _issue_and_render(enrolment, K.END_OF_TRAINING)
    assert "page 1 / 1" in pdf_text(certificate)


def test_a_longer_certificate_prints_its_own_page_count(templates):
    """Laid out once as one page; a document that runs longer is laid out again with its count."""
    _cohort, (enrolment,) = finished_cohort(learners=1, skills=60)
    certificate = _issue_and_render(enrolment, K.END_OF_TRAINING)
    with certificate.pdf.open("rb") as pdf:
        pages = len(PdfReader(io.BytesIO(pdf.read())).pages)
    text = pdf_text(certificate)
    assert pages >= 2
    assert all(f"page {n} / {pages}" in text for n in range(1, pages + 1))


@pytest.mark.parametrize("kind", K.values)
def test_each_kind_prints_its_mandatory_mentions_even_from_a_bare_template(templates, kind):
    template = templates[kind]
    # An editor empties everything optional: the mentions come from the PDF template, not from here.
    template.texts = []
    template.save()
    _cohort, (enrolment, *_rest) = finished_cohort(learners=1)
    certificate = _issue_and_render(enrolment, kind)
    text = pdf_text(certificate)
    for mention in MANDATORY[kind] + EVERY_KIND + [certificate.number, certificate.display_code]:
        assert mention in text, mention
    assert enrolment.learner.last_name.upper() in text
    assert enrolment.cohort.course.title in text


def test_number_and_code_formats(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    assert certificate.number == f"TRM-{certificate.year}-000001"
    assert len(certificate.code) == CODE_LENGTH
    assert normalise_code(certificate.display_code.lower()) == certificate.code
    assert (
        certificate.content["verification_url"] == f"https://tremplin.example.fr/verifier/{certificate.code}/"
    )


def test_frozen_content_survives_edits_to_course_template_and_learner(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = _issue_and_render(enrolment, K.END_OF_TRAINING)
    content, pdf_hash, pdf_name = certificate.content, certificate.pdf_sha256, certificate.pdf.name
    course = enrolment.cohort.course
    original_title = course.title

    course.title = "Titre changé après coup"
    course.save_revision().publish()
    template = templates[K.END_OF_TRAINING]
    template.organisation_name = "Autre organisme"
    template.legal_representative = "Quelqu'un d'autre"
    template.save()
    enrolment.learner.last_name = "Renommé"
    enrolment.learner.save()
    # A job delivered again renders nothing new and issues nothing new.
    again = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    services.render_pending(ids=[again.pk])

    certificate.refresh_from_db()
    assert again.pk == certificate.pk
    assert certificate.content == content
    assert certificate.content["course"]["title"] == original_title
    assert (certificate.pdf_sha256, certificate.pdf.name) == (pdf_hash, pdf_name)
    text = pdf_text(certificate)
    assert original_title in text and "Autre organisme" not in text


def test_double_click_returns_the_same_certificate_and_takes_one_number(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    first = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    second = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert CertificateCounter.objects.get(year=first.year).last_number == 1


@pytest.mark.django_db(transaction=True)
def test_in_its_own_transaction_a_refusal_gives_its_number_back_and_a_second_click_takes_none(templates):
    # As a request or a worker runs it, not nested in a test's transaction: on PostgreSQL the
    # year's number is taken in the same round trip as the reads, before the checks.
    _cohort, (refused, issued) = finished_cohort(learners=2)
    Enrolment.objects.filter(pk=refused.pk).update(status=Enrolment.Status.IN_TRAINING)
    year = timezone.localdate().year
    CertificateCounter.objects.create(year=year, last_number=41)
    with pytest.raises(services.CertificateRefused, match="Parcours non terminé"):
        services.issue_certificate(enrolment=refused, kind=K.END_OF_TRAINING)
    assert CertificateCounter.objects.get(year=year).last_number == 41

    with CaptureQueriesContext(connection) as queries:
        first = services.issue_certificate(enrolment=issued, kind=K.END_OF_TRAINING)
    again = services.issue_certificate(enrolment=issued, kind=K.END_OF_TRAINING)
    assert (first.number, again.pk, again.created_now) == (f"TRM-{year}-000042", first.pk, False)
    assert CertificateCounter.objects.get(year=year).last_number == 42
    if connection.vendor == "postgresql":
        # Lock; live certificate, skills, template and number; insert. BEGIN and COMMIT ride along.
        statements = [q["sql"] for q in queries if q["sql"] not in ("BEGIN", "COMMIT")]
        assert len(statements) == 3
        assert statements[0].startswith("BEGIN; SELECT") and statements[-1].endswith("; COMMIT")


def test_database_refuses_two_valid_certificates_of_a_kind(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    first = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    clone = Certificate.objects.get(pk=first.pk)
    clone.pk = None
    clone.number, clone.code, clone.sequence = "TRM-X", "X" * 20, 99
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_cohort_job_run_twice_issues_once_and_lists_who_is_refused_and_why(
    templates, django_capture_on_commit_callbacks
):
    cohort, enrolments = finished_cohort(learners=3, attended=(210, 210))
    low, *_ = finished_cohort(learners=1, attended=(210, 0))[1]  # other cohort, unaffected
    # One learner of this cohort attended half the time: 50 % < 70 %.
    from learners.models import Attendance

    absent = enrolments[2]
    Attendance.objects.filter(enrolment=absent, session__date=cohort.start_date).update(
        status=Attendance.Status.ABSENT_UNJUSTIFIED, minutes=0
    )
    user = coordinator()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_cohort_issue(cohort=cohort, kind=K.END_OF_TRAINING, user=user)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.percent == 100
    assert job.result["issued"] == 2
    assert job.result["skipped"] == [
        {
            "learner": str(absent.learner),
            "reason": "Assiduité de 50 % sous le minimum de 70 % fixé pour cette formation.",
        }
    ]
    hashes = dict(Certificate.objects.values_list("pk", "pdf_sha256"))
    assert len(hashes) == 2 and all(hashes.values())

    # The same job handed out again (a second delivery after a crash): nothing new.
    job.refresh_from_db()
    result = issue_cohort(job)
    assert (result["issued"], result["already"]) == (0, 2)
    assert dict(Certificate.objects.values_list("pk", "pdf_sha256")) == hashes
    assert CertificateCounter.objects.get().last_number == 2

    with zipfile.ZipFile(default_storage.open(result["zip"], "rb")) as archive:
        names = archive.namelist()
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
    assert low.certificates.count() == 0


def test_conditions_not_met_are_refused_with_the_reason(templates):

    _cohort, (in_training, no_skill) = finished_cohort(learners=2, skills=1)
    Enrolment.objects.filter(pk=in_training.pk).update(status=Enrolment.Status.IN_TRAINING)
    in_training.refresh_from_db()
    no_skill.learner.skill_validations.all().delete()
    with pytest.raises(services.CertificateRefused, match="Parcours non terminé"):
        services.issue_certificate(enrolment=in_training, kind=K.END_OF_TRAINING)
    with pytest.raises(services.CertificateRefused, match="Aucune compétence de la formation n'est validée"):
        services.issue_certificate(enrolment=no_skill, kind=K.SKILLS)
    assert not Certificate.objects.exists()
    assert not CertificateCounter.objects.filter(last_number__gt=0).exists()


def test_completion_certificate_is_issued_to_a_dropout_for_the_hours_done(templates):
    from datetime import date

    _cohort, (enrolment,) = finished_cohort(learners=1, attended=(210, 0))
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.DROPPED_OUT, dropout_reason="emploi", dropout_date=date(2027, 3, 2)
    )
    enrolment.refresh_from_db()
    with pytest.raises(services.CertificateRefused):
        services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    certificate = _issue_and_render(enrolment, K.COMPLETION)
    text = pdf_text(certificate)
    assert "qui s'est déroulée du 1 mars 2027 au 2 mars 2027" in text
    assert "pour une durée de 3 h 30" in text


def test_revoke_then_reissue_keeps_both_and_the_new_one_supersedes(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    user = coordinator()
    old = _issue_and_render(enrolment, K.END_OF_TRAINING)
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate=old, reason="", by=user)
    services.revoke_certificate(certificate=old, reason="Erreur sur le nom", by=user)
    old.refresh_from_db()
    assert old.status == Certificate.Status.REVOKED and old.revoked_at and old.revoked_by == user

    new, _job = services.reissue_certificate(certificate=old, by=user)
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.supersedes == old and old.superseded_by == new
    assert old.status == Certificate.Status.REVOKED  # a revoked one stays revoked
    assert new.status == Certificate.Status.VALID and new.number != old.number
    assert new.content["supersedes"] == old.number
    assert Certificate.objects.count() == 2
    # Reissuing the valid one again supersedes it.
    newest, _job = services.reissue_certificate(certificate=new, by=user)
    new.refresh_from_db()
    assert new.status == Certificate.Status.SUPERSEDED and newest.supersedes == new
    with pytest.raises(ValidationError, match="déjà été remplacé"):
        services.reissue_certificate(certificate=new, by=user)


def test_only_a_coordinator_revokes(templates):
    from django.core.exceptions import PermissionDenied

    from tests.factories import trainer

    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = services.issue_certificate(enrolment=enrolment, kind=K.END_OF_TRAINING)
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(certificate=certificate, reason="x", by=trainer())


def test_learner_is_emailed_once_when_the_pdf_is_ready(templates, django_capture_on_commit_callbacks):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    enrolment.learner.email = "ana@example.org"
    enrolment.learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue_and_render(enrolment, K.END_OF_TRAINING)
    services.notify_learner(certificate_id=certificate.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert certificate.number in message.body and certificate.code in message.body


def test_a_learner_named_script_is_escaped_in_the_pdf(templates):
    _cohort, (enrolment,) = finished_cohort(learners=1)
    enrolment.learner.first_name = "<script>alert(1)</script>"
    enrolment.learner.last_name = "<b>Gras</b>"
    enrolment.learner.save()
    certificate = _issue_and_render(enrolment, K.END_OF_TRAINING)
    html = certificate_html(certificate.content)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = pdf_text(certificate)
    # Printed as text, not interpreted as markup.
    assert "<script>alert(1)</script>" in text
    assert "<B>GRAS</B>" in text


def test_the_printed_qr_code_opens_the_verification_page(templates, tmp_path, client):
    """Scan the QR code as a phone would: PDF → image → decoder → address → page."""
    import shutil
    import subprocess

    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        # `make test` installs them; CI must run this check, not skip it.
        (pytest.fail if IN_CI else pytest.skip)("pdftoppm (poppler-utils) et zbarimg (zbar-tools) requis")
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = _issue_and_render(enrolment, K.COMPLETION)
    pdf = tmp_path / "c.pdf"
    with certificate.pdf.open("rb") as f:
        pdf.write_bytes(f.read())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, tmp_path / "page"], check=True)
    scan = subprocess.run(["zbarimg", "--raw", "-q", tmp_path / "page.png"], capture_output=True, text=True)
    url = scan.stdout.strip()
    assert url == certificate.content["verification_url"]
    path = url.removeprefix("https://tremplin.example.fr")
    assert "Document valide" in client.get(path).content.decode()
