"""Settings shared by every environment. Secrets and addresses come from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .storage import storages_from_env

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
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "initiatives",
    "interviews",
]

MIDDLEWARE = [
    # Anonymous public pages whole from the cache (one GET, the final headers stored with
    # them), before every other middleware.
    "portal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.CSPMiddleware",  # django-csp's, the header built once
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NUL bytes, over-long query values, absurd page numbers: a 400 before any view.
    "portal.middleware.MalformedInputMiddleware",
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
# A persistent connection that died (the database restarted) is replaced at the next
# request instead of failing it; a database that is down gives a 503 (portal.views).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "portal.accounts.backends.UserBackend",  # Django's ModelBackend
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
# Behind the reverse proxy: the address nginx saw, believed only from these proxies'
# addresses (portal/proxies.py). Empty: the connection's own address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "portal.proxies.client_ip"

# Security headers (issue 10, finding 10). Scripts come only from our own static files: no
# inline script or handler anywhere (charts: static/js/charts.js). The one hash is the
# inline handler of django-import-export's "select all" box on admin's export page. Inline
# styles stay allowed: Django admin and the progress bars' widths use style attributes,
# and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [
            SELF,
            "'unsafe-hashes'",
            "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
        ],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features no page uses, refused to every origin (a photo is taken through the file input).
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

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
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private files (report photos): a folder that no URL serves, outside MEDIA_ROOT, which the
# proxy serves for public article photos. Served only by the permission-checked view, or,
# with PRIVATE_MEDIA_X_ACCEL set (e.g. "/private-media/", an nginx `internal` location
# aliased to PRIVATE_MEDIA_ROOT), by nginx after that view's check (X-Accel-Redirect).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
PRIVATE_MEDIA_X_ACCEL = env("PRIVATE_MEDIA_X_ACCEL", default="")
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must lie outside MEDIA_ROOT (served at /media/)")
# The local disk, or S3 buckets when S3_MEDIA_BUCKET is set (portal/settings/storage.py).
STORAGES = storages_from_env(
    env, media_root=MEDIA_ROOT, private_root=PRIVATE_MEDIA_ROOT, media_url=MEDIA_URL
)
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
# django-celery-results' database backend, with a chord that a piece run twice cannot
# break (portal/celery_results.py).
CELERY_RESULT_BACKEND = "portal.celery_results:ChordSafeDatabaseBackend"
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hang a web request: fail fast, the outbox retries later.
# visibility_timeout: a task taken by a worker that died unacknowledged (acks_late) goes back
# to the queue this many seconds after its worker was last seen. Live workers renew what
# they hold (portal/celery_lease.py), so it bounds how late a dead host's work is redone,
# not how long a task may run. Every worker looks for such tasks every
# unacked_restore_interval seconds (kombu's default looks every 10 s but scans only every
# tenth time: a dead host's task came back up to 100 s late).
VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "visibility_timeout": VISIBILITY_TIMEOUT,
    "unacked_restore_interval": min(10, max(1, VISIBILITY_TIMEOUT // 4)),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_PUBLISH_RETRY = False
# Districts per piece of a summary build. Each piece pays a fixed cost (compiling its five
# queries, about 0.1 s); on the national data set one process built a week in 62 s with 50
# a piece and 43-46 s with 150 or 300 (bench/README.md, issue 15). 150: 20 pieces, enough
# to keep a few workers busy.
SUMMARY_DISTRICTS_PER_TASK = env.int("SUMMARY_DISTRICTS_PER_TASK", default=150)
# Seconds a unit's summaries wait after a submission, return or approval before they are
# refreshed: the changes of those seconds share one refresh (per unit and period).
SUMMARY_REFRESH_DELAY = env.int("SUMMARY_REFRESH_DELAY", default=10)

# django-celery-beat's DatabaseScheduler, sending only while it holds a lock in Redis: any
# number of hosts may start beat and one sends (portal/beat.py). The lock expires this many
# seconds after its holder stopped renewing it; another beat then takes over.
CELERY_BEAT_SCHEDULER = "portal.beat:SingleBeatScheduler"
BEAT_LOCK_SECONDS = env.int("BEAT_LOCK_SECONDS", default=30)
# Beat writes each send to the database at once: a beat taking over reads what was sent.
CELERY_BEAT_SYNC_EVERY = 1

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

# The REST API (/api/v1/, portal/api/): tokens only (no session, so no CSRF to forget),
# JSON in and out, errors as RFC 9457 problem details, cursor pages, rate limits per token
# and per address (counted in the default cache: Redis in production).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.ApiCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttles.TokenRateThrottle",
        "portal.api.throttles.AddressRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "portal.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_THROTTLE_RATES = {
    "token": env("API_THROTTLE_TOKEN", default="2000/hour"),
    "anon": env("API_THROTTLE_ANON", default="300/hour"),
}
# How long public API reads stay in the cache (they are also keyed by the published version).
API_PUBLIC_CACHE_SECONDS = env.int("API_PUBLIC_CACHE_SECONDS", default=300)
SPECTACULAR_SETTINGS = {
    "TITLE": "街道党建工作报告平台 API",
    "DESCRIPTION": "Reports, reviews, units, articles and summaries (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the sidecar package: served by this machine, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would ask validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "validatorUrl": None,
        "persistAuthorization": True,
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

# Officials are reminded this many days before a report is due.
REPORT_REMINDER_DAYS = 2

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    },
    # Template fragments ({% cache %}: an article's body per version and language), in
    # each process's memory: keyed by what they show, so never stale, no round trip.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
if REDIS_URL:
    # django-redis rather than Django's own backend: a Redis that cannot be reached is a
    # miss (IGNORE_EXCEPTIONS, logged below), not a 500, and short socket timeouts keep a
    # hung one from holding a worker (0.2 s instead of 5 s).
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CACHE_TIMEOUT", default=0.2),
            "SOCKET_TIMEOUT": env.float("REDIS_CACHE_TIMEOUT", default=0.2),
        },
    }
# Every ignored cache error is logged (logger "django_redis").
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

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
# The provinces whose real division tree (统计用区划代码) `seed_demo` loads under the demo:
# 山东 and 安徽, the demo units' provinces; "all" for the whole country (about 40 s).
DEMO_DIVISION_PROVINCES = env.list("DEMO_DIVISION_PROVINCES", default=["37", "34"])
