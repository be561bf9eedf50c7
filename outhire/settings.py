"""Outhire's one settings module. Everything comes from the environment; see docs/settings.md."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from outhire.lib.env import (
    envbool,
    envchoice,
    envint,
    envintmap,
    envlist,
    envstr,
    generated_secrets,
)
from outhire.lib.logs import logging_config
from outhire.lib.sentry import sentry_init
from outhire.lib.storage.config import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("OUTHIRE_VAR_DIR") or BASE_DIR / "var")

OUTHIRE_ENV = envchoice("OUTHIRE_ENV", "development", {"development", "production", "test"})
PRODUCTION = OUTHIRE_ENV == "production"
DEBUG = envbool("DEBUG", default=not PRODUCTION)

# --- Secrets -------------------------------------------------------------------------------
_SECRET_NAMES = ("SECRET_KEY", "OUTHIRE_ENCRYPTION_KEYS", "OUTHIRE_BLIND_INDEX_KEY")
_given = {name: envstr(name) for name in _SECRET_NAMES}
_missing = [name for name, value in _given.items() if not value]
if PRODUCTION:
    problems = []
    if DEBUG:
        problems.append("DEBUG must be false")
    if _missing:
        problems.append(f"missing secrets: {', '.join(_missing)}")
    if not envlist("ALLOWED_HOSTS"):
        problems.append("ALLOWED_HOSTS must be set")
    _demo = VAR_DIR / "secrets.json"
    if _demo.exists():
        import json

        demo_values = set(json.loads(_demo.read_text()).values())
        reused = [name for name, value in _given.items() if value and value in demo_values]
        if reused:
            problems.append(f"generated demo secrets are not allowed: {', '.join(reused)}")
    if problems:
        raise ImproperlyConfigured(
            "OUTHIRE_ENV=production refuses to start: " + "; ".join(problems)
        )
    _secrets = _given
else:
    _secrets = generated_secrets(VAR_DIR) if _missing else {}
    _secrets = {name: _given[name] or _secrets[name] for name in _SECRET_NAMES}

SECRET_KEY = _secrets["SECRET_KEY"]
# Former keys, still accepted for signed links and sessions while SECRET_KEY is rotated
# (docs/deploy.md#secrets-and-key-rotation).
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")
# Comma-separated Fernet keys, newest first. Add a new key in front, run `outhire rotate-keys`,
# then drop the old one.
OUTHIRE_ENCRYPTION_KEYS = [k.strip() for k in _secrets["OUTHIRE_ENCRYPTION_KEYS"].split(",") if k]
OUTHIRE_BLIND_INDEX_KEY = _secrets["OUTHIRE_BLIND_INDEX_KEY"]

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Applications --------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, for the project's form renderer (outhire/lib/forms.py).
    "django.forms",
    "django_htmx",
    "ninja",
    # The database-backed file store's tables (outhire/lib/storage/, docs/storage.md).
    "outhire.lib.storage",
    "outhire.accounts",
    "outhire.candidates",
    "outhire.screening",
    "outhire.engagements",
    "outhire.approvals",
    "outhire.costs",
    "outhire.billing",
    "outhire.requisitions",
    "outhire.pipeline",
    "outhire.privacy",
    "outhire.careers",
    "outhire.referrals",
    "outhire.community",
    "outhire.interviews",
    "outhire.offers",
    "outhire.webhooks",
    "outhire.preboarding",
    "outhire.analytics",
    "outhire.work",
    "outhire.onboarding",
    "outhire.portal",
    "outhire.api",
    "outhire.demo",
    "outhire.ops",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (outhire/lib/logs.py).
    "outhire.lib.logs.RequestIdMiddleware",
    # Times every request by view for Prometheus (outhire/ops/metrics.py).
    "outhire.ops.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "outhire.lib.security.SecurityHeadersMiddleware",
    "outhire.lib.security.NullCharacterMiddleware",
    "outhire.lib.security.UploadNameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (a user's own language) and before URL resolution (a careers URL
    # names its language): outhire/lib/i18n.py.
    "outhire.lib.i18n.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "outhire.accounts.middleware.AccessMiddleware",
]

if PRODUCTION:
    # Serves the collected static files from the app itself; in development runserver does.
    MIDDLEWARE.insert(3, "whitenoise.middleware.WhiteNoiseMiddleware")

# Past the largest upload size, the rest of a file is dropped, not written (outhire/lib/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "outhire.lib.uploads.CappedTemporaryFileUploadHandler",
]

ROOT_URLCONF = "outhire.urls"
# Forms drawn with the project's templates: error summary, required markers, choice groups.
FORM_RENDERER = "outhire.lib.forms.FormRenderer"
WSGI_APPLICATION = "outhire.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "outhire" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "outhire.accounts.context_processors.access",
                "outhire.accounts.notifications.unread_count",
                "outhire.lib.navigation.return_to",
                "outhire.lib.navigation.menu_section",
            ],
            # Numbers, money, durations and dates written one way (outhire/lib/formatting.py).
            "builtins": ["outhire.lib.formatting", "django.templatetags.i18n"],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
_database_url = envstr("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "outhire.sqlite3",
            # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
            # upgrades of read transactions to write transactions.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not :memory:, so that a Celery worker process can share the test database.
            "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "work:home"
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3 * 3600, minimum=300)

# Lockout: this many failures within the window lock the account (or the IP) for the window.
OUTHIRE_LOGIN_MAX_FAILURES_PER_ACCOUNT = envint(
    "OUTHIRE_LOGIN_MAX_FAILURES_PER_ACCOUNT", 5, minimum=1
)
OUTHIRE_LOGIN_MAX_FAILURES_PER_IP = envint("OUTHIRE_LOGIN_MAX_FAILURES_PER_IP", 20, minimum=1)
OUTHIRE_LOGIN_LOCKOUT_MINUTES = envint("OUTHIRE_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Client single sign-on (docs/sso.md): identity providers must be https:// in production; plain
# http:// is accepted elsewhere so a local test IdP works.
OUTHIRE_SSO_ALLOW_HTTP = envbool("OUTHIRE_SSO_ALLOW_HTTP", not PRODUCTION)
OUTHIRE_INVITATION_DAYS = envint("OUTHIRE_INVITATION_DAYS", 7, minimum=1)
# Largest document (resume, cover letter...) anyone may upload. The reverse proxy should cap
# request bodies at the same size so an oversized upload is refused before it is read.
OUTHIRE_MAX_UPLOAD_MB = envint("OUTHIRE_MAX_UPLOAD_MB", 10, minimum=1)
# Reading an uploaded document's text (docs/parsing.md): a child process per file, killed past
# this many seconds or this much memory; the file is then kept, marked unreadable.
OUTHIRE_READ_SECONDS = envint("OUTHIRE_READ_SECONDS", 8, minimum=1)
OUTHIRE_READ_MEMORY_MB = envint("OUTHIRE_READ_MEMORY_MB", 1024, minimum=256)
OUTHIRE_READ_ISOLATED = envbool("OUTHIRE_READ_ISOLATED", default=True)
# Largest file (CSV, JSON Resume, zip of resumes) a candidate import accepts.
OUTHIRE_MAX_IMPORT_MB = envint("OUTHIRE_MAX_IMPORT_MB", 100, minimum=1)
# Number of reverse proxies in front of the app whose X-Forwarded-For we trust for client IPs.
OUTHIRE_TRUSTED_PROXIES = envint("OUTHIRE_TRUSTED_PROXIES", 0, minimum=0)
# Webhooks (docs/webhooks.md): attempts per delivery before giving up, seconds per request,
# and whether private and loopback addresses may receive them (never in production).
OUTHIRE_WEBHOOK_MAX_ATTEMPTS = envint("OUTHIRE_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
OUTHIRE_WEBHOOK_TIMEOUT = envint("OUTHIRE_WEBHOOK_TIMEOUT", 10, minimum=1)
OUTHIRE_WEBHOOK_ALLOW_PRIVATE = envbool("OUTHIRE_WEBHOOK_ALLOW_PRIVATE", not PRODUCTION)
# Offers (docs/offers.md): how long a post-hire survey link e-mailed to a manager works.
OUTHIRE_SURVEY_LINK_DAYS = envint("OUTHIRE_SURVEY_LINK_DAYS", 30, minimum=1)
# Retention (docs/privacy/retention.md): the most people one run anonymises.
OUTHIRE_RETENTION_BATCH = envint("OUTHIRE_RETENTION_BATCH", 500, minimum=1)
# The public apply flow (docs/careers-apply.md): form posts allowed per IP address per hour,
# and how long a talent-pool consent given on the apply form lasts.
OUTHIRE_APPLY_MAX_PER_HOUR = envint("OUTHIRE_APPLY_MAX_PER_HOUR", 20, minimum=1)
OUTHIRE_APPLY_TALENT_POOL_MONTHS = envint("OUTHIRE_APPLY_TALENT_POOL_MONTHS", 24, minimum=1)
# Analytics (docs/analytics.md): how long a candidate or manager survey link works, the share of
# an SLA target at which its owner is warned, and the default hires per recruiter per quarter.
OUTHIRE_ANALYTICS_SURVEY_DAYS = envint("OUTHIRE_ANALYTICS_SURVEY_DAYS", 60, minimum=1)
OUTHIRE_SLA_WARNING_PERCENT = envint("OUTHIRE_SLA_WARNING_PERCENT", 80, minimum=1)
OUTHIRE_HIRES_PER_RECRUITER = envint("OUTHIRE_HIRES_PER_RECRUITER", 6, minimum=1)
# Talent communities (docs/community.md): how long the consent to be contacted lasts, and
# join-form posts allowed per IP address per hour.
OUTHIRE_COMMUNITY_CONSENT_MONTHS = envint("OUTHIRE_COMMUNITY_CONSENT_MONTHS", 24, minimum=1)
OUTHIRE_COMMUNITY_JOINS_PER_HOUR = envint("OUTHIRE_COMMUNITY_JOINS_PER_HOUR", 10, minimum=1)
# The candidate portal (docs/privacy/portal.md): how long an e-mailed sign-in link works, how
# long a signed-in candidate may be idle, and sign-in links asked for per address and per IP
# address per hour.
OUTHIRE_PORTAL_LINK_MINUTES = envint("OUTHIRE_PORTAL_LINK_MINUTES", 30, minimum=5)
OUTHIRE_PORTAL_IDLE_MINUTES = envint("OUTHIRE_PORTAL_IDLE_MINUTES", 120, minimum=5)
OUTHIRE_PORTAL_LINKS_PER_EMAIL = envint("OUTHIRE_PORTAL_LINKS_PER_EMAIL", 5, minimum=1)
OUTHIRE_PORTAL_LINKS_PER_IP = envint("OUTHIRE_PORTAL_LINKS_PER_IP", 20, minimum=1)
# "My work" and notifications (docs/work.md): days an active application may wait at a stage
# of each kind before it is listed as idle, applications wanted per opening before a
# requisition stops being short of candidates, how many days accepted offers stay listed, and
# the hour (server time zone) from which the daily notification digest is e-mailed.
OUTHIRE_STAGE_SLA_DAYS = envintmap(
    "OUTHIRE_STAGE_SLA_DAYS",
    {"sourced": 7, "screen": 3, "submitted": 3, "assessment": 5, "interview": 5, "offer": 3},
    minimum=1,
)
OUTHIRE_APPLICATIONS_PER_OPENING = envint("OUTHIRE_APPLICATIONS_PER_OPENING", 5, minimum=1)
OUTHIRE_WORK_RECENT_DAYS = envint("OUTHIRE_WORK_RECENT_DAYS", 7, minimum=1)
OUTHIRE_DIGEST_HOUR = envint("OUTHIRE_DIGEST_HOUR", 7, minimum=0, maximum=23)

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_secure_default = PRODUCTION
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", _secure_default)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Static files, e-mail ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "outhire" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or VAR_DIR / "media")

# --- File storage (docs/storage.md) ----------------------------------------------------------
# OUTHIRE_STORAGE=local (MEDIA_ROOT), s3 (OUTHIRE_S3_*) or postgres (the database's own
# tables); a bad combination stops the process here.
STORAGES["default"] = default_storage_from_env()

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Outhire <no-reply@outhire.localhost>")

# --- Two-way e-mail with candidates (docs/email.md) ---------------------------------------------
# With a reply domain, every message to a candidate carries a signed per-application Reply-To
# (LOCAL+a<application>-<signature>@DOMAIN) and a signed bounce address (envelope sender,
# LOCAL+b<message>-<signature>@DOMAIN); `outhire mail-in` (SMTP) or `outhire mail-poll` (IMAP)
# reads what comes back. Empty: replies go to DEFAULT_FROM_EMAIL and are logged by hand.
OUTHIRE_REPLY_DOMAIN = envstr("OUTHIRE_REPLY_DOMAIN").strip().lower()
OUTHIRE_REPLY_LOCAL_PART = envstr("OUTHIRE_REPLY_LOCAL_PART", "reply").strip().lower()
if (
    OUTHIRE_REPLY_LOCAL_PART
    and not OUTHIRE_REPLY_LOCAL_PART.replace("-", "").replace(".", "").isalnum()
):
    raise ImproperlyConfigured("OUTHIRE_REPLY_LOCAL_PART: letters, digits, dots and hyphens only")
# Largest inbound e-mail accepted (SMTP refuses it with 552; IMAP leaves it unread and logs it).
OUTHIRE_MAIL_MAX_MB = envint("OUTHIRE_MAIL_MAX_MB", 25, minimum=1)
# Attachments stored per e-mail; the rest are listed as not kept.
OUTHIRE_MAIL_MAX_ATTACHMENTS = envint("OUTHIRE_MAIL_MAX_ATTACHMENTS", 10, minimum=0)
# The domains a client's sender identity may use as its From address (the ones whose SPF and
# DKIM records name your mail server); empty allows any.
OUTHIRE_MAIL_FROM_DOMAINS = [d.lower() for d in envlist("OUTHIRE_MAIL_FROM_DOMAINS")]
# `outhire mail-in`: where the SMTP receiver listens.
OUTHIRE_MAIL_IN_BIND = envstr("OUTHIRE_MAIL_IN_BIND", "127.0.0.1:8025")
# `outhire mail-poll`: the mailbox to read (IMAP over TLS unless OUTHIRE_IMAP_TLS=False).
OUTHIRE_IMAP_HOST = envstr("OUTHIRE_IMAP_HOST")
OUTHIRE_IMAP_PORT = envint("OUTHIRE_IMAP_PORT", 993, minimum=1)
OUTHIRE_IMAP_USER = envstr("OUTHIRE_IMAP_USER")
OUTHIRE_IMAP_PASSWORD = envstr("OUTHIRE_IMAP_PASSWORD")
OUTHIRE_IMAP_FOLDER = envstr("OUTHIRE_IMAP_FOLDER", "INBOX")
OUTHIRE_IMAP_TLS = envbool("OUTHIRE_IMAP_TLS", True)

# --- Background work -----------------------------------------------------------------------
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
# Without a broker, tasks run in-process so the demo needs no server.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks are safe to run twice (docs/deploy.md#workers), so a task whose worker process dies is
# queued again rather than dropped. With Redis, a message taken by a worker that vanished
# returns after the visibility timeout, which must exceed the longest task; and sending a task
# while Redis restarts is retried for about ten seconds rather than failing at once.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
_visibility = envint("OUTHIRE_BROKER_VISIBILITY_TIMEOUT", 3600, minimum=10)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility,
    # Workers look for such messages every tenth of it (at most 100 s, kombu's default).
    "unacked_restore_interval": max(1, min(100, _visibility // 10)),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 20,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# The periodic jobs: run by `outhire worker --beat`, or once per call by `outhire tick` (cron).
CELERY_BEAT_SCHEDULE = {
    "purge-stale-security-records": {
        "task": "outhire.accounts.tasks.purge_stale_security_records",
        "schedule": 3600,
    },
    "purge-import-files": {
        "task": "outhire.candidates.tasks.purge_import_files",
        "schedule": 3600,
    },
    "fail-stale-imports": {
        "task": "outhire.candidates.tasks.fail_stale_imports",
        "schedule": 600,
    },
    "purge-apply-uploads": {
        "task": "outhire.careers.apply_tasks.purge_apply_uploads",
        "schedule": 3600,
    },
    "sync-engagement-phases": {
        "task": "outhire.engagements.tasks.sync_engagement_phases",
        "schedule": 3600,
    },
    "analytics-refresh-aggregates": {
        "task": "outhire.analytics.tasks.refresh_aggregates",
        "schedule": 900,
    },
    "analytics-sla-clocks": {
        "task": "outhire.analytics.tasks.check_sla_clocks",
        "schedule": 3600,
    },
    "analytics-interview-surveys": {
        "task": "outhire.analytics.tasks.survey_completed_interviews",
        "schedule": 3600,
    },
    "analytics-monthly-reports": {
        "task": "outhire.analytics.tasks.send_monthly_reports",
        "schedule": 6 * 3600,
    },
    "billing-overdue-reminders": {
        "task": "outhire.billing.tasks.send_overdue_reminders",
        "schedule": 3600,
    },
    "generate-fee-entries": {
        "task": "outhire.engagements.tasks.generate_fee_entries",
        "schedule": 3600,
    },
    "purge-cost-imports": {
        "task": "outhire.engagements.tasks.purge_cost_imports",
        "schedule": 3600,
    },
    "interview-reminders": {
        "task": "outhire.interviews.tasks.send_interview_reminders",
        "schedule": 300,
    },
    "chase-overdue-scorecards": {
        "task": "outhire.interviews.tasks.chase_overdue_scorecards",
        "schedule": 3600,
    },
    "refresh-interviewer-calendars": {
        "task": "outhire.interviews.tasks.refresh_calendars",
        "schedule": 3600,
    },
    "webhooks-deliver-due": {
        "task": "outhire.webhooks.tasks.deliver_due",
        "schedule": 60,
    },
    "offers-expire": {
        "task": "outhire.offers.tasks.expire_offers",
        "schedule": 3600,
    },
    "screening-assessment-reminders": {
        "task": "outhire.screening.tasks.send_assessment_reminders",
        "schedule": 3600,
    },
    "offers-send-due-reviews": {
        "task": "outhire.offers.tasks.send_due_reviews",
        "schedule": 3600,
    },
    # Hourly; each open item is reminded of once a day at most (Item.reminded_on).
    "preboarding-reminders": {
        "task": "outhire.preboarding.tasks.send_reminders",
        "schedule": 3600,
    },
    "referrals-notify-eligible-bonuses": {
        "task": "outhire.referrals.tasks.notify_eligible_bonuses",
        "schedule": 3600,
    },
    "privacy-data-requests-due": {
        "task": "outhire.privacy.tasks.remind_data_requests_due",
        "schedule": 3600,
    },
    # Hourly; it runs once a day, and again while the day's backlog exceeds a batch.
    "privacy-apply-retention": {
        "task": "outhire.privacy.tasks.apply_retention",
        "schedule": 3600,
    },
    # Hourly; each person's digest goes once a day, from OUTHIRE_DIGEST_HOUR on.
    "notification-digests": {
        "task": "outhire.accounts.tasks.send_daily_digests",
        "schedule": 3600,
    },
    # Candidates' replies from the IMAP mailbox, when one is set (docs/email.md).
    "poll-reply-mailbox": {
        "task": "outhire.pipeline.tasks.poll_reply_mailbox",
        "schedule": 60,
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Cache ---------------------------------------------------------------------------------
# Redis (shared by every web process) when CACHE_URL is set; otherwise each process's memory.
_cache_url = envstr("CACHE_URL")
CACHES = {
    "default": (
        # An unreachable Redis reads as an empty cache, not an error (outhire/lib/cache.py).
        {"BACKEND": "outhire.lib.cache.FailSoftRedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
# Careers pages and feeds (docs/careers.md): the longest a cached copy is kept (changes
# invalidate it at once anyway), the max-age sent to browsers and job boards, and the name of
# the provider's own job board at /careers/.
OUTHIRE_CAREERS_CACHE_SECONDS = envint("OUTHIRE_CAREERS_CACHE_SECONDS", 600, minimum=0)
OUTHIRE_CAREERS_MAX_AGE = envint("OUTHIRE_CAREERS_MAX_AGE", 60, minimum=0)
OUTHIRE_PROVIDER_NAME = envstr("OUTHIRE_PROVIDER_NAME", "Outhire")

# --- Locale, logging -----------------------------------------------------------------------
# The default language, and every language candidates can read Outhire in, each named in
# itself; the staff interface is translated into outhire.lib.i18n.STAFF_LANGUAGES. The
# catalogues are outhire/locale/<language>/LC_MESSAGES/django.po (docs/translating.md).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("nl", "Nederlands"),
]
LOCALE_PATHS = [BASE_DIR / "outhire" / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# One JSON object a line in production, plain lines in development; every record carries the
# request id, also in the tasks a request queued (outhire/lib/logs.py, docs/operations.md).
LOG_FORMAT = envchoice("LOG_FORMAT", "json" if PRODUCTION else "text", {"json", "text"})
LOGGING = logging_config(log_format=LOG_FORMAT, level=envstr("LOG_LEVEL", "INFO"))
# The worker logs through LOGGING too, rather than Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

NINJA_PAGINATION_PER_PAGE = 50

# --- Billing (docs/billing.md) --------------------------------------------------------------
# The provider as its invoices name it. Outside production the demo provider's details are the
# defaults; in production an invoice cannot be issued until name, street, city and country are
# set. The number prefix starts each invoice number (NWT-2026-00001).
_billing_demo = {} if PRODUCTION else {
    "NAME": "Northwind Talent Partners B.V.",
    "STREET": "Keizersgracht 100",
    "CITY": "Amsterdam",
    "POSTCODE": "1015 AA",
    "COUNTRY": "NL",
    "VAT_ID": "NL123456789B01",
    "EMAIL": "billing@northwind.demo",
    "IBAN": "NL91ABNA0417164300",
    "PREFIX": "NWT",
}  # fmt: skip
OUTHIRE_BILLING = {
    key: envstr(f"OUTHIRE_BILLING_{key}", _billing_demo.get(key, ""))
    for key in (
        "NAME",
        "STREET",
        "CITY",
        "POSTCODE",
        "COUNTRY",
        "VAT_ID",
        "EMAIL",
        "IBAN",
        "PREFIX",
    )
}

# --- Operations: health checks, metrics, logs, error reports (docs/operations.md) -----------
# Seconds each check of /readyz (database, cache, broker, storage) may take.
OUTHIRE_READY_TIMEOUT = envint("OUTHIRE_READY_TIMEOUT", 3, minimum=1)
# /metrics answers these addresses or networks (behind a reverse proxy, see
# OUTHIRE_TRUSTED_PROXIES), and any caller presenting this bearer token.
OUTHIRE_METRICS_ALLOWED_IPS = envlist("OUTHIRE_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
for _network in OUTHIRE_METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"OUTHIRE_METRICS_ALLOWED_IPS: {_network!r} is not an IP address or network"
        ) from _error
OUTHIRE_METRICS_TOKEN = envstr("OUTHIRE_METRICS_TOKEN")
# Probes and Prometheus may call these over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Error reports to Sentry (and performance traces, at this sample rate) only when a DSN is set;
# nothing personal is sent (outhire/lib/sentry.py).
SENTRY_DSN = envstr("SENTRY_DSN")
SENTRY_ENABLED = sentry_init(
    dsn=SENTRY_DSN,
    environment=envstr("SENTRY_ENVIRONMENT", OUTHIRE_ENV),
    release=envstr("SENTRY_RELEASE"),
    traces_sample_rate=envint("SENTRY_TRACES_PERCENT", 0, minimum=0, maximum=100) / 100,
)
