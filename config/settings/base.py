"""Settings shared by every mode. Mode modules (dev, test, production) import and adjust these."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KECHUANG_VAR_DIR", str(BASE_DIR / "var")))
SHARED_DIR = BASE_DIR.parent / "shared"

SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo mode: demo accounts may exist, TOTP is not enforced. Production mode refuses demo data.
DEMO_MODE = env_bool("KECHUANG_DEMO_MODE", False)

INSTALLED_APPS = [
    "kechuang.core.admin_apps.KechuangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "django_htmx",
    "template_partials",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "captcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_ratelimit",
    # Kechuang
    "kechuang.core",
    "kechuang.accounts",
    "kechuang.dataio",
    "kechuang.enterprises",
    "kechuang.cultivation",
    "kechuang.rdstats",
    "kechuang.targets",
    "kechuang.platforms",
    "kechuang.talent",
    "kechuang.projects",
    "kechuang.rural",
    "kechuang.support",
    "kechuang.policies",
    "kechuang.announcements",
    "kechuang.reports",
    "kechuang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kechuang.core.middleware.RequestIdMiddleware",
    "kechuang.core.middleware.SecurityHeadersMiddleware",
    "kechuang.core.middleware.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kechuang.accounts.middleware.SignInRateLimitMiddleware",
    "kechuang.core.middleware.ControlCharacterMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kechuang.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kechuang.core.middleware.AuditlogMiddleware",
    "kechuang.accounts.middleware.AccountStateMiddleware",
    "kechuang.core.access.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "kechuang.core.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Django's stock widget templates written in Python (kechuang.core.renderers, issue #15)
FORM_RENDERER = "kechuang.core.renderers.FastRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kechuang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kechuang.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default (WAL, synchronous=FULL, immediate transactions, busy timeout: security.md §6.4);
# PostgreSQL when DATABASE_URL says so.
SQLITE_PATH = VAR_DIR / "kechuang.sqlite3"
SQLITE_INIT = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
    "PRAGMA busy_timeout=20000;"
)


def database_from_env(url: str | None = None) -> dict[str, Any]:
    url = url if url is not None else env_str("DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{SQLITE_PATH}"
    config: dict[str, Any] = dict(
        # persistent connections, checked before reuse: a new PostgreSQL connection per
        # request cost more than most pages (issue #15; docs/decisions.md 60)
        dj_database_url.parse(
            url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": SQLITE_INIT,
        }
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "kechuang.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "kechuang.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "kechuang.accounts.validators.NoUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "kechuang.accounts.validators.PasswordHistoryValidator", "OPTIONS": {"history": 5}},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)  # 0 disables the periodic change
ACCOUNT_INACTIVE_DAYS = env_int("ACCOUNT_INACTIVE_DAYS", 90)

# Lockout: 5 failures within 30 minutes lock the *username* for 30 minutes (security.md SEC-04).
# A captcha on the sign-in form after 3 failures (kechuang.accounts.captcha): four digits,
# drawn with DejaVu-like Vera (bundled), heard through flite where it is installed.
SIGNIN_CAPTCHA = env_bool("SIGNIN_CAPTCHA", True)
CAPTCHA_CHALLENGE_FUNCT = "kechuang.accounts.captcha.digits_challenge"
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_FLITE_PATH = shutil.which("flite")
CAPTCHA_2X_IMAGE = False
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 30 minutes from the lockout; attempts during it do not extend it (SEC-04).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "kechuang.accounts.views.lockout_response"
AXES_USERNAME_CALLABLE = "kechuang.accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "kechuang.core.net.client_ip"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True  # our LoginEvent is the login log
# axes.W006 asks for IP-based locking too. A county bureau shares one public address, so an IP
# lock would lock the whole bureau out; we lock by username only (issue #2, docs/decisions.md).
# django_ratelimit.W001 warns for any cache it does not list; ours (core.cache.CounterCache) is a
# DatabaseCache made atomic for exactly this use, shared by every process.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.W001"]

# Sessions: 30 min idle (15 for the three admin roles), 12 h absolute (SEC-05). The server keeps
# a session at most 12 h; SessionLifetimeMiddleware ends it earlier when idle, and logs that.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_SECONDS = 30 * 60
SESSION_IDLE_SECONDS_ADMIN = 15 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
# Reads do not write (issue #15): a session is saved only when it changes; the idle clock
# ("last_seen") is moved at most once a minute, so a page view within a minute of the last one
# writes nothing (on SQLite a write is a database-wide lock).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_SEEN_RESOLUTION = 60  # seconds
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Second factor: roles that must use TOTP. Production turns it on for the three admin roles.
OTP_REQUIRED_ROLES: set[str] = set(env_list("OTP_REQUIRED_ROLES", []))
OTP_TOTP_ISSUER = "科创 Kechuang"

# Django admin: only from management networks, only with a verified second factor (SEC-12).
ADMIN_ALLOWED_CIDRS = env_list("ADMIN_ALLOWED_CIDRS", ["127.0.0.0/8", "::1/128"])
# Reverse proxies whose X-Forwarded-For is believed (core.net.client_ip); none by default.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Backups are encrypted and authenticated with a key derived from this secret (>= 32 characters;
# BACKUP_KEY_FILE reads it from a file). Keep it apart from the backups (docs/deployment.md).
BACKUP_KEY = env_str("BACKUP_KEY", "")

# The audit hash chains (core.audit_chain) are keyed with this secret, kept out of the database;
# empty: derived from SECRET_KEY. Carry it to any instance a backup is restored into.
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", "")

# Audit and login records: retention in days, never below 180 (SEC-16).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)

# Audit (django-auditlog): the request id is the correlation id; JSON diffs.
AUDITLOG_CID_GETTER = "kechuang.core.logging.audit_cid"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = True  # history shows "甲一镇", not a bare id
AUDITLOG_MASK_CALLABLE = "kechuang.utilities.masking.mask_for_audit"  # 138****5678
CSRF_FAILURE_VIEW = "kechuang.core.views.csrf_failure"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "kechuang" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: served locally, never from a CDN -----------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "kechuang" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Upload limits (security.md §0 / SEC-25).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Every upload passes this scanner first (dotted path; e.g. kechuang.core.uploads.clamdscan).
UPLOAD_SCANNER = env_str("UPLOAD_SCANNER", "")
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_SYNC_MAX_BYTES = env_int("IMPORT_SYNC_MAX_BYTES", 512 * 1024)  # larger: background job
IMPORT_SYNC_MAX_ROWS = env_int("IMPORT_SYNC_MAX_ROWS", 3000)
# Parsing runs in a child process with these limits (issue #11): rows and columns of a sheet
# (declared and real), cells of its grid, the child's address space and CPU seconds.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 256)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 10_000_000)
IMPORT_PARSE_MEMORY_MB = env_int("IMPORT_PARSE_MEMORY_MB", 2048)
IMPORT_PARSE_SECONDS = env_int("IMPORT_PARSE_SECONDS", 120)

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Caches ---------------------------------------------------------------------------------
# "default" is per process (the dashboard's cache is keyed on a database fingerprint, so it stays
# correct across processes); "counters" is shared through the database, for rate limits.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "counters": {
        "BACKEND": "kechuang.core.cache.CounterCache",
        "LOCATION": "kechuang_counters",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

# Rate limits on sign-in (login page, OTP page, token endpoint), on top of the username lock:
# per client address (a burst limit and a window limit, loose enough for a bureau behind one
# address) and per username (issue #11, defect 8). django-ratelimit counts in "counters".
RATELIMIT_USE_CACHE = "counters"
AUTH_RATE_IP_BURST = env_str("AUTH_RATE_IP_BURST", "10/10s")
AUTH_RATE_IP = env_str("AUTH_RATE_IP", "100/15m")
AUTH_RATE_USERNAME = env_str("AUTH_RATE_USERNAME", "20/15m")

# --- Background jobs ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "ENQUEUE_ON_COMMIT": True,
    }
}
# Stored figures for the province and cities (kechuang.reports.snapshots, issue #15): the worker
# checks this often whether the data moved on and recomputes them (0: never); a page shows a
# snapshot of older data for at most MAX_AGE seconds, then computes the numbers itself.
FIGURE_SNAPSHOT_REFRESH_SECONDS = env_int("FIGURE_SNAPSHOT_REFRESH_SECONDS", 60)
FIGURE_SNAPSHOT_MAX_AGE = env_int("FIGURE_SNAPSHOT_MAX_AGE", 300)

# --- REST API -------------------------------------------------------------------------------
# Token lifetimes: absolute per role group; idle as for sessions (30 min, admin roles 15 min).
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 12)
API_TOKEN_TTL_HOURS_ADMIN = env_int("API_TOKEN_TTL_HOURS_ADMIN", 2)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kechuang.accounts.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kechuang.core.api.permissions.AccessPolicyPermission"],
    "DEFAULT_PAGINATION_CLASS": "kechuang.core.api.pagination.StandardPagination",
    # JSON only: form and multipart bodies bend DRF's field rules (a missing list is an empty
    # one), so the API would accept what its schema refuses. Views that take files opt in.
    "DEFAULT_PARSER_CLASSES": ["kechuang.core.api.parsers.JSONParser"],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["kechuang.core.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "kechuang.core.api.schema.KechuangAutoSchema",
    "EXCEPTION_HANDLER": "kechuang.core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "科创 Kechuang API",
    "DESCRIPTION": "县科技局业务系统接口 / the API of Kechuang, a county S&T bureau system",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" choice set; name each enum after its choices class.
    "ENUM_NAME_OVERRIDES": {
        "SmeStatusEnum": "kechuang.cultivation.techsme.models.SmeStatus",
        "IpStatusEnum": "kechuang.enterprises.choices.IpStatus",
        "SurveyStatusEnum": "kechuang.rdstats.models.SurveyStatus",
        "PlatformLevelEnum": "kechuang.platforms.choices.PlatformLevel",
        "CooperationStatusEnum": "kechuang.talent.choices.CooperationStatus",
        "ProposalKindEnum": "kechuang.projects.choices.ProposalKind",
        "ProposalStatusEnum": "kechuang.projects.choices.ProposalStatus",
        "ApplicationStatusEnum": "kechuang.projects.choices.ApplicationStatus",
        "DocumentStatusEnum": "kechuang.projects.choices.DocumentStatus",
        "ProgrammeKindEnum": "kechuang.projects.choices.ProgrammeKind",
    },
    # Schema and docs follow the access policy (signed-in users), not drf-spectacular's AllowAny.
    "SERVE_PERMISSIONS": ["kechuang.core.api.permissions.AccessPolicyPermission"],
}

# --- Tables ---------------------------------------------------------------------------------
# bootstrap5-responsive as written by core.tables.table_html (look-ups once per column)
DJANGO_TABLES2_TEMPLATE = "core/table.html"

# --- Mail: console by default -----------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMS for reminders to enterprises without accounts (kechuang.core.channels): the console
# backend in development and the demo (it prints), none elsewhere until a gateway is set up
# (docs/deployment.md: SMS_BACKEND=kechuang.core.channels.HttpSmsGateway and SMS_GATEWAY_*).
SMS_BACKEND = env_str(
    "SMS_BACKEND", "kechuang.core.channels.ConsoleSmsBackend" if DEBUG or DEMO_MODE else ""
)
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = env_str("SMS_GATEWAY_KEY", "")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "科创")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kechuang@localhost")

# --- Logging: one line per record, with the request id, no secrets --------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kechuang.core.logging.RequestIdFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
    },
}
