"""The test suite: fast hashing, tasks run immediately, SQLite in memory unless DATABASE_URL."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, REST_FRAMEWORK, STATIC_ROOT

# The worked example of docs/dev/add-a-work-line.md, so the suite runs the guide's code. Its
# migration is test-only too, so it lives with the tests (`makemigrations --check` checks it
# under these settings in CI).
INSTALLED_APPS = [*INSTALLED_APPS, "kechuang.example"]
MIGRATION_MODULES = {"example": "tests.example.migrations"}

DEBUG = False
DEMO_MODE = False
# The sign-in captcha is on everywhere but in the suite, whose lockout and rate-limit tests
# fail passwords on purpose; tests/accounts/test_captcha.py turns it on and solves it.
SIGNIN_CAPTCHA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; prod is Argon2
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "kechuang.core.channels.ConsoleSmsBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kechuang.core.logging.RequestIdFilter"}},
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "INFO"},
}

# WhiteNoise scans STATIC_ROOT at start-up; the suite serves from the finders, so an empty one.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# A fixed key for the backup tests only (never used outside the suite).
BACKUP_KEY = "test-only-backup-key-0123456789abcdef-not-secret"
