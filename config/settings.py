"""Settings for the Creative Cluster platform.

Every value that differs between a laptop, the embedded default and a scaled-out install comes
from the environment (see `.env.example`). Production (DEBUG=0) refuses to start with unsafe
values instead of running insecurely.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Django's generic classes (ModelAdmin, ModelForm, QuerySet, ...) take type arguments at run
# time too, as the strict type check wants them written.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG: bool = env.bool("DEBUG", default=True)

# Only for DEBUG: without DEBUG the settings refuse to start on this key.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY: str = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value when DEBUG=0 "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG=0.")

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
    "allauth",
    "allauth.account",
    "core.apps.LoginLockoutsConfig",  # django-axes, named in Russian in the admin
    "django_htmx",
    "bootstrap",
    "ninja",
    "core",
    "members",
    "resources",
    "matching",
    "events",
    "meetings",
    "projects",
    "orders",
    "shops",
    "support",
    "surveys",
    "plans",
    "demo",  # last: it imports every app above, and none of them imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.LongQueryMiddleware",
    "core.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Axes last: it must see the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Longer query strings get the 414 page (core.middleware.LongQueryMiddleware): searches are
# capped at a few hundred characters, which is at most ~1,200 bytes of encoded Cyrillic.
MAX_QUERY_STRING_LENGTH = 4000

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
                "core.context_processors.cluster",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at BEGIN,
    # so two concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: email is the login; an address must be confirmed before the first login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# People here are rarely technical: "this address is already registered" on the form helps
# more than a silent email, at the cost of revealing that an address has an account.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Greets from the cluster's name and keeps `next` in the confirmation link.
ACCOUNT_ADAPTER = "members.adapter.ClusterAccountAdapter"
LOGIN_REDIRECT_URL = "members:dashboard"
LOGIN_URL = "account_login"

# Lock an account+IP pair after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "members.auth.login_email_from_attempt"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
# django-environ reads `filemail:///var/mail/cluster` as the relative path "var/mail/cluster"
# (the third slash only ends the empty host), so the absolute folder it names is put back; a
# relative folder (`filemail://mail`) is taken from the project's root, not the current one.
if EMAIL_CONFIG.get("EMAIL_FILE_PATH"):
    _mail_folder = Path(EMAIL_CONFIG["EMAIL_FILE_PATH"])
    if not _mail_folder.is_absolute():
        absolute = env.str("EMAIL_URL").startswith("filemail:///")
        _mail_folder = Path("/") / _mail_folder if absolute else BASE_DIR / _mail_folder
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = str(_mail_folder)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cluster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The QR reader of the check-in page, installed from npm (package-lock.json, `make install`).
    ("vendor/jsqr", BASE_DIR / "node_modules" / "jsqr" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# The embedded default serves uploads itself; at scale a web server or object store does.
SERVE_MEDIA: bool = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
AVATAR_MAX_BYTES = 2 * 1024 * 1024

CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the platform runs embedded: tasks execute in-process, right away.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
# With workers and `celery -A config beat`: the day-before reminders go out every morning.
# The embedded default has no beat; run `manage.py send_event_reminders` from cron instead.
CELERY_BEAT_SCHEDULE = {
    "event-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # Those who have not answered a survey closing within three days.
    "survey-reminders": {
        "task": "surveys.tasks.remind_closing_surveys",
        "schedule": crontab(hour=10, minute=0),
    },
}

# Security: strict by default in production, relaxed only where DEBUG needs it.
# A cluster on a closed network may serve plain HTTP on its own machine; say so explicitly.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Reverse proxies in front of the site (nginx: 1). Only then are their X-Forwarded-Proto and
# X-Forwarded-For believed: a server facing clients directly would take anyone's word for
# HTTPS and for their address (`core.http.client_ip`).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "pymorphy3": {"level": "WARNING"}},
}

# The version of the personal-data consent text; stored with every consent given.
# A new version whenever the meaning of a consent text changes (2026-12: who sees a profile).
CONSENT_TEXT_VERSION = "2026-12"
DIRECTORY_PAGE_SIZE = 24
# A search counts its matches up to this many, then says "more than".
SEARCH_COUNT_CAP = 1000

FORM_RENDERER = "core.forms_renderer.ClusterFormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True
