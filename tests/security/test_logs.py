"""No personal data in logs or error reports."""

import logging
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from lms.log_filters import MASK, RedactPersonalData, redact


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("Not Found: /tuteur/0b0e8f3c-3e1f-4d8e-9a55-1234567890ab/Zx9_secret-Token/", "Zx9_secret-Token"),
        ("Gone: /suivi/R-xs_m0eb4rwHzSk/", "R-xs_m0eb4rwHzSk"),
        ("Bad Request: /mon-parcours/signer/5-59842628-dKiPkUdaQJ/", "5-59842628-dKiPkUdaQJ"),
        ("GET /mot-de-passe/nouveau/MTM/diem4j-7e3fd9623487bc2989d6/", "diem4j-7e3fd9623487bc2989d6"),
        ("GET /mes-documents/ZXBW0DQHB84AGH52RPV2.pdf", "ZXBW0DQHB84AGH52RPV2"),
        ("envoi à yasmine.benali@example.org refusé", "yasmine.benali@example.org"),
        ("rappeler le 06 12 34 56 78", "06 12 34 56 78"),
        ("rappeler le +33 6 12 34 56 78", "6 12 34 56 78"),
        ("code imprimé : ABCDE-FGHJK", "ABCDE-FGHJK"),
    ],
)
def test_log_lines_lose_their_personal_data(line, secret):
    assert secret not in redact(line)
    assert MASK in redact(line)


def test_ordinary_lines_are_left_alone():
    line = "Job 4f1c… done in 2.5 s: 12 PDFs, cohort TST-0001, 2027-03-01"
    assert redact(line) == line


def test_the_filter_rewrites_the_record_with_its_arguments():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/suivi/abc123/",), None
    )
    RedactPersonalData().filter(record)
    assert record.getMessage() == f"Not Found: /suivi/{MASK}/"


def test_a_logged_traceback_loses_the_personal_data_in_the_exception_message():
    try:
        raise ValueError("Key (email)=(awa.traore@example.org) already exists.")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), sys.exc_info()
        )
    RedactPersonalData().filter(record)
    line = logging.Formatter().format(record)
    assert "awa.traore@example.org" not in line
    assert "Traceback" in line and MASK in line


def test_every_log_handler_goes_through_the_filter():
    handlers = settings.LOGGING["handlers"]
    assert handlers and all("personal_data" in h.get("filters", []) for h in handlers.values())
    # Django's default handlers (which would print unfiltered lines) are replaced.
    assert settings.LOGGING["loggers"]["django"]["handlers"] == []
    assert logging.getLogger("django").handlers == []


def _report(request):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_text()


def test_error_reports_show_no_posted_values_and_no_service_passwords(settings):
    settings.DEBUG = False
    settings.REDIS_URL = "redis://:motdepasse-redis@redis.internal:6379/0"
    request = RequestFactory().post(
        "/partenaires/inscriptions/nouvelle/", {"nom": "Benali", "date_naissance": "14/02/2004"}
    )
    text = _report(request)
    assert "nom" in text  # the field names help debugging…
    assert "Benali" not in text and "14/02/2004" not in text  # …their values stay out
    assert "motdepasse-redis" not in text


def test_the_login_code_is_not_in_error_reports(settings):
    request = RequestFactory().post("/connexion/code/", {"code": "ABCDE-FGHJK"})
    assert "ABCDE-FGHJK" not in _report(request)
