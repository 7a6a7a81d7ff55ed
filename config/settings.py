"""Settings for the reform catalogue, read from environment variables with safe local defaults.

Local use needs no configuration: SQLite under var/, DEBUG on. Production (DJANGO_DEBUG=0) refuses to
start without a real secret key and an explicit host list.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(int(default))).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG else "")
# 50 characters, as `check --deploy` wants (security.W009).
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters when DJANGO_DEBUG=0.")

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the public host names when DJANGO_DEBUG=0.")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "reforms",
    "search",
    "catalogue",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.deadline.RequestDeadlineMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "catalogue.conditional.IndexETagMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "catalogue.middleware.DatabaseUnavailableMiddleware",
    "catalogue.ratelimit.RateLimitMiddleware",
    "catalogue.reading.ReadingPreferenceMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "catalogue.reading.context",
            ],
        },
    },
]

# Every request is bounded in time, well below gunicorn's worker timeout (GUNICORN_TIMEOUT, 30 s): a slow or
# frozen database gives a 503 instead of a hung worker (config/deadline.py).
DB_CONNECT_TIMEOUT = envint("DJANGO_DB_CONNECT_TIMEOUT", 3)  # seconds
DB_STATEMENT_TIMEOUT = envint("DJANGO_DB_STATEMENT_TIMEOUT", 10)  # seconds, per statement (PostgreSQL)
DB_LOCK_TIMEOUT = envint("DJANGO_DB_LOCK_TIMEOUT", 8)  # seconds waiting for a row or table lock (SQLite: the database)
REQUEST_DEADLINE = envint("DJANGO_REQUEST_DEADLINE", 15)  # seconds for a whole request, then 503

_default_db = f"sqlite:///{BASE_DIR / 'var' / 'catalogue.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db),
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while an editor saves; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": DB_LOCK_TIMEOUT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# This machine's search index (derived from the database; rebuilt when missing). One folder per database.
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", BASE_DIR / "var" / "search-index"))


def _postgres_timeouts(database: dict) -> None:
    """Connect, statement and lock timeouts, enforced by libpq and the server."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
        options.setdefault(
            "options", f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000} -c lock_timeout={DB_LOCK_TIMEOUT * 1000}"
        )


_postgres_timeouts(DATABASES["default"])
_replicas = envlist("DATABASE_REPLICA_URLS")
for _index, _url in enumerate(_replicas):
    DATABASES[f"replica{_index}"] = dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)
    DATABASES[f"replica{_index}"]["TEST"] = {"MIRROR": "default"}
    _postgres_timeouts(DATABASES[f"replica{_index}"])
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"] if _replicas else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-outs by (username, client address) and by username, each with its own budget (config/lockout.py);
# never by address alone, which behind a proxy locked everyone out.
AXES_HANDLER = "config.lockout.BudgetedLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_USERNAME_FAILURE_LIMIT = envint("AXES_USERNAME_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.clients.client_address"
# How many reverse proxies append to X-Forwarded-For in front of the app; 0 trusts only the socket address.
TRUSTED_PROXY_COUNT = envint("DJANGO_TRUSTED_PROXY_COUNT", 0)
# An admin login whose `next` is refused (another host) lands on the admin index, not on a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Per-client request budgets per minute (catalogue/ratelimit.py); 0 turns a scope off.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "catalogue"}}
RATE_LIMITS = {
    "search": envint("DJANGO_RATE_LIMIT_SEARCH", 120),
    "api": envint("DJANGO_RATE_LIMIT_API", 300),
    "export": envint("DJANGO_RATE_LIMIT_EXPORT", 20),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Our own Chinese for admin strings Django's zh_Hans catalogue lacks (locale/zh_Hans/LC_MESSAGES).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Locally (and in tests) whitenoise serves straight from the app folders; production serves the
# collected, hashed and compressed files from STATIC_ROOT.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
SOURCES_DIR = BASE_DIR / "fixtures" / "sources"

# Exports: the full-catalogue files (one per index version) live here; a filtered export larger than
# what a request streams in ~10 s is refused with a link to them (rows per format).
# Rendered answers kept per process under their ETag (catalogue/response_cache.py); 0 turns it off.
RESPONSE_CACHE_MB = float(os.environ.get("DJANGO_RESPONSE_CACHE_MB", 16))
EXPORT_DIR = Path(os.environ.get("DJANGO_EXPORT_DIR", BASE_DIR / "var" / "exports"))
EXPORT_MAX_ROWS = {"csv": envint("DJANGO_EXPORT_MAX_ROWS_CSV", 100000), "xlsx": envint("DJANGO_EXPORT_MAX_ROWS_XLSX", 30000)}
# A full-catalogue file whose build failed is not built again for this long (seconds): requests get a 500
# saying so instead of a 503 "being built" that would never end, and the error is logged once.
EXPORT_RETRY_AFTER = envint("DJANGO_EXPORT_RETRY_AFTER", 300)

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The browsable HTML API only while developing.
    "DEFAULT_RENDERER_CLASSES": ["catalogue.api.renderers.SafeJSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "catalogue.api.pagination.CataloguePagination",
    "PAGE_SIZE": 20,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "营商环境改革案例库 API",
    "DESCRIPTION": "Read-only API over the catalogue of business-environment reform cases.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Security: strict by default in production, relaxed only where DEBUG needs it.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if envbool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "logfmt": {"format": "time=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)r"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "logfmt"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
