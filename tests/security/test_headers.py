"""With production settings (DEBUG=false), a page goes out with HSTS, secure cookies and the CSP."""

import json
import sys

from tests.lms.test_settings import _run

CHECK_HEADERS = """
import json, django
django.setup()
from django.conf import settings
from django.test import override_settings
# No collectstatic here: the manifest storage would refuse every {% static %}.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}).enable()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="formation.example.fr")
plain = client.get("/connexion/")
page = client.get("/connexion/", secure=True)
cookies = {name: {"secure": bool(c["secure"])} for name, c in page.cookies.items()}
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location", "")],
    "hsts": page.get("Strict-Transport-Security", ""),
    "csp": page.get("Content-Security-Policy", ""),
    "frame": page.get("X-Frame-Options", ""),
    "nosniff": page.get("X-Content-Type-Options", ""),
    "referrer": page.get("Referrer-Policy", ""),
    "cookies": cookies,
}))
"""


def test_production_pages_carry_the_security_headers():
    result = _run(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k3y-" + "a9Z!" * 16,
            "ALLOWED_HOSTS": "formation.example.fr",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        args=[sys.executable, "-c", CHECK_HEADERS],
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["redirect"][0] == 301 and seen["redirect"][1].startswith("https://")
    assert "max-age=31536000" in seen["hsts"] and "includeSubDomains" in seen["hsts"]
    assert "script-src 'self'" in seen["csp"] and "unsafe-inline" not in seen["csp"]
    assert seen["frame"] == "DENY" and seen["nosniff"] == "nosniff" and seen["referrer"] == "same-origin"
    assert seen["cookies"]["csrftoken"]["secure"]
