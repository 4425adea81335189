"""Rotating attendance QR codes: an HMAC over the session id and a 30-second time window.

A token is accepted in its own window and the next one only, so a photo of the code shared
later is useless. It proves "was in front of the screen just now", not who you are: the
learner also has to be logged in on their own phone.
"""

import base64
import hmac
import time

import segno
from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "tremplin.attendance.qr"


def _window_seconds() -> int:
    return settings.ATTENDANCE_QR_WINDOW_SECONDS


def current_window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // _window_seconds())


def seconds_left(now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(_window_seconds() - (now % _window_seconds())) or _window_seconds()


def _signature(session_id: int, window: int) -> str:
    digest = salted_hmac(SALT, f"{session_id}:{window}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def make_token(session_id: int, *, now: float | None = None) -> str:
    window = current_window(now)
    return f"{session_id}-{window}-{_signature(session_id, window)}"


def read_token(token: str, *, now: float | None = None) -> int | None:
    """The session id if the token is authentic and from the current or previous window."""
    try:
        session_part, window_part, signature = token.split("-", 2)
        session_id, window = int(session_part), int(window_part)
    except (ValueError, AttributeError):
        return None
    if current_window(now) - window not in (0, 1):
        return None
    if not hmac.compare_digest(signature, _signature(session_id, window)):
        return None
    return session_id


def qr_svg(data: str) -> str:
    """An inline SVG of the QR code, sized by the page's CSS."""
    return segno.make(data, error="m").svg_inline(scale=6, border=2, omitsize=True)
