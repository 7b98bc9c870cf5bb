"""Zhijian settings: ZHIJIAN_* environment variables, then an optional config file, then defaults."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ZHIJIAN_VAR_DIR", PROJECT_DIR / "var"))


def _config_file() -> dict:
    path = os.environ.get("ZHIJIAN_CONFIG")
    if not path:
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


_FILE = _config_file()


def setting(name: str, default: str = "") -> str:
    """Read ZHIJIAN_<NAME> from the environment, else the config file, else the default."""
    env = os.environ.get(f"ZHIJIAN_{name}")
    if env is not None:
        return env
    return str(_FILE.get(name.lower(), default))


def _flag(name: str, default: bool) -> bool:
    return setting(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DEBUG", True)
SECRET_KEY = setting("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("ZHIJIAN_SECRET_KEY must be set when ZHIJIAN_DEBUG is off")
    SECRET_KEY = "zhijian-insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = [h for h in setting("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in setting("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "zhijian.core",
    "zhijian.accounts",
    "zhijian.audit",
    "zhijian.registry",
    "zhijian.standards",
    "zhijian.agencies",
    "zhijian.draws",
    "zhijian.spotchecks",
    "zhijian.licensing",
    "zhijian.risk",
    "zhijian.portal",
    "zhijian.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhijian.core.context.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhijian.core.context.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhijian.urls"
WSGI_APPLICATION = "zhijian.wsgi.application"

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
                "zhijian.core.context.navigation",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        setting("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhijian.sqlite3'}"),
        conn_max_age=int(setting("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # pg_trgm and case folding need a UTF-8 aware LC_CTYPE (DESIGN.md pitfalls).
    DATABASES["default"]["TEST"].update({"TEMPLATE": "template0", "CHARSET": "UTF8"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(setting("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(setting("LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(setting("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
_VENDOR = BASE_DIR / "static_vendor"
if _VENDOR.exists():
    STATICFILES_DIRS.append(_VENDOR)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "zhijian.accounts.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "zhijian.core.api.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zhijian.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhijian 质监 API",
    "DESCRIPTION": "产品质量监督平台 REST API / Product-quality supervision platform API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "/static/zhijian/favicon.svg",
}

REDIS_URL = setting("REDIS_URL", "")
# Seconds an API list page may be served from the (Redis) cache; 0 = off. Writes through services
# bump a data version, so a cached page never predates the last write.
API_LIST_CACHE_SECONDS = int(setting("API_LIST_CACHE_SECONDS", "0"))
TASK_BACKEND = setting("TASK_BACKEND", "rq" if REDIS_URL else "database")
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Audit checkpoints are signed with Ed25519; the key is 32 raw bytes, hex encoded.
AUDIT_SIGNING_KEY = setting("AUDIT_SIGNING_KEY", "")
AUDIT_CHECKPOINT_EVERY = int(setting("AUDIT_CHECKPOINT_EVERY", "1000"))

# Spreadsheet imports with more data rows than this run in the background worker, not the request.
IMPORT_SYNC_MAX_ROWS = int(setting("IMPORT_SYNC_MAX_ROWS", "300"))
# Former (rotated) public keys whose checkpoints `zhijian audit verify` still trusts, comma separated hex.
AUDIT_TRUSTED_PUBLIC_KEYS = [k for k in setting("AUDIT_TRUSTED_PUBLIC_KEYS", "").split(",") if k.strip()]

# Demo logins exist only in debug mode (issue 2).
DEMO_ENABLED = _flag("DEMO", DEBUG)
DEMO_PASSWORD = "zhijian-demo"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": setting("LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = _flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Spot-check deadlines and limits per rule set, overriding spotchecks/rules.py ([M] facts), JSON:
# {"order18": {"correction": [60, "calendar"]}}
SPOTCHECK_RULES = json.loads(setting("SPOTCHECK_RULES", "{}") or "{}")
