"""Uploads are checked in one place (lms/uploads.py): size, then type by content, not by name."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.uploads import check_upload, detect


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpeg"),
        (b"nom;prenom\nDurand;Ines\n", "csv"),
        ("nom;prénom\n".encode("cp1252"), "csv"),
        (b'{"@context": "https://www.w3.org/ns/credentials/v2"}', "json"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "svg"),
        (b"\xef\xbb\xbf\n%PDF-1.4\n...", "pdf"),  # a byte-order mark and a blank line first
        (b"  solid support\nendsolid\n", "stl"),
        (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg></svg>', "svg"),
        (b"<!-- Generator: Illustrator -->\n<svg xmlns='http://www.w3.org/2000/svg'></svg>", "svg"),
        (b"[" * 100_000, "csv"),  # nested beyond the recursion limit: plain text, not a crash
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows program
        (b"PK\x03\x04not really a zip", None),
    ],
)
def test_type_is_read_from_the_content(content, kind):
    assert detect(content) == kind


def test_a_real_xlsx_is_recognised():
    assert detect(_xlsx()) == "xlsx"


def test_a_program_renamed_as_a_photo_is_refused_in_french():
    upload = SimpleUploadedFile("porte-cles.jpg", b"MZ\x90\x00\x03\x00\x00\x00" * 10)
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, kinds=("jpeg", "png", "pdf"), max_bytes=1000)
    assert "n'est pas accepté" in caught.value.messages[0]


def test_size_is_checked_before_anything_else():
    with pytest.raises(ValidationError) as caught:
        check_upload(b"%PDF-" + b"0" * 3_000_000, kinds=("pdf",), max_bytes=2 * 1024 * 1024)
    assert "la limite est de 2 Mo" in caught.value.messages[0]
    with pytest.raises(ValidationError, match="vide"):
        check_upload(b"", kinds=("pdf",), max_bytes=10)


def test_an_svg_with_a_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    with pytest.raises(ValidationError, match="script"):
        check_upload(svg, kinds=("svg",), max_bytes=10_000)


@pytest.mark.django_db
def test_skill_evidence_is_checked_by_content():
    from learners.services.skills import _check_evidence

    with pytest.raises(ValidationError):
        _check_evidence(SimpleUploadedFile("photo.png", b"just text, not a picture"))
    _check_evidence(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20))


def test_badge_check_accepts_json_only():
    from certificates.forms import BadgeCheckForm

    bad = BadgeCheckForm({}, {"badge": SimpleUploadedFile("badge.json", b"%PDF-1.4 not json")})
    assert not bad.is_valid() and "JSON" in bad.errors["badge"][0]
    good = BadgeCheckForm({}, {"badge": SimpleUploadedFile("badge.json", b'{"id": "x"}')})
    assert good.is_valid()


def test_outcome_import_refuses_a_pdf_named_csv():
    from learners.outcomes.forms import UploadForm

    form = UploadForm({}, {"fichier": SimpleUploadedFile("sorties.csv", b"%PDF-1.4 ...")})
    assert not form.is_valid()
    assert "CSV, Excel (.xlsx)" in form.errors["fichier"][0]


@pytest.mark.django_db
def test_lesson_files_uploaded_in_wagtail_are_checked_by_content(client, settings, tmp_path):
    """A trainer's lesson file goes through the same checks: a program named .pdf or an SVG
    carrying script is refused with a French message and nothing is stored."""
    from wagtail.documents.models import Document

    from courses.setup import ensure_publishing_rules
    from tests.factories import trainer

    settings.MEDIA_ROOT = str(tmp_path)
    ensure_publishing_rules()  # the trainers' rights on the media collection
    client.force_login(trainer())
    cases = [
        ("gabarit.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "ne correspond pas"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
    ]
    for name, content, message in cases:
        response = client.post(
            "/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "extension de fichier" not in response.content.decode()  # our message alone
    assert not Document.objects.exists()
    response = client.post(
        "/admin/documents/add/",
        {"title": "Cube", "file": SimpleUploadedFile("cube.stl", b"solid cube\nendsolid cube\n")},
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Cube").exists()
