"""Django settings: everything configurable comes from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from coalitionlens.surveys.conf import DEFAULT_REMINDER_HOURS, DEFAULT_ROSTER_DAYS, parse_bands
from coalitionlens.web.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("COALITIONLENS_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("COALITIONLENS_DEBUG", False)
# Plain http (no HTTPS redirect, cookies not marked Secure): an explicit opt-out for a laptop.
# `coalitionlens serve`/`demo` on a loopback address and `make demo` set it; a server leaves it off.
INSECURE_HTTP = env_bool("COALITIONLENS_INSECURE_HTTP", False)
# Demo mode: the demo accounts (e-mail addresses ending in .demo) need no second factor, and every
# page says so. `make demo` and `coalitionlens demo` set it; `check --deploy` warns when it is on.
COALITIONLENS_DEMO = env_bool("COALITIONLENS_DEMO", False)
# The embedded demo needs no secret of its own; a shared server must set one (check --deploy says so).
SECRET_KEY = env_str(
    "COALITIONLENS_SECRET_KEY", "django-insecure-coalitionlens-local-demo-only-" + "0" * 20
)
ALLOWED_HOSTS = env_list("COALITIONLENS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("COALITIONLENS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # The REST API; installed so that its docs page is drawn from its own template and static
    # files (Swagger UI), never from a CDN.
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "coalitionlens.kit",
    "coalitionlens.accounts",
    "coalitionlens.audit",
    "coalitionlens.coalitions",
    "coalitionlens.engagements",
    "coalitionlens.tensions",
    "coalitionlens.pathways",
    "coalitionlens.surveys",
    "coalitionlens.transfer",
    "coalitionlens.insights",
    "coalitionlens.reports",
    "coalitionlens.directory",
    "django_tasks",
    "django_tasks_db",
    "coalitionlens.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coalitionlens.web.middleware.SecurityHeadersMiddleware",
    "coalitionlens.web.middleware.NoStoreMiddleware",
    # inside the two above, so that its 503 carries their headers too
    "coalitionlens.web.faults.FaultMiddleware",
    "coalitionlens.web.middleware.ApiProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coalitionlens.web.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coalitionlens.web.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "coalitionlens.web.urls"
WSGI_APPLICATION = "coalitionlens.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalitionlens.web.context.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
# PostgreSQL: how long to wait for a connection, and for the answer to one statement (seconds). The
# server cancels a statement past its timeout; the client gives up on an answer that never comes
# (a network partition) a connect timeout later, drops the connection and answers 503
# (coalitionlens/web/faults.py, coalitionlens/web/postgresql/base.py).
DB_CONNECT_TIMEOUT = env_int("COALITIONLENS_DB_CONNECT_TIMEOUT", 5, minimum=1)
DB_STATEMENT_TIMEOUT = env_int("COALITIONLENS_DB_STATEMENT_TIMEOUT", 30, minimum=1)
# SQLite in WAL mode: FULL syncs the WAL at every commit, so a commit that was acknowledged survives
# a power loss or an OS crash (NORMAL may lose the last ones). NORMAL exists for bench/ to price it.
SQLITE_SYNCHRONOUS = env_str("COALITIONLENS_SQLITE_SYNCHRONOUS", "FULL").strip().upper()
if SQLITE_SYNCHRONOUS not in {"FULL", "EXTRA", "NORMAL"}:
    raise ImproperlyConfigured(
        f"COALITIONLENS_SQLITE_SYNCHRONOUS={SQLITE_SYNCHRONOUS!r}: expected FULL, EXTRA or NORMAL"
    )
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    # A persistent connection is checked before each request reuses it, so one that died (server
    # restarted, network cut) is dropped and replaced instead of failing the request.
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
    # The product's backends are Django's, plus the fault handling of coalitionlens/web/faults.py.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["ENGINE"] = "coalitionlens.web.sqlite3"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "coalitionlens.web.postgresql"
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "connect_timeout": DB_CONNECT_TIMEOUT,
            "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
        }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "coalitionlens.web.sqlite3",
            "NAME": env_str("COALITIONLENS_SQLITE_PATH", str(DATA_DIR / "coalitionlens.sqlite3")),
            "OPTIONS": {
                # Writers take the lock at BEGIN, so two writers queue instead of failing mid-way.
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("COALITIONLENS_SQLITE_TIMEOUT", 10, minimum=5),
                "init_command": "PRAGMA journal_mode=WAL; "
                f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}; PRAGMA foreign_keys=ON;",
            },
            "TEST": {"NAME": None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every app process (sign-in throttling must hold across processes and servers).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "coalitionlens_cache",
    }
}

# --- accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
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
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ALLOW_REGISTRATION = False
ACCOUNT_ADAPTER = "coalitionlens.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Sign-in throttling (SAFETY.md), counted in the shared database cache so it holds across server
# processes. Failures count per account and per account-and-address (10 in 5 minutes each), and per
# address alone only up to a far higher ceiling, so that one account's failures never lock out the
# other people behind the same office address. allauth's syntax: amount/period/per, "key" being the
# account (allauth's own "login_failed" also throttles the code step per account); the other two are
# counted by coalitionlens/accounts/throttle.py.
_failures_per_address = env_int("COALITIONLENS_LOGIN_FAILURES_PER_ADDRESS", 100, minimum=20)
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/5m/key",
    "login_failed_account_address": "10/5m/key",
    "login_failed_address": f"{_failures_per_address}/5m/ip",
}
# Second factor (SAFETY.md: TOTP for coordinators and platform admins; coalitionlens/accounts/mfa.py).
MFA_ADAPTER = "coalitionlens.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coalition Lens"
# One 30-second step either side, for phones whose clock drifts (RFC 6238 section 5.2).
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
COALITIONLENS_MFA_REQUIRED_FOR_ALL = env_bool("COALITIONLENS_MFA_REQUIRED_FOR_ALL", False)
# Mail (survey invitations and reminders): the console backend prints each message where the
# server's output goes, which suits the demo only; a server sets
# COALITIONLENS_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the SMTP relay below.
EMAIL_BACKEND = env_str(
    "COALITIONLENS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("COALITIONLENS_EMAIL_FROM", "coalitionlens@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("COALITIONLENS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("COALITIONLENS_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("COALITIONLENS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("COALITIONLENS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("COALITIONLENS_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("COALITIONLENS_EMAIL_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "COALITIONLENS_EMAIL_STARTTLS and COALITIONLENS_EMAIL_SSL: choose one, not both"
    )
EMAIL_TIMEOUT = env_int("COALITIONLENS_EMAIL_TIMEOUT_SECONDS", 10, minimum=1)

# --- sessions and security ------------------------------------------------------------------
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute limit, enforced by SessionTimeoutMiddleware too
SESSION_IDLE_TIMEOUT = env_int("COALITIONLENS_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_secure = env_bool("COALITIONLENS_SECURE_COOKIES", not INSECURE_HTTP)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = env_bool("COALITIONLENS_SSL_REDIRECT", not INSECURE_HTTP)
SECURE_HSTS_SECONDS = env_int("COALITIONLENS_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("COALITIONLENS_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("COALITIONLENS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("km", _("Khmer"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Each language's name in its own script, for the language switcher.
LANGUAGE_NAMES_LOCAL = {"en": "English", "fr": "Français", "km": "ខ្មែរ"}
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("COALITIONLENS_TIME_ZONE", "UTC")

# --- static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = env_str("COALITIONLENS_STATIC_ROOT", "") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- product settings -----------------------------------------------------------------------
COALITIONLENS_PAGE_SIZE = env_int("COALITIONLENS_PAGE_SIZE", 25, minimum=5)
# Days the audit log is kept; `coalitionlens purge` deletes older entries.
COALITIONLENS_AUDIT_RETENTION_DAYS = env_int("COALITIONLENS_AUDIT_RETENTION_DAYS", 730, minimum=30)
# Create forms' one-time keys (kit/once.py): days kept, and how long a resend waits for the first
# sending still being saved.
COALITIONLENS_ONCE_KEY_RETENTION_DAYS = env_int(
    "COALITIONLENS_ONCE_KEY_RETENTION_DAYS", 7, minimum=1
)
COALITIONLENS_ONCE_WAIT_SECONDS = env_int("COALITIONLENS_ONCE_WAIT_SECONDS", 5, minimum=1)
# Imports (SAFETY.md "Uploads"): the largest file accepted, and for XLSX/ODS (zip) files the largest
# unpacked size and number of entries, checked before anything parses them.
COALITIONLENS_IMPORT_MAX_BYTES = env_int("COALITIONLENS_IMPORT_MAX_BYTES", 20 * 2**20, minimum=1024)
COALITIONLENS_IMPORT_MAX_UNPACKED_BYTES = env_int(
    "COALITIONLENS_IMPORT_MAX_UNPACKED_BYTES", 200 * 2**20, minimum=1024
)
COALITIONLENS_IMPORT_MAX_ZIP_ENTRIES = env_int(
    "COALITIONLENS_IMPORT_MAX_ZIP_ENTRIES", 500, minimum=10
)
# No file is read from a request body larger than an import at the size cap and the form around it
# (transfer/uploads.py); `coalitionlens serve` (waitress) refuses such a body unread.
FILE_UPLOAD_HANDLERS = [
    "coalitionlens.transfer.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# What one import file may hold, checked while it is read (so memory stays bounded whatever the
# file's shape): rows of all its sheets together, columns of a sheet, cells in all, characters in a
# cell (Excel's own limit). Each refusal names the file, sheet, row and column.
COALITIONLENS_IMPORT_MAX_ROWS = env_int("COALITIONLENS_IMPORT_MAX_ROWS", 50_000, minimum=10)
COALITIONLENS_IMPORT_MAX_COLUMNS = env_int("COALITIONLENS_IMPORT_MAX_COLUMNS", 16_384, minimum=10)
COALITIONLENS_IMPORT_MAX_CELLS = env_int("COALITIONLENS_IMPORT_MAX_CELLS", 1_000_000, minimum=100)
COALITIONLENS_IMPORT_MAX_CELL_CHARS = env_int(
    "COALITIONLENS_IMPORT_MAX_CELL_CHARS", 32_767, minimum=100
)
# Uploaded files wait this long for "Apply" after their preview, then are purged.
COALITIONLENS_IMPORT_KEEP_HOURS = env_int("COALITIONLENS_IMPORT_KEEP_HOURS", 24, minimum=1)
# Exports need a sign-in this recent (SAFETY.md: exports require a recent login).
COALITIONLENS_EXPORT_RECENT_LOGIN_MINUTES = env_int(
    "COALITIONLENS_EXPORT_RECENT_LOGIN_MINUTES", 15, minimum=1
)
# Personal access tokens for the REST API (accounts/tokens.py): default and longest lifetime, and
# how many requests one token may make per minute before it is answered 429 with Retry-After.
COALITIONLENS_TOKEN_DEFAULT_DAYS = env_int("COALITIONLENS_TOKEN_DEFAULT_DAYS", 90, minimum=1)
COALITIONLENS_TOKEN_MAX_DAYS = env_int("COALITIONLENS_TOKEN_MAX_DAYS", 365, minimum=1)
COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = env_int(
    "COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE", 300, minimum=1
)
# Surveys (SAFETY.md "Survey confidentiality"): no statistic from fewer than k respondents; k may be
# raised, never set below 3. Factor bands: score ≥ strength, ≥ watch, else concern.
COALITIONLENS_SURVEY_K = env_int("COALITIONLENS_SURVEY_K", 5, minimum=3)
COALITIONLENS_SURVEY_BANDS = parse_bands(env_str("COALITIONLENS_SURVEY_BANDS", "4.0,3.0"))
# Only organisations in the roster this many days before a round opened count towards k.
COALITIONLENS_SURVEY_ROSTER_DAYS = env_int(
    "COALITIONLENS_SURVEY_ROSTER_DAYS", DEFAULT_ROSTER_DAYS, minimum=0
)
# Survey reminders go out at most once per this many hours per round (services.reminders_send).
COALITIONLENS_SURVEY_REMINDER_HOURS = env_int(
    "COALITIONLENS_SURVEY_REMINDER_HOURS", DEFAULT_REMINDER_HOURS, minimum=1
)
# Diagnostics: override a rule's threshold, e.g. "SECRETARIAT_DEPENDENCE.share=0.5,QUIET_MEMBERS.share=0.3"
# (the rules and their defaults: coalitionlens/insights/rules.py; an unknown name stops start-up).
COALITIONLENS_DIAGNOSTIC_THRESHOLDS = env_list("COALITIONLENS_DIAGNOSTIC_THRESHOLDS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("COALITIONLENS_LOG_LEVEL", "WARNING")},
}

# Long jobs (reports) run as tasks. The database backend needs a worker:
# `python -m django db_worker --settings=coalitionlens.web.settings` (`make demo` starts one).
# "django_tasks.backends.immediate.ImmediateBackend" runs them inside the request instead.
TASKS = {
    "default": {
        "BACKEND": env_str("COALITIONLENS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A report worker renews its lease on the job while it works; a job whose lease ran out lost its
# worker: it is retried once, then marked failed (coalitionlens/reports/tasks.py).
COALITIONLENS_REPORT_LEASE_SECONDS = env_int("COALITIONLENS_REPORT_LEASE_SECONDS", 60, minimum=1)
