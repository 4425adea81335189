"""Keep personal data out of logs and error reports.

- `RedactPersonalData`: a logging filter on every handler; masks e-mail addresses, phone
  numbers, one-time login codes and the secrets carried in URLs (tutor links, follow-up links,
  QR signing tokens, password-reset links) before a line is written.
- `PersonalDataReporterFilter`: Django's error reports (DEBUG pages, mailed reports) show the
  names of POSTed fields but none of their values (learners' names, birth dates, answers),
  and hide every setting that may hold a password (database, Redis and e-mail URLs).
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

MASK = "[masqué]"
_TRACEBACK = logging.Formatter()

_PATTERNS = [
    # Secrets in our URLs: /tuteur/<link>/<secret>/, /suivi/<token>/, /mon-parcours/signer/<token>/,
    # /mot-de-passe/nouveau/<uid>/<token>/ (any prefix, any language segment).
    (re.compile(r"(/tuteur/[0-9a-f-]{36}/)[^/\s\"']+"), r"\1" + MASK),
    (re.compile(r"(/suivi/)[^/\s\"']+"), r"\1" + MASK),
    (re.compile(r"(/signer/)[^/\s\"']+"), r"\1" + MASK),
    (re.compile(r"(/mot-de-passe/nouveau/)[^/\s\"']+/[^/\s\"']+"), r"\1" + MASK),
    (re.compile(r"(/mes-documents/)[^/\s\"'.]+"), r"\1" + MASK),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), MASK),
    # French phone numbers: 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, 0612345678.
    (re.compile(r"(?<![\w/])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"), MASK),
    # One-time login codes as printed: ABCDE-FGHJK.
    (re.compile(r"\b[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\b"), MASK),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record as it is
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatters fill exc_text after the filters ran: format the traceback now, so that
            # an exception's message (an IntegrityError's "Key (email)=(…)") is masked too.
            record.exc_text = _TRACEBACK.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|REDIS|EMAIL|_URL$|RQ_QUEUES|CACHES",
        flags=re.IGNORECASE,
    )

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables of our own code may hold a learner's record: show their names only.
        variables = super().get_traceback_frame_variables(request, tb_frame)
        module = tb_frame.f_globals.get("__name__", "")
        if module.split(".")[0] in ("lms", "courses", "learners", "certificates"):
            return [(name, self.cleansed_substitute) for name, _value in variables]
        return variables
