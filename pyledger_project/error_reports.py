"""Error reports to Sentry, only when SENTRY_DSN is set (settings/base.py calls init_sentry).

Each event is tagged with the company (the tenant context's, or the job's), the request id and
the job id, so an operator can find the log lines of the same request. No personal data is sent
(the SDK's default: no cookies, headers with credentials, or user names), and request bodies
are not sent.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from pyledger_project import log_context

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint


def tags() -> dict[str, str]:
    values = log_context.current()
    if "company" not in values:
        context = sys.modules.get("tenants.routing.context")
        tenant = context.current_tenant() if context is not None else None
        if tenant is not None:
            values["company"] = tenant.slug
    return {name: str(value) for name, value in values.items() if name in log_context.VARIABLES}


def before_send(event: Event, hint: Hint) -> Event:
    event.setdefault("tags", {}).update(tags())
    return event


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float, **options: Any) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],
        max_request_body_size="never",
        before_send=before_send,
        **options,
    )
