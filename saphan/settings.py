"""Saphan settings: one file, every value read from the environment.

Each variable is documented in docs/settings.md. Defaults suit a laptop:
SQLite, the in-memory channel layer, local-memory cache, console e-mail.
Production is switched on by variables (DATABASE_URL, REDIS_URL,
SAPHAN_DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, the e-mail settings).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("SAPHAN_DEBUG", True)

# A fixed development key is only acceptable while DEBUG is on; production
# must provide its own (check --deploy rejects short or "django-insecure" keys).
SECRET_KEY = env("SECRET_KEY", "django-insecure-saphan-development-only-key")
if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise RuntimeError("SECRET_KEY must be set when SAPHAN_DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    # Saphan, one app per part of the domain (docs/architecture.md)
    "lib",
    "accounts",
    "audit",
    "directory",
    "search",
    "labs",
    "workshops",
    "boards",
    "actions",
    "reports",
    "network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Authentication before locale: the user's preferred language decides.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLocaleMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "saphan.urls"
ASGI_APPLICATION = "saphan.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "actions.context_processors.notifications",
            ],
            "builtins": ["lib.templatetags.thai"],
        },
    }
]

# --- Data -------------------------------------------------------------------
# SQLite by default so that one command runs everything on a laptop;
# DATABASE_URL=postgres://... for production and for the PostgreSQL test run.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'saphan.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the page process read while an import writes; a busy timeout
    # instead of "database is locked" errors under the ASGI server's threads.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Take the write lock when a transaction begins: one that reads
            # first and writes later cannot wait for another writer (SQLite
            # answers "database is locked" at once): two server processes, or
            # clustering in its own thread beside the board's writes.
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Board batches travel one message per process and tick, so a
            # roomy channel never drops one under a burst.
            # The socket timeout is above channels_redis's 5 s blocking read, which
            # redis-py 8's 5 s default would cut off on an idle board.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "capacity": 5000,
                "expiry": 30,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 5000}}
    }

# Live boards: events are gathered per board and sent once per tick (ms).
BOARD_TICK_MS = int(env("BOARD_TICK_MS", "40"))
# The server's GIL switch interval in ms (saphan/asgi.py; Python's default is 5).
ASGI_SWITCH_INTERVAL_MS = float(env("ASGI_SWITCH_INTERVAL_MS", "0.5"))

MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded import files can be large government spreadsheets.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
SAPHAN_IMPORT_MAX_BYTES = int(env("SAPHAN_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
# A plan's Excel file waits here between upload and confirmation (actions/views/excel.py).
SAPHAN_PLAN_IMPORT_DIR = Path(env("SAPHAN_PLAN_IMPORT_DIR", str(MEDIA_ROOT / "plan-imports")))
# Workshop photos and files: the largest upload accepted.
SAPHAN_UPLOAD_MAX_BYTES = int(env("SAPHAN_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# --- Network (network/graph.py, network/ties.py) ---------------------------------
# Weight of each kind of tie, e.g. NETWORK_TIE_WEIGHTS="group=3,session=0.5,challenge=0"
# (0 leaves a kind out); kinds not named keep their defaults in network/graph.py.
NETWORK_TIE_WEIGHTS = {
    kind.strip(): float(weight)
    for kind, _, weight in (item.partition("=") for item in env_list("NETWORK_TIE_WEIGHTS"))
}
# A group, session or board larger than this ties no pairs: a crowd is not a team.
NETWORK_MAX_CLIQUE = int(env("NETWORK_MAX_CLIQUE", "80"))
# Who-should-meet-whom kept per organisation or person.
NETWORK_RECOMMENDATIONS = int(env("NETWORK_RECOMMENDATIONS", "10"))
# A lab's new tie "lasted" when the pair worked together again this many days after.
NETWORK_LASTING_DAYS = int(env("NETWORK_LASTING_DAYS", "90"))

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("SAPHAN_FAST_PASSWORD_HASHER", False):
    # Tests only: argon2 is deliberately slow, and the suite creates many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "directory:home"
LOGOUT_REDIRECT_URL = "directory:home"

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"
# How Thai pages write Buddhist-era years: "thai" digits (๙ กุมภาพันธ์ ๒๕๖๕)
# or "arabic" digits (9 กุมภาพันธ์ 2565).
SAPHAN_THAI_DIGITS = env("SAPHAN_THAI_DIGITS", "arabic")

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds an SMTP connection may block (connecting, sending) before it fails.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Saphan <no-reply@saphan.local>")

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "300/minute"),
        "user": env("API_THROTTLE_USER", "3000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Saphan API",
    "DESCRIPTION": "Directory, labs and workshops of Saphan (สะพาน). Reads of public "
    "directory data need no login; writes need a session or a personal API token "
    "(header `Authorization: Token <key>`).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two choice lists are both called "kind"; name them apart in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "directory.models.OrganisationKind",
        "AliasKindEnum": "directory.models.OrganisationAlias.Kind",
        "LabKindEnum": "labs.models.Lab.Kind",
        "LabRoleEnum": "labs.models.Role",
        "AgencyRoleEnum": "labs.models.ChallengeAgency.Role",
        "WorkshopFileKindEnum": "workshops.models.WorkshopFile.Kind",
        "BoardStatusEnum": "boards.models.Board.Status",
    },
}

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # the page's JavaScript sends the token on fetch()
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
