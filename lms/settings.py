"""Tremplin settings: one module, configured from the environment.

Unset variables give the embedded defaults (SQLite file, inline jobs, console email) so that
`make run` works with nothing installed. Production sets DEBUG=false and the variables below.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31_536_000),
)

DEBUG = env("DEBUG")
# A fixed key is acceptable only in DEBUG: production refuses to start without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-change-me" if DEBUG else None) or ""
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY doit être défini quand DEBUG est faux.")

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # Project apps first so that their commands (rqworker, seed_demo) and templates win.
    "lms",
    "courses",
    "courses.learning",
    "learners",
    "learners.intake",
    "learners.immersion",
    "learners.outcomes",
    "learners.privacy",
    "certificates",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_rq",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "lms.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "courses.caching.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.roles",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: take the write lock at the start of a transaction and wait for it,
    # instead of failing a roll-call tap with "database is locked" when two requests write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
# A connection dropped by a PostgreSQL restart is detected before use instead of failing a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: RQ when Redis is configured, inline otherwise.
REDIS_URL = env("REDIS_URL", default="")
RQ_QUEUE_NAMES = ("default", "pdf", "reports")
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 1800} for name in RQ_QUEUE_NAMES
}
if REDIS_URL:
    TASKS = {
        "default": {
            "BACKEND": "lms.task_backends.ResilientRQBackend",
            "QUEUES": list(RQ_QUEUE_NAMES),
        }
    }
    CACHES = {
        "default": {
            # Falls back to local memory while Redis is down (lms/cache.py): logins keep working.
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tremplin",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": list(RQ_QUEUE_NAMES),
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Jobs whose worker stopped sending progress for this long are handed out again.
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=900)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home_for_role"
LOGOUT_REDIRECT_URL = "/"

# One-time login codes for learners without an email address.
LOGIN_CODE_LENGTH = 10
LOGIN_CODE_VALID_HOURS = env.int("LOGIN_CODE_VALID_HOURS", default=72)
LOGIN_CODE_RATE = env("LOGIN_CODE_RATE", default="10/10m")
LOGIN_CODE_RATE_SITE = env("LOGIN_CODE_RATE_SITE", default="300/10m")
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (0: none, trust nothing).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
LOGIN_RATE_PER_IP = env("LOGIN_RATE_PER_IP", default="30/15m")
LOGIN_RATE_PER_ACCOUNT = env("LOGIN_RATE_PER_ACCOUNT", default="8/15m")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lms" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = DEBUG
# WhiteNoise warns on every request while collectstatic has not run yet (development, tests).
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media on an S3-compatible bucket (several web and worker machines): set S3_BUCKET. The bucket
# stays private: Django checks access and streams personal files; Wagtail's images get signed URLs.
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env("S3_PREFIX", default="media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("S3_URL_SECONDS", default=3600),
            "file_overwrite": False,
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
        },
    }
# Where browsers fetch signed image URLs from (the CSP's img-src must allow it).
S3_MEDIA_ORIGIN = ""
if S3_BUCKET:
    # AWS's own default region signs URLs on the regionless s3.amazonaws.com.
    _region = env("S3_REGION", default="")
    _aws = (
        "https://s3.amazonaws.com" if _region in ("", "us-east-1") else f"https://s3.{_region}.amazonaws.com"
    )
    _endpoint = urlsplit(env("S3_ENDPOINT_URL", default="") or _aws)
    _host = _endpoint.netloc
    if env("S3_ADDRESSING_STYLE", default="path") == "virtual":
        _host = f"{S3_BUCKET}.{_host}"
    S3_MEDIA_ORIGIN = env("S3_MEDIA_ORIGIN", default=f"{_endpoint.scheme}://{_host}")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Tremplin <ne-pas-repondre@tremplin.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Tremplin"
# Plain ASCII slugs: "decouper-au-laser", not "d%C3%A9couper" in shared links.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "svg", "dxf", "stl", "gcode", "nc", "zip", "odt", "docx", "png", "jpg"]
# Lesson files go through lms.uploads (content matches the extension, no active SVG, size).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lms.document_forms.CheckedDocumentForm"
# Below nginx's client_max_body_size (deploy/nginx: 12m), or nginx answers before the French message.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: staff e-mail hashes would go to a third party, and the CSP blocks the images anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_BASE_URL = SITE_URL

# Tremplin rules kept as settings, not code (DOMAIN.md: anything that could change).
ORGANISATION_NAME = env("ORGANISATION_NAME", default="La Fabrique du Tremplin")
# Where the accessibility statement sends people who cannot reach a content.
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", default="accessibilite@fabrique-tremplin.fr")
ABSENCE_ALERT_THRESHOLD = env.int("ABSENCE_ALERT_THRESHOLD", default=2)
MAX_SESSION_MINUTES = env.int("MAX_SESSION_MINUTES", default=300)
# Group enrolment and outcome files (inscriptions.md, sorties.md).
TABULAR_MAX_ROWS = env.int("TABULAR_MAX_ROWS", default=5000)
TABULAR_MAX_BYTES = env.int("TABULAR_MAX_BYTES", default=5 * 1024 * 1024)
INTAKE_BACKGROUND_ROWS = env.int("INTAKE_BACKGROUND_ROWS", default=500)
TUTOR_LINK_VALID_DAYS = env.int("TUTOR_LINK_VALID_DAYS", default=120)
# Outcomes follow-up and reporting.
OUTCOMES_DUE_SOON_DAYS = env.int("OUTCOMES_DUE_SOON_DAYS", default=14)
OUTCOMES_LINK_DAYS = env.int("OUTCOMES_LINK_DAYS", default=60)
REPORT_LINK_HOURS = env.int("REPORT_LINK_HOURS", default=24)
# Public results are hidden below this many learners (small groups re-identify people).
RESULTS_MIN_LEARNERS = env.int("RESULTS_MIN_LEARNERS", default=5)
QUALIOPI_RESULTS_MIN_LEARNERS = RESULTS_MIN_LEARNERS
# Catalogue and course pages cached for visitors; publishing or a cohort change drops them.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# `make bench` only: serves /banc/plancher/, the load test's no-query floor page.
BENCH_FLOOR_VIEW = env.bool("BENCH_FLOOR_VIEW", default=False)
# Certificates (issue 6): number prefix, failed-lookup rate on the public verification page,
# and how many extra render jobs a cohort batch starts so that several PDF workers share it.
CERTIFICATE_NUMBER_PREFIX = env("CERTIFICATE_NUMBER_PREFIX", default="TRM")
CERTIFICATE_VERIFY_RATE = env("CERTIFICATE_VERIFY_RATE", default="20/10m")
CERTIFICATE_RENDER_HELPERS = env.int("CERTIFICATE_RENDER_HELPERS", default=1)

# Production hardening: active whenever DEBUG is off; `check --deploy` passes with no warning.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Video players a course page may embed (add your PeerTube instance, e.g. https://tube.example.fr).
CSP_FRAME_SOURCES = env.list(
    "CSP_FRAME_SOURCES",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
    ],
)
# Content-Security-Policy (django-csp 4; Django 5.2 has none of its own). Site pages load
# scripts and styles from our own static files only: no inline <script>, style= or on*=.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the signature pad's PNG and inline QR codes; the media bucket when on S3.
        "img-src": ["'self'", "data:", *([S3_MEDIA_ORIGIN] if S3_MEDIA_ORIGIN else [])],
        # Course pages embed videos (EmbedBlock): only from these players.
        "frame-src": ["'self'", *CSP_FRAME_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # Wagtail's preview shows pages in a frame of the admin (same origin).
        "frame-ancestors": ["'self'"],
    }
}
# Staff back offices with third-party inline scripts (Wagtail, Django admin, RQ dashboard).
CSP_RELAXED_PATHS = ["/admin/", "/django-admin/", "/taches/rq/"]
CSP_RELAXED_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *([S3_MEDIA_ORIGIN] if S3_MEDIA_ORIGIN else [])],
    "frame-src": ["'self'", *CSP_FRAME_SOURCES],
}

# No personal data in logs or error reports (lms/log_filters.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "lms.log_filters.PersonalDataReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "lms.log_filters.RedactPersonalData"}},
    # No e-mail handler: Django's error mails rebuild the report from the exception (request
    # URL with its secrets, cookies, third-party frame variables) past this filter.
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's own handlers (unfiltered): its lines go through the console above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # xhtml2pdf logs a warning per unsupported CSS rule on every render.
        "xhtml2pdf": {"level": "ERROR"},
        "django.db.backends": {"level": "INFO"},
        # One INFO line per task and per page revision drowns out what matters.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Attendance QR codes: a new code every N seconds; the previous one is still accepted.
ATTENDANCE_QR_WINDOW_SECONDS = env.int("ATTENDANCE_QR_WINDOW_SECONDS", default=30)
# Largest drawn signature accepted (PNG data URL, bytes once decoded).
ATTENDANCE_SIGNATURE_MAX_BYTES = env.int("ATTENDANCE_SIGNATURE_MAX_BYTES", default=300_000)
# Printed on attendance sheets (Qualiopi auditors expect SIRET or the activity declaration number).
ORGANISATION_SIRET = env("ORGANISATION_SIRET", default="")
ORGANISATION_NDA = env("ORGANISATION_NDA", default="")

# Personal data (DOMAIN.md): the three retention phases and the legal holds, in months or years.
# Active base: until this many months after the learner's last cohort ends (follow-up to +12).
PRIVACY_ACTIVE_MONTHS = env.int("PRIVACY_ACTIVE_MONTHS", default=12)
# Attendance and certificates are kept until 31 December of (year of the last payment + N).
PRIVACY_HOLD_YEARS = env.int("PRIVACY_HOLD_YEARS", default=6)
PRIVACY_HOLD_YEARS_EU_FUNDS = env.int("PRIVACY_HOLD_YEARS_EU_FUNDS", default=10)
# Workshop-only participants (discovery format): the certificat de réalisation's 3 years.
PRIVACY_HOLD_YEARS_WORKSHOP = env.int("PRIVACY_HOLD_YEARS_WORKSHOP", default=3)
# Candidates never admitted (no attendance, no certificate) are deleted this long after.
PRIVACY_CANDIDATE_MONTHS = env.int("PRIVACY_CANDIDATE_MONTHS", default=6)
# Finished group imports keep their rows for the partner's review this many days, then only counts.
PRIVACY_IMPORT_DAYS = env.int("PRIVACY_IMPORT_DAYS", default=90)
