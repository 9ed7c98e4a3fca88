"""Quizwright settings: one module, configured from the environment (see docs/operations.md)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

# `make run` writes `.env` (git-ignored) with DJANGO_DEBUG=1 and a generated key, so every management command works
# after it with no extra environment. Without that file, settings are production's: debug off, a key required.
ENV_FILE = load_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. For local development run `make run` "
            "once (it writes a git-ignored .env with DJANGO_DEBUG=1 and a generated key); production sets its own."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"

# Behind the documented reverse proxy: trust its scheme header, and read the client address from the right-most
# X-Forwarded-For entries that our PROXY_COUNT proxies appended (accounts/throttle.py: client_ip).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1 if BEHIND_PROXY else 0)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "accounts",
    "content",
    "quizzes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.roles",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
# SQLite by default (embedded, zero set-up). WAL lets readers run beside the one writer; IMMEDIATE transactions
# take the write lock at BEGIN, so two writers queue instead of failing mid-transaction with "database is locked";
# config/sqlite waits for that lock in short steps rather than SQLite's growing sleeps. A writer that waits longer
# than DJANGO_SQLITE_TIMEOUT seconds gets that error, which config/errors.py answers with a retryable 503 (the
# fault tests shorten it to make an outage quick to provoke).
SQLITE_INIT = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
SQLITE_TIMEOUT = env_int("DJANGO_SQLITE_TIMEOUT", 20)
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["ENGINE"] = "config.sqlite"
        _db["OPTIONS"] = {
            "timeout": SQLITE_TIMEOUT,
            "transaction_mode": "IMMEDIATE",
            "init_command": SQLITE_INIT,
        }
    else:
        # A reused connection is checked before a request's first query; config/postgresql checks its socket
        # first, without a round trip, and asks the server only when something has arrived on it.
        _db["ENGINE"] = "config.postgresql"
        _db["CONN_HEALTH_CHECKS"] = True
        # Behind PgBouncer in transaction mode a named cursor cannot outlive its transaction (docs/operations.md).
        _db["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
        # Prepared statements: psycopg prepares a statement once a connection has run it five times (Django turns
        # this off unless told), so PostgreSQL stops planning the hot lookups on every request. Planning the
        # question's seven-table lookup took 2-5 ms, ten times its execution: most of the database's work for a
        # practice answer. Behind a PgBouncer older than 1.21, or without its `max_prepared_statements`, turn it
        # off (docs/operations.md).
        if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
            _db.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
else:
    _db = {
        "ENGINE": "config.sqlite",
        "NAME": BASE_DIR / "db.sqlite3",
        "OPTIONS": {"timeout": SQLITE_TIMEOUT, "transaction_mode": "IMMEDIATE", "init_command": SQLITE_INIT},
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # OWASP ASVS 4.0.3 V2.1.1: at least 12 characters, and no composition rules.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (accounts/throttle.py): 5 failures for one account from one address lock that pair; 30 from
# one address over any accounts lock the address. Both for the cool-off; a password reset signs the learner in.
AXES_HANDLER = "accounts.throttle.AxesHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_VERBOSE = False
# Password-reset mail: at most this many per account per hour, and this many requests per client address.
RESET_MAILS_PER_ACCOUNT = env_int("RESET_MAILS_PER_ACCOUNT", 3)
RESET_REQUESTS_PER_CLIENT = env_int("RESET_REQUESTS_PER_CLIENT", 10)
# Sign-up answers "that address already has an account" at most this many times per client address per hour.
SIGNUP_TAKEN_PER_CLIENT = env_int("SIGNUP_TAKEN_PER_CLIENT", 10)

# --- E-mail (password reset) ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Quizwright <no-reply@quizwright.local>")

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names need `collectstatic` first; development and tests serve files as they are.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Uploads --------------------------------------------------------------------------------------------
# 10 MB is the largest notes or bank file we accept. A request body larger than that (plus room for the other form
# fields) is refused from its Content-Length before anything reads it (config/middleware.py); the documented proxy
# configuration sets the same limit (client_max_body_size).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 256 * 1024
# Requests this large (notes or bank files that keep a worker busy for a second or more) are read one at a time on
# each machine, and refused with "busy, try again" while another is read (content/large_reads.py).
LARGE_READ_BYTES = env_int("LARGE_READ_BYTES", 256 * 1024)
LARGE_READS_AT_ONCE = env_int("LARGE_READS_AT_ONCE", 1)
LARGE_READ_LOCK_DIR = env_str("LARGE_READ_LOCK_DIR") or str(
    Path(tempfile.gettempdir()) / f"quizwright-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]}"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

# --- Security -------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles from our own origin only, no inline script or style and
# no eval (htmx is served from static files and configured not to inject styles or evaluate; see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features the site never uses are switched off for it and anything it could be made to embed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; kept default-compatible
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_PROXY:
        # Trust the proxy's scheme header only when told we are behind one that sets it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        USE_X_FORWARDED_HOST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
