"""Settings shared by every environment. Secrets and addresses come from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "portal.apps.AxesConfig",  # django-axes, named in Chinese in admin
    "django_celery_beat",
    "django_celery_results",
    "portal",
    "initiatives",
    "interviews",
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
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
# Each language is named in its own name, whatever the page's language: a reader looks for
# "English" or "简体中文", not for "英语" (Django's Chinese catalogue; the switch runs these
# names through gettext, so locale/zh_Hans keeps "English" as it is).
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats per language (portal/formats/<locale>/formats.py): 2026年11月5日 / Nov. 5, 2026.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private files (report photos): a folder that no URL serves, outside MEDIA_ROOT, which the
# proxy serves for public article photos. Served only by the permission-checked view, or,
# with PRIVATE_MEDIA_X_ACCEL set (e.g. "/private-media/", an nginx `internal` location
# aliased to PRIVATE_MEDIA_ROOT), by nginx after that view's check (X-Accel-Redirect).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
PRIVATE_MEDIA_X_ACCEL = env("PRIVATE_MEDIA_X_ACCEL", default="")
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must lie outside MEDIA_ROOT (served at /media/)")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Photos and imported files are limited in the forms; this caps the rest of a request body
# (every text field is limited too: portal/text.py). 5 MB: an article of 60 blocks at
# their 20,000-character limit, in UTF-8; a larger body is refused (400) before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# django-import-export opens import and export to every staff user unless a permission
# code is named: export needs the model's view permission, import its add permission
# (RegionAdmin asks for change too).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

REDIS_URL = env("REDIS_URL", default="")

# Celery. Without a broker (the embedded default) tasks run in the calling process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hang a web request: fail fast, the outbox retries later.
# visibility_timeout: a task taken by a worker that died unacknowledged (acks_late) goes back
# to the queue after this many seconds; it must exceed the longest task (time limit 30 min).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_PUBLISH_RETRY = False
SUMMARY_DISTRICTS_PER_TASK = env.int("SUMMARY_DISTRICTS_PER_TASK", default=50)

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The beat schedule, in one place. django-celery-beat copies it into the database, where
# admins see it (Periodic tasks) and beat on any host reads it. Tasks are named by their
# ``@shared_task(name=...)``, which does not change when a module moves.
CELERY_BEAT_SCHEDULE = {
    # Every minute: articles whose scheduled time has come go live.
    "publish-scheduled-articles": {
        "task": "interviews.publish_due_articles",
        "schedule": crontab(minute="*"),
    },
    # Every five minutes: notifications whose email could not be queued are sent now.
    "send-pending-notifications": {
        "task": "portal.send_pending_notifications",
        "schedule": crontab(minute="*/5"),
    },
    # Every day at 00:10: each active initiative gets the draft report of its current period.
    "open-reporting-periods": {
        "task": "initiatives.open_reporting_periods",
        "schedule": crontab(hour=0, minute=10),
    },
    # Every Monday at 01:30 (Asia/Shanghai): last week's summaries, fanned out by batches of districts.
    "build-weekly-summaries": {
        "task": "initiatives.build_summaries",
        "schedule": crontab(minute=30, hour=1, day_of_week="mon"),
        "kwargs": {"period_kind": "week"},
    },
    # On the 1st of every month at 02:30: last month's summaries, fanned out by batches of districts.
    "build-monthly-summaries": {
        "task": "initiatives.build_summaries",
        "schedule": crontab(minute=30, hour=2, day_of_month=1),
        "kwargs": {"period_kind": "month"},
    },
    # Every day at 08:00: remind officials of reports due soon or overdue, and tell
    # reviewers about reports returned twice.
    "send-report-reminders": {
        "task": "initiatives.send_report_reminders",
        "schedule": crontab(minute=0, hour=8),
    },
    # Every day at 03:40: article photos no block or revision names any more (replaced,
    # removed, or kept for a form that failed and was never sent again), a day old or more.
    "delete-orphan-files": {
        "task": "interviews.delete_orphan_files",
        "schedule": crontab(minute=40, hour=3),
    },
    # Every Monday at 07:00, after the weekly build: each reviewer's digest of their district.
    "send-weekly-digests": {
        "task": "initiatives.send_weekly_digests",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
}

# Officials are reminded this many days before a report is due.
REPORT_REMINDER_DAYS = 2

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Demo accounts share one password, printed by `make run`; demo data only.
DEMO_PASSWORD = "demo-pass-2026"
