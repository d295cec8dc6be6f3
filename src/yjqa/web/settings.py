"""Django settings, all from the environment: see README's "Configuration" section."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf import settings as _django_settings

from yjqa.core.validation import limits as upload_limits
from yjqa.web.accounts import single_sign_on_settings
from yjqa.web.config import data_dir, flag, mfa_required, secret_key
from yjqa.web.storage_config import cache_settings, storage_settings

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = flag("YJQA_DEBUG")
HTTPS = flag("YJQA_HTTPS")
MFA_REQUIRED = mfa_required()  # a second factor (TOTP) for every account
ALLOWED_HOSTS = os.environ.get("YJQA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "yjqa.web.accounts",
    "yjqa.web.tenancy",
    "yjqa.web.audit",
    "yjqa.web.caseload",
    "yjqa.web.inspections",
    "yjqa.web.indicators",
    "yjqa.web.improvement",
    "yjqa.web.surveys",
    "yjqa.web.yjplan",
    "yjqa.web.benchmark",
    "yjqa.web.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yjqa.web.no_store.NoStoreMiddleware",  # after WhiteNoise: static assets keep caching
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yjqa.web.accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yjqa.web.urls"
WSGI_APPLICATION = "yjqa.web.wsgi.application"

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
            ],
        },
    }
]
FORM_RENDERER = "yjqa.web.forms.GovukFormRenderer"

_sqlite = f"sqlite:///{DATA_DIR / 'yjqa.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and WAL keep several server workers from tripping over locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "yjqa.web.accounts.single_sign_on.CouncilSignOnBackend",  # does nothing unless configured
]
# Single sign-on through the council's OpenID Connect provider: off unless YJQA_OIDC_CLIENT_ID
# is set (README's "Single sign-on"); the discovery document is read here, once.
SINGLE_SIGN_ON = single_sign_on_settings.from_env()
SINGLE_SIGN_ON_TRUSTS_MFA = False
if SINGLE_SIGN_ON is not None:
    globals().update(SINGLE_SIGN_ON.django_settings())
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign_in"
LOGIN_REDIRECT_URL = "home"
OTP_TOTP_ISSUER = "yjqa"

# Lock-out: five failures for the same email from the same address lock it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("YJQA_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "yjqa.web.accounts.lockout.lockout_username"  # one count whatever the case
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False  # its log lines name the person

# Limits on every upload and import (yjqa.core.validation.limits; README's Configuration):
# YJQA_MAX_UPLOAD_MB, YJQA_MAX_EVIDENCE_MB, YJQA_MAX_IMPORT_ROWS, YJQA_MAX_XLSX_UNPACKED_MB,
# YJQA_MAX_XLSX_RATIO. The readers take them from this setting, so a test can override it.
YJQA_UPLOAD_LIMITS = upload_limits.UploadLimits.from_env()
upload_limits.use(lambda: _django_settings.YJQA_UPLOAD_LIMITS)

# Long work (imports, documents) runs on the task queue: a table in the same database, so it
# needs no other server; `yjqa worker` (started beside `yjqa serve`) runs it. See
# docs/background-jobs.md and yjqa.web.jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job whose work has reported no progress for this long has lost its worker (killed,
# machine restarted): the workers fail it ("start it again"). Work reports every few seconds.
YJQA_JOB_STALE_AFTER_S = int(os.environ.get("YJQA_JOB_STALE_AFTER_S", "600"))

# Web processes keep no state of their own (docs/deployment.md): sessions are rows in the
# database, so any app server behind the proxy reads a session another one started.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The cache: in Redis when YJQA_CACHE_URL is set, shared by every process; else local memory.
CACHES = cache_settings(os.environ.get("YJQA_CACHE_URL"))
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # an idle session expires; an active one does not
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step

# Uploaded files (improvement-plan evidence). Never served from a public URL: no URL pattern
# maps MEDIA_URL, and each file goes out only through a view scoped to its service.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# On S3-compatible storage when YJQA_STORAGE_URL is set (s3://bucket?endpoint_url=...&region=...,
# credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), else under MEDIA_ROOT. Every
# read and write (evidence, backups) goes through Django's storage API, so both work alike.
STORAGES = storage_settings(os.environ.get("YJQA_STORAGE_URL"))

# No request details (paths, bodies, people) in logs: warnings and errors only, by name.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # No request path is ever written: a path holds a case reference or a survey code.
    "filters": {"redact_paths": {"()": "yjqa.web.log_redaction.RedactRequestPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # 404s, 403s and 500s, by URL pattern name (log_redaction).
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
