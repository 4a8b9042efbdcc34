"""Settings for the TĐKT application, driven by environment variables (see `.env.example`).

One module for development and production: `DEBUG=0` switches on the production hardening that
`manage.py check --deploy` expects. Tests use `config.settings_test`, which only overrides what tests need.
"""

import base64
import binascii
import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_key(name: str, size: int) -> str:
    """A key of `size` random bytes in URL-safe base64, or "" when the variable is unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        decoded = b""
    if len(decoded) != size:
        raise ImproperlyConfigured(
            f"{name} must be {size} random bytes in URL-safe base64; generate one with: python -c "
            f'"import base64,os;print(base64.urlsafe_b64encode(os.urandom({size})).decode())"'
        )
    return value


DEBUG = env_bool("DEBUG", True)
# With DEBUG on, Django's technical 404 page (the URL patterns, the missed look-up) instead of the product's.
DEBUG_TECHNICAL_ERRORS = env_bool("DEBUG_TECHNICAL_ERRORS", False)
# A form refused by the CSRF check (left open past the session) gets the product's 403 page in Vietnamese.
CSRF_FAILURE_VIEW = "units.common.errors.csrf_failure"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"

# Seals the council's ballots (awards.councils.ballot_box); never stored in the database, so a dump alone cannot
# name a choice. Without it (development, tests) the key is derived from SECRET_KEY. Changing it while a poll is open
# makes that poll's ballots unreadable: close the polls first (docs/security.md).
BALLOT_KEY = env_key("BALLOT_KEY", 32)
if not BALLOT_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "BALLOT_KEY must be set when DEBUG is off (32 random bytes in URL-safe base64; see .env.example)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "django_tasks",
    "config.apps.TasksDatabaseConfig",  # django_tasks_db, named in Vietnamese in the admin site
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "units",
    "emulation",
    "awards",
    "reports",
]

MIDDLEWARE = [
    # First: every response, a redirect to HTTPS included, carries the X-Request-ID of its log lines.
    "units.common.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.HtmlContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The product's 404 page with DEBUG on too (units/common/errors.py): after the user and the messages it shows.
    "units.common.errors.ProductErrorPagesMiddleware",
    "units.accounts.middleware.SessionLimitsMiddleware",
    "units.accounts.middleware.TwoFactorMiddleware",
    "units.accounts.middleware.ForbiddenAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite file inside the project by default; PostgreSQL (psycopg2) when DATABASE_URL says so.
# Persistent connections (CONN_MAX_AGE) matter on PostgreSQL: ~1,300 simple writes/s instead of ~160.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the background worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Progress of long jobs (imports) is written through a second connection to the same PostgreSQL database,
# so that the browser sees it while the job's own transaction is still open. SQLite allows one writer at a
# time, so there the job reports its phases only.
JOB_PROGRESS_DB = None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("PG_JIT", "0") != "1":
    # PostgreSQL's JIT compiles a query it estimates costly before running it: ~250 ms for the report's indicators
    # over the whole sector, which then run in less. The pages and reports here are short queries: off, unless
    # PG_JIT=1 (benchmarks/reports.py, the sector's figures 0.64 s → 0.43 s).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    JOB_PROGRESS_DB = "progress"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "figures" holds the computed figures of the reports and the dashboard, keyed by the data version
# (units.common.versions: a change of the records makes every older entry unreachable, so none is ever served stale).
# CACHE_BACKEND: "locmem" (the default: each process its own memory, nothing to set up), "database" (shared by
# every app server and worker, in the tables CACHE_LOCATION, default "tdkt_cache", and "<CACHE_LOCATION>_figures",
# made by `manage.py createcachetable`), or the dotted path of any Django cache backend with its CACHE_LOCATION
# (e.g. django.core.cache.backends.redis.RedisCache and redis://127.0.0.1:6379/1).
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "").strip() or "locmem"
_CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "database": "django.core.cache.backends.db.DatabaseCache",
}
_CACHE_LOCATION = os.environ.get("CACHE_LOCATION", "").strip() or ("tdkt_cache" if CACHE_BACKEND == "database" else "")
CACHES = {
    "default": {"BACKEND": _CACHE_BACKENDS.get(CACHE_BACKEND, CACHE_BACKEND), "LOCATION": _CACHE_LOCATION},
    "figures": {
        "BACKEND": _CACHE_BACKENDS.get(CACHE_BACKEND, CACHE_BACKEND),
        # Apart from the default cache where the backend culls (memory, table): culling one must not drop the other's.
        "LOCATION": f"{_CACHE_LOCATION}_figures" if CACHE_BACKEND in _CACHE_BACKENDS else _CACHE_LOCATION,
        "KEY_PREFIX": "figures",
        # A day at most: entries of older versions are never read again and only wait to be dropped.
        "TIMEOUT": 24 * 3600,
        **({"OPTIONS": {"MAX_ENTRIES": 1000}} if CACHE_BACKEND in _CACHE_BACKENDS else {}),
    },
}

AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in from a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's model permissions for the admin site's staff only (docs/security.md).
    "units.accounts.backends.StaffModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so that any number of app servers can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Sign-in and sessions (docs/security.md, "Sign-in and sessions").
# Behind a reverse proxy the client's address is the last one of X-Forwarded-For (units.audit.client_ip).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
# A session ends after a working day, and after an hour without a request (units.accounts.middleware); the
# cookie itself ends with the browser (shared office computers).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_MAX_HOURS", "10")) * 3600
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# django-axes: LOGIN_FAILURE_LIMIT wrong passwords within LOGIN_LOCKOUT_MINUTES lock the account, and the address
# (LOGIN_LOCKOUT_BY: comma-separated, "username+ip_address" for the pair), for LOGIN_LOCKOUT_MINUTES after the
# last failure; an administrator unlocks earlier (units:lockout-list, or the admin site).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item for item in env_list("LOGIN_LOCKOUT_BY", "username,ip_address")
]
# Attempts while locked are refused without counting: hammering does not keep the real owner out longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "units.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "units.audit.client_ip"
# Two-factor sign-in (django-otp, TOTP): optional for everybody, required for the roles listed here (e.g.
# "admin,leader"; "admin" includes Django superusers).
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = "TDKT VKSND"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Content-Security-Policy (django-csp): the pages load only the site's own scripts, styles, fonts and images, and
# run no inline code; the templates keep their JavaScript in static/ files and their styles in CSS classes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

# Internationalisation: Vietnamese first, English through Django i18n.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Last day (month, day) of the review season that follows each work year's 30/11; until then the year under review
# is the year just ended (awards/catalogue/calendar.py). 29 means the end of February in a common year too.
TDKT_REVIEW_SEASON_END = (2, 29)

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads and issued PDFs live under MEDIA_ROOT, outside static; MEDIA_URL is routed nowhere: each file is served by
# a view that checks permission (units.common.files.serve_file). Behind nginx, PROTECTED_MEDIA_REDIRECT (e.g.
# "/_protected/") lets nginx send the bytes from an `internal` location after that check (README, "Production").
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
PROTECTED_MEDIA_REDIRECT = os.environ.get("PROTECTED_MEDIA_REDIRECT", "").strip()
if PROTECTED_MEDIA_REDIRECT and not PROTECTED_MEDIA_REDIRECT.startswith("/"):
    raise ImproperlyConfigured("PROTECTED_MEDIA_REDIRECT must be a path starting with / (e.g. /_protected/).")
# Inside a static folder, collectstatic and WhiteNoise would publish every upload.
if any(MEDIA_ROOT.resolve().is_relative_to(Path(folder).resolve()) for folder in [STATIC_ROOT, *STATICFILES_DIRS]):
    raise ImproperlyConfigured("MEDIA_ROOT must not lie inside STATIC_ROOT or a folder of STATICFILES_DIRS.")
STORAGES = {
    # Uploaded files: the filesystem under MEDIA_ROOT by default (a shared volume when several app servers
    # run); any Django storage class can be named here, e.g. an S3-compatible one inside the network.
    "default": {"BACKEND": os.environ.get("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_FILE_SIZE = int(os.environ.get("IMPORT_MAX_FILE_SIZE", str(50 * 1024 * 1024)))
# Scans of decisions and dossier files (bytes).
SCAN_MAX_FILE_SIZE = int(os.environ.get("SCAN_MAX_FILE_SIZE", str(20 * 1024 * 1024)))
# Uploads are checked by what they are (units.common.uploads, docs/security.md). A .xlsx or .docx is a zip, checked
# before it is opened: its number of members, their total uncompressed size (bytes; 200,000 rows of the award
# register take ~110 MB) and the compression ratio of each member over 1 MB (real sheets: 10–20:1; a zip bomb:
# 1000:1). Images: at most this many pixels (an A3 page scanned at 600 dpi is 70 million).
UPLOAD_ZIP_MAX_MEMBERS = int(os.environ.get("UPLOAD_ZIP_MAX_MEMBERS", "2000"))
UPLOAD_ZIP_MAX_SIZE = int(os.environ.get("UPLOAD_ZIP_MAX_SIZE", str(256 * 1024 * 1024)))
UPLOAD_ZIP_MAX_RATIO = int(os.environ.get("UPLOAD_ZIP_MAX_RATIO", "100"))
UPLOAD_IMAGE_MAX_PIXELS = int(os.environ.get("UPLOAD_IMAGE_MAX_PIXELS", "100000000"))
# Imports (units.importing): data rows per file, and characters per cell (the longest text, a nomination's
# summary, is a page or two; a longer cell is an error, never cut short).
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "10000"))
# Exports of the lists (units.exporting): up to EXPORT_INLINE_ROWS rows the file is the page's own response (5,000
# awards of the register: 3–5 s of a web worker); more go to the background worker, whose file its creator downloads
# from the job's page. Jobs and their files are deleted EXPORT_KEEP_DAYS days after they were asked for.
EXPORT_INLINE_ROWS = int(os.environ.get("EXPORT_INLINE_ROWS", "5000"))
EXPORT_KEEP_DAYS = int(os.environ.get("EXPORT_KEEP_DAYS", "7"))

# E-mail of the notifications (units.notifications): sent only where an SMTP server is named (EMAIL_HOST); without
# one, notifications stay in the product's bell. The port, account, TLS/SSL and the sender come from the environment.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tdkt@localhost")
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[TĐKT] ")
# The address of the product in e-mails' links (https://tdkt.vks.example), since a reminder job has no request.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# Widgets render through the project's templates, so that templates/django/forms/ may override one of Django's
# (the blank choice "---------" reads "— Chọn —"); "django.forms" in INSTALLED_APPS supplies the others.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background jobs: django-tasks with the database backend. Imports and report PDFs have queues of their own, each
# run by its own worker (`manage.py run_worker --queue-name imports` and `--queue-name reports,default`, README
# "Background workers"), so that a PDF never waits behind a long import; "default" takes any other task.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["imports", "reports", "default"],
    }
}
# Leases of running jobs (units.common.jobs): the worker renews its job's lease every JOB_HEARTBEAT_SECONDS; a job
# whose lease is older than JOB_LEASE_SECONDS lost its worker (killed, the server restarted) and is marked failed,
# so that its user can retry it.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "15"))
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "90"))
if not 0 < 2 * JOB_HEARTBEAT_SECONDS <= JOB_LEASE_SECONDS:
    raise ImproperlyConfigured("JOB_LEASE_SECONDS must be at least twice JOB_HEARTBEAT_SECONDS (and both positive).")

IMPORT_EXPORT_SKIP_ADMIN_LOG = True

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id, user_id; units/common/logs.py)
# for a log collector. The default, text, is the bare message.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "units.common.logs.RequestContextFilter"}},
    "formatters": {"json": {"()": "units.common.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; its warnings (a missing font, an unreadable image) still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pyHanko logs each failed chain or change found in a checked signature with its traceback; the check's
        # result (awards.register.signatures) says it to the user, so only its errors are logged.
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}

# Production hardening (DEBUG off): what `manage.py check --deploy` asks for.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The machine health check answers a probe on plain HTTP from the server itself (units/common/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
