"""Settings shared by every environment; `dev`, `test` and `prod` only override."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ

from pyledger_project.logs import logging_config, wants_json
from pyledger_project.secrets import read_secret

# Django's generic classes (ModelAdmin[Company], ModelForm[Membership]) take type arguments at run
# time too, so the code can be typed as mypy --strict wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = read_secret("SECRET_KEY") or ""
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "tenants",
    # The job queue's tables (procrastinate_*) in the common database; before `jobs`, which
    # registers tasks on its app.
    "procrastinate.contrib.django",
    "jobs",
    "ledger",
    "bank",
    "invoicing",
    "tax",
    "recurring",
    "events",
    "interchange",
]

MIDDLEWARE = [
    # First: NUL and control characters in the path, query, headers or form fields are refused
    # before the session, authentication or tenancy middleware look anything up with them.
    "pyledger_project.input_guard.input_guard",
    # /healthz and /readyz: before the host check, sessions and tenancy (pyledger_project/health.py).
    "pyledger_project.health.health_middleware",
    # The request id, one log line and the metrics of each request; /metrics for its token.
    "pyledger_project.observability.observe_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files and the built web app (app/dist at /app/), before anything else touches them.
    "pyledger_project.spa.AppWhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication: it checks the user's membership of the company it resolves.
    "tenants.routing.middleware.TenantMiddleware",
    # Turns a sign-in refused by a lockout into its 429 answer (common.signin.lockout_response).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pyledger_project.urls"
WSGI_APPLICATION = "pyledger_project.wsgi.application"
ASGI_APPLICATION = "pyledger_project.asgi.application"

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
                "tenants.routing.context_processors.current_company",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, object]:
    """Django settings for a `postgres://` URL, with the project's connection defaults."""
    config: dict[str, object] = env.db_url_config(url)
    options = config.setdefault("OPTIONS", {})
    assert isinstance(options, dict)
    # `?host=/socket/dir` arrives as an option; HOST is where every tool (and we) look for it.
    if "host" in options and not config.get("HOST"):
        config["HOST"] = options.pop("host")
    # Django's PostgreSQL backend with a health check that costs no round trip (its docstring).
    config["ENGINE"] = "pyledger_project.postgres"
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    config["CONN_HEALTH_CHECKS"] = True
    # Behind pgbouncer in transaction mode server-side cursors break; see docs/operations.md.
    config["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
    # ATOMIC_REQUESTS stays off: with many tenant aliases it would open a transaction on each.
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASE_URL = read_secret("DATABASE_URL")
DATABASES: dict[str, dict[str, object]] = {"default": database_from_url(DATABASE_URL)} if DATABASE_URL else {}
DATABASE_ROUTERS = ["tenants.routing.router.TenantRouter"]

# --- tenancy -------------------------------------------------------------------------------
# Apps whose models live in each company's own database; everything else lives in `default`.
PYLEDGER_TENANT_APPS = ["ledger", "bank", "invoicing", "tax", "recurring", "events", "interchange"]
# Tenant database names are PREFIX + slug (hyphens become underscores).
PYLEDGER_TENANT_DB_PREFIX = env.str("PYLEDGER_TENANT_DB_PREFIX", default="tenant_")
# Called as seeder(company=..., demo=...) inside tenant_context by seed_tenant and bootstrap.
PYLEDGER_TENANT_SEEDER = "pyledger_project.seed.seed_tenant"
# Company, domain and role lookups are cached this long per process (0 disables the cache).
PYLEDGER_REGISTRY_CACHE_SECONDS = env.float("PYLEDGER_REGISTRY_CACHE_SECONDS", default=5.0)
# Open tenant connections one thread keeps before closing the least recently used.
PYLEDGER_MAX_TENANT_CONNECTIONS = env.int("PYLEDGER_MAX_TENANT_CONNECTIONS", default=32)
# Called as totals(connection) on a tenant database (psycopg connection, inside the snapshot of a
# backup): named sums that a restored or moved copy must reproduce exactly, e.g. the trial balance.
PYLEDGER_TENANT_TOTALS = "ledger.totals.book_totals"
# Called as chain(connection) like TOTALS: each fiscal year's hash-chain head, which a backup's
# manifest records and checkpoints in the common database (common.checkpoints.Head).
PYLEDGER_TENANT_CHAIN = "ledger.totals.chain_heads"
# Every database pyledger creates gets pyledger_project.server_logs.QUIET_LOG_SETTINGS (ALTER
# DATABASE), so refused statements are not logged with their ledger data. Turn off only where the
# server's own configuration does the same and the role may not set them.
PYLEDGER_QUIET_DATABASE_LOGS = env.bool("PYLEDGER_QUIET_DATABASE_LOGS", default=True)
# pg_dump snapshots (taken before destructive migrations) go to BACKUP_DIR/<slug>/; the newest
# SNAPSHOT_KEEP of each company are kept.
PYLEDGER_BACKUP_DIR = Path(env.str("PYLEDGER_BACKUP_DIR", default=str(VAR_DIR / "backups")))
PYLEDGER_SNAPSHOT_KEEP = env.int("PYLEDGER_SNAPSHOT_KEEP", default=5)
# Background jobs (jobs/, docs/operations.md): threads per worker process, how long a job waits for
# its suspended company, and how soon a dead worker's running jobs are queued again (a live
# worker's heartbeat is written every PYLEDGER_JOBS_HEARTBEAT_SECONDS).
PYLEDGER_JOBS_CONCURRENCY = env.int("PYLEDGER_JOBS_CONCURRENCY", default=4)
PYLEDGER_JOB_COMPANY_WAIT = env.int("PYLEDGER_JOB_COMPANY_WAIT", default=24 * 3600)
PYLEDGER_JOBS_HEARTBEAT_SECONDS = env.float("PYLEDGER_JOBS_HEARTBEAT_SECONDS", default=10.0)
PYLEDGER_JOBS_STALLED_SECONDS = env.float("PYLEDGER_JOBS_STALLED_SECONDS", default=30.0)
PYLEDGER_JOBS_CONN_MAX_AGE = env.int("PYLEDGER_JOBS_CONN_MAX_AGE", default=300)
# Files jobs make (report exports) go to Django's storage under companies/<id>/jobs/ (a shared
# volume, or STORAGES pointing elsewhere, when workers and web processes run on several hosts);
# a download link works for PYLEDGER_JOB_FILE_DAYS. The daily prune deletes finished jobs after
# PYLEDGER_JOB_RETENTION_DAYS and uploaded statement files after PYLEDGER_UPLOAD_RETENTION_DAYS.
MEDIA_ROOT = Path(env.str("PYLEDGER_MEDIA_ROOT", default=str(VAR_DIR / "media")))
PYLEDGER_JOB_FILE_DAYS = env.int("PYLEDGER_JOB_FILE_DAYS", default=7)
PYLEDGER_JOB_RETENTION_DAYS = env.int("PYLEDGER_JOB_RETENTION_DAYS", default=30)
PYLEDGER_UPLOAD_RETENTION_DAYS = env.int("PYLEDGER_UPLOAD_RETENTION_DAYS", default=30)
# Seconds a process keeps a company's reference data for posting (settings, periods, accounts,
# tax codes, rates); 0 turns the cache off. See ledger/services/reference.py.
PYLEDGER_LEDGER_CACHE_SECONDS = env.float("PYLEDGER_LEDGER_CACHE_SECONDS", default=5.0)
# Events (docs/events.md): days a company's outbox keeps an event before `prune_events` deletes it.
PYLEDGER_EVENT_RETENTION_DAYS = env.int("PYLEDGER_EVENT_RETENTION_DAYS", default=30)
# Webhooks: deliver to private, loopback, link-local and other non-public addresses too (SSRF guard
# off). For development and tests against a local receiver only.
PYLEDGER_WEBHOOK_ALLOW_PRIVATE = env.bool("PYLEDGER_WEBHOOK_ALLOW_PRIVATE", default=False)
# Attempts per delivery (retries wait RETRY_SECONDS * 2**(attempt-1), capped at a day), the
# consecutive failed attempts after which an endpoint is disabled, and one request's timeout.
PYLEDGER_WEBHOOK_MAX_ATTEMPTS = env.int("PYLEDGER_WEBHOOK_MAX_ATTEMPTS", default=10)
PYLEDGER_WEBHOOK_RETRY_SECONDS = env.float("PYLEDGER_WEBHOOK_RETRY_SECONDS", default=30.0)
PYLEDGER_WEBHOOK_DISABLE_AFTER = env.int("PYLEDGER_WEBHOOK_DISABLE_AFTER", default=50)
PYLEDGER_WEBHOOK_TIMEOUT_SECONDS = env.float("PYLEDGER_WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# A worker leases a delivery for twice the timeout plus this margin before sending it: a worker
# killed mid-request leaves the delivery to another worker once the lease has run out.
PYLEDGER_WEBHOOK_LEASE_MARGIN_SECONDS = env.float("PYLEDGER_WEBHOOK_LEASE_MARGIN_SECONDS", default=30.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# --- sign-in (docs/security.md "Sign-in") ----------------------------------------------------
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For; the
# header is believed that far and no further. 0 trusts none: the connection's address is the
# client. Anything but a whole number >= 0 is kept as given, trusts none, and fails the system
# check common.E001.
_trusted_proxies = env.str("PYLEDGER_TRUSTED_PROXIES", default="0").strip()
PYLEDGER_TRUSTED_PROXIES: int | str = (
    int(_trusted_proxies) if _trusted_proxies.isascii() and _trusted_proxies.isdigit() else _trusted_proxies
)

# Lockouts (django-axes) on every sign-in path: failures from one address, or for one account from
# an address it has not signed in from, lock that address or account for SIGNIN_LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out attempt before the password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_CLIENT_IP_CALLABLE = "common.signin.client_address"
AXES_LOCKOUT_PARAMETERS = "common.signin.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "common.signin.lockout_response"
AXES_HANDLER = "common.signin.LockoutHandler"
# A success clears nothing: else signing in to one's own account would wipe the failures an
# address piled up against others.
AXES_RESET_ON_SUCCESS = False
# Attempts during a lockout are refused without being counted, so it ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in makes its address "known" to the account for this long (see lockout_parameters).
PYLEDGER_SIGNIN_KNOWN_ADDRESS_DAYS = 90

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The web app built by `make run` (npm run build in app/), served at /app/ by pyledger_project.spa.
PYLEDGER_APP_DIST = BASE_DIR / "app" / "dist"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One line per record on stderr: JSON unless the settings are the development ones (LOG_JSON
# overrides), with the request's or job's context (pyledger_project/logs.py). Quieter loggers in
# logs.QUIET: SQL logging would print parameters; axes' INFO lines say nothing more than its
# warnings; procrastinate logs every job at INFO; the statement parsers (mt940, ofxtools) log
# bank data, which has no place in server logs.
LOGGING = logging_config(json=wants_json(os.environ), level=env.str("LOG_LEVEL", default="INFO"))

# --- serving and observability (docs/operations.md "Serving", "Observability") ----------------
# /readyz asks the common database for unapplied migrations at most this often (seconds).
PYLEDGER_READY_MIGRATIONS_SECONDS = env.float("PYLEDGER_READY_MIGRATIONS_SECONDS", default=30.0)
# The bearer token Prometheus sends to /metrics (staff users may read it signed in); unset: staff only.
PYLEDGER_METRICS_TOKEN = read_secret("PYLEDGER_METRICS_TOKEN")
# Error reports to Sentry when a DSN is set, tagged with the company, request and job.
SENTRY_DSN = read_secret("SENTRY_DSN")
if SENTRY_DSN:
    from pyledger_project.error_reports import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tenants.routing.tokens.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON with a nesting cap and no control characters in strings (common/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tenants.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth": env.str("AUTH_THROTTLE_RATE", default="20/min")},
    # DRF's throttles read X-Forwarded-For only this far (it takes the whole header when unset).
    "NUM_PROXIES": PYLEDGER_TRUSTED_PROXIES if isinstance(PYLEDGER_TRUSTED_PROXIES, int) else 0,
    "URL_FORMAT_OVERRIDE": "format",
    # ?format= wins over Accept (common/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "common.negotiation.FormatFirst",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (docs/security.md "Tokens"): a token unused for API_TOKEN_TTL_DAYS expires; use
# moves its expiry (AUTO_REFRESH), up to API_TOKEN_MAX_AGE_DAYS after it was issued (0: no bound).
_token_max_age_days = env.int("API_TOKEN_MAX_AGE_DAYS", default=0)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=_token_max_age_days) if _token_max_age_days else None,
    # Enforced by common.tokens.token_create: 403 token_limit_reached beyond it.
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=50),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pyledger API",
    "DESCRIPTION": (
        "Double-entry bookkeeping, one database per company. Company-scoped endpoints live under "
        "/t/{tenant_slug}/api/v1/. Amounts are decimal strings. Errors: {code, message, fields}."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["pyledger_project.schema.drop_host_duplicates"],
    # Tags and operation ids start after the API prefix: "accounts", not "t" for every operation.
    "SCHEMA_PATH_PREFIX": r"/(?:t/\{tenant_slug\}/)?api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pyledger_project.schema.name_sections",
        "pyledger_project.schema.mark_optional_fields",
        "pyledger_project.schema.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the drf-spectacular-sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AccountTypeEnum": "ledger.models.Account.Type",
        "EntryStatusEnum": "ledger.models.JournalEntry.Status",
        "PeriodStatusEnum": "ledger.models.FiscalPeriod.Status",
        "RoleEnum": "common.models.Membership.Role",
        "PaymentDirectionEnum": "invoicing.models.Payment.Direction",
        "PartyEnum": "invoicing.models.Payment.Party",
        "DocumentStatusEnum": "invoicing.models.Document.Status",
        "NewDocumentStatusEnum": ["draft", "issued"],
        "EventTypeEnum": "events.types.EVENT_TYPES",
        "DeliveryStatusEnum": "events.models.WebhookDelivery.Status",
    },
}
