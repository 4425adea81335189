"""Settings come from the environment; production mode passes `check --deploy` cleanly."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS, "tasks": settings.TASKS["default"]["BACKEND"],
    "queues": sorted(settings.RQ_QUEUES), "rq_url": settings.RQ_QUEUES["pdf"]["URL"],
    "email": settings.EMAIL_BACKEND, "site": settings.SITE_URL, "lang": settings.LANGUAGE_CODE,
    "tz": settings.TIME_ZONE, "secure_cookie": getattr(settings, "SESSION_COOKIE_SECURE", False),
}))
"""


# Variables a test sets itself; DJANGO_ALLOW_ASYNC_UNSAFE comes from the browser tests' process.
SCRUBBED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "SITE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(env_overrides, code=PRINT_SETTINGS, args=None):
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings", **env_overrides})
    cmd = args or [sys.executable, "-c", code]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_embedded_defaults_are_sqlite_and_inline_jobs():
    result = _run({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["lang"] == "fr" and values["tz"] == "Europe/Paris"
    assert values["queues"] == ["default", "pdf", "reports"]


def test_environment_configures_database_redis_email_and_hosts():
    result = _run(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
            "DATABASE_URL": "postgres://tremplin:secret@db.internal:5432/tremplin",
            "REDIS_URL": "redis://cache.internal:6379/2",
            "ALLOWED_HOSTS": "formation.example.fr,www.formation.example.fr",
            "EMAIL_URL": "smtp+tls://user:pw@smtp.example.fr:587",
            "SITE_URL": "https://formation.example.fr/",
        }
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "tremplin"
    assert values["tasks"] == "lms.task_backends.ResilientRQBackend"
    assert values["rq_url"] == "redis://cache.internal:6379/2"
    assert values["hosts"] == ["formation.example.fr", "www.formation.example.fr"]
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["site"] == "https://formation.example.fr"
    assert values["debug"] is False and values["secure_cookie"] is True


def test_production_refuses_to_start_without_secret_key():
    result = _run({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_passes_check_deploy_without_warning():
    result = _run(
        {"DEBUG": "false", "SECRET_KEY": "k3y-" + "a9Z!" * 16, "ALLOWED_HOSTS": "formation.example.fr"},
        args=[sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
