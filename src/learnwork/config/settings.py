"""Learnwork settings: every value comes from a LEARNWORK_* variable (see .env.example)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from learnwork.config import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("VAR_DIR", "var")).resolve()

DEBUG = env.flag("DEBUG", default=False)
# Under pytest the suite gets fast hashing, a private cache and tasks run inline.
TESTING = env.flag("TESTING", default="pytest" in sys.modules)
SECRET_KEY = (
    secrets.token_urlsafe(50) if TESTING and not env.text("SECRET_KEY")
    else env.secret_key(VAR_DIR, debug=DEBUG or env.flag("DEMO"))
)
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Signs the Open Badges credentials this instance issues; tests get a fresh key each session.
CREDENTIAL_SIGNING_KEY = (
    "u" + secrets.token_urlsafe(32) if TESTING and not env.text("CREDENTIAL_SIGNING_KEY")
    else env.credential_signing_key(VAR_DIR, generate=DEBUG or env.flag("DEMO"))
)
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "learnwork.core",
    "learnwork.accounts",
    "learnwork.skills",
    "learnwork.social",
    "learnwork.posts",
    "learnwork.journeys",
    "learnwork.credentials",
    "learnwork.providers",
    "learnwork.xapi",
    "learnwork.recommendations",
    "learnwork.profiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "learnwork.core.middleware.UserTimezoneMiddleware",
    "learnwork.core.middleware.OutOfRangeMiddleware",
]

ROOT_URLCONF = "learnwork.config.urls"
WSGI_APPLICATION = "learnwork.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learnwork.core.context_processors.site",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env.text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'learnwork.sqlite3'}")
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=env.integer("DB_CONN_MAX_AGE", 60))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # A kept connection keeps SQLite's page cache warm between requests; a new one per
        # request rereads every index page the feed touches. Tests open their own per thread.
        config["CONN_MAX_AGE"] = 0 if TESTING else config["CONN_MAX_AGE"]
        config["CONN_HEALTH_CHECKS"] = True
        config["OPTIONS"] = {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait on
            # busy_timeout instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000; PRAGMA temp_store=MEMORY;"
            ),
        }
        config["TEST"] = {"NAME": env.text("TEST_SQLITE_NAME") or None}
    else:
        options = config.setdefault("OPTIONS", {})
        # PostgreSQL's default page cost models spinning disks; on SSDs it makes the planner
        # hash-join whole tables where an index lookup is several times faster (see ADR 0005).
        cost = env.text("PG_RANDOM_PAGE_COST", "1.1")
        if cost:
            options.setdefault("options", f"-c random_page_cost={float(cost)}")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis = env.text("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}
        if _redis
        else {
            # Shared by every server process on the machine, so rate limits hold across workers.
            "BACKEND": "learnwork.core.filecache.FileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env.text("TASKS", "immediate" if TESTING else "database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2's deliberate cost would dominate the test suite; production keeps Argon2 first.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): the username is the person's public @handle.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "learnwork.accounts.validators.handle_validators"
ACCOUNT_ADAPTER = "learnwork.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "learnwork.accounts.forms.SignupForm"}
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Learnwork"
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

EMAIL_SUBJECT_PREFIX = "[Learnwork] "
DEFAULT_FROM_EMAIL = env.text("EMAIL_FROM", "Learnwork <noreply@learnwork.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.text("SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.text("SMTP_HOST")
    EMAIL_PORT = env.integer("SMTP_PORT", 587)
    EMAIL_HOST_USER = env.text("SMTP_USER")
    EMAIL_HOST_PASSWORD = env.text("SMTP_PASSWORD")
    EMAIL_USE_TLS = env.flag("SMTP_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(VAR_DIR / "media")))
SERVE_MEDIA = env.flag("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {
        "BACKEND": env.text("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache, and from the database only when the cache has lost them:
# every signed-in request reads its session, and a database round trip cost more than the
# cache's read. Writes go to both, so nothing is lost when the cache is cleared.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.flag("HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.flag("SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("HSTS_SECONDS", 0)

API_RATE_LIMIT = env.text("API_RATE_LIMIT", "120/m")
API_ANON_RATE_LIMIT = env.text("API_ANON_RATE_LIMIT", "60/m")

# Importing Open Badges fetches the addresses a badge names; private and local network addresses
# are refused so a badge cannot probe this server's own network (tests turn this on).
BADGE_FETCH_ALLOW_PRIVATE = env.flag("BADGE_FETCH_ALLOW_PRIVATE", default=False)
# Course providers' webhooks are refused on private and local network addresses the same way.
WEBHOOK_ALLOW_PRIVATE = env.flag("WEBHOOK_ALLOW_PRIVATE", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
