"""The compiled catalogues: French mirrors its msgids (they are the French text), English is whole."""

import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "lms" / "locale"


def _catalog(language: str) -> dict:
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def test_french_shows_the_text_written_in_the_code():
    """A fuzzy guess left in the French catalogue would replace the right text with a wrong one."""
    wrong = {
        key: value for key, value in _catalog("fr").items() if key and isinstance(key, str) and value != key
    }
    assert wrong == {}


def test_english_translates_every_french_text():
    french = {key for key in _catalog("fr") if key and isinstance(key, str)}
    english = {key for key, value in _catalog("en").items() if key and isinstance(key, str) and value}
    assert french - english == set()
