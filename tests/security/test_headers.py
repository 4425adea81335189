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


PRINT_CSP = """
import json, django
django.setup()
from django.conf import settings
d = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
print(json.dumps({"img": d["img-src"], "frame": d["frame-src"]}))
"""


def test_csp_lets_course_videos_and_bucket_images_through():
    """Course pages embed PeerTube/YouTube players and, on S3, show images from signed bucket
    URLs: a CSP that refused them would leave blank frames and broken images."""
    result = _run(
        {
            "DEBUG": "true",
            "S3_BUCKET": "tremplin-media",
            "S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
            "CSP_FRAME_SOURCES": "https://tube.example.fr,https://www.youtube-nocookie.com",
        },
        code=PRINT_CSP,
    )
    assert result.returncode == 0, result.stderr
    csp = json.loads(result.stdout.strip().splitlines()[-1])
    assert "https://s3.fr-par.scw.cloud" in csp["img"]
    assert csp["frame"] == ["'self'", "https://tube.example.fr", "https://www.youtube-nocookie.com"]

    plain = json.loads(_run({"DEBUG": "true"}, code=PRINT_CSP).stdout.strip().splitlines()[-1])
    assert plain["img"] == ["'self'", "data:"] and "https://www.youtube.com" in plain["frame"]
