"""Webhook endpoints: an owner's actions, shared by the API, the admin and commands."""

from __future__ import annotations

import base64
import ipaddress
import secrets
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.utils import timezone

from ledger.actor import Actor
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic, tenant_on_commit

from ..errors import InvalidWebhookUrl, UnknownEventType
from ..models import EventCounter, WebhookDelivery, WebhookEndpoint
from ..types import EVENT_TYPES
from . import registry
from .net import is_public


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_url(url: str) -> str:
    """An absolute http(s) URL; a literal address or localhost must be public unless allowed.
    Names are resolved and checked again at each delivery (events.webhooks.net)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise InvalidWebhookUrl(fields={"url": ["An absolute http:// or https:// URL, without credentials."]})
    if settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE:
        return url
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if host == "localhost" or host.endswith(".localhost") or (literal is not None and not is_public(host)):
        raise InvalidWebhookUrl(fields={"url": ["Not a public address."]})
    return url


def check_types(event_types: Sequence[str]) -> list[str]:
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise UnknownEventType(
            f"Unknown event types: {', '.join(unknown)}.",
            fields={"event_types": [f"Not an event type: {unknown[0]}."]},
        )
    return sorted(set(event_types))


def endpoint_create(
    *, url: str, actor: Actor, event_types: Sequence[str] = (), description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; it receives the events that commit from now on. Return it and its
    secret (shown this once)."""
    secret = new_secret()
    registry.add()  # before the commit: a crash in between leaves a harmless extra listing
    with tenant_atomic():
        last = EventCounter.objects.values_list("last_cursor", flat=True).get(pk=1)
        endpoint = WebhookEndpoint.objects.create(
            url=check_url(url), event_types=check_types(event_types), description=description, secret=secret,
            fanned_out_to=last, created_by_id=actor.id,
        )  # fmt: skip
    return endpoint, secret


def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Sequence[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    """Change an endpoint; enabling it again clears its failure count (its pending deliveries and
    the events since it was disabled are then sent)."""
    if is_active:
        registry.add()
    with tenant_atomic():
        tenant_on_commit(registry.sync)
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        if url is not None:
            locked.url = check_url(url)
        if event_types is not None:
            locked.event_types = check_types(event_types)
        if description is not None:
            locked.description = description
        if is_active is not None and is_active != locked.is_active:
            locked.is_active = is_active
            locked.consecutive_failures = 0
            locked.disabled_reason = "" if is_active else "Disabled by an owner."
        locked.save()
    return locked


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> tuple[WebhookEndpoint, str]:
    """A new secret, used from the next delivery on; return it (shown this once)."""
    secret = new_secret()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret=secret)
    endpoint.secret = secret
    return endpoint, secret


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    with tenant_atomic():
        tenant_on_commit(registry.sync)
        endpoint.delete()


def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, whatever its state: due now, with a fresh set of attempts."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), leased_until=None
    )
    delivery.refresh_from_db()
    return delivery


_REPLAY_SQL = """
INSERT INTO events_webhookdelivery AS d (endpoint_id, event_id, status, attempts, last_error)
SELECT %s, e.id, 'pending', 0, '' FROM events_event e
 WHERE e.cursor > %s AND e.cursor <= %s AND (cardinality(%s::text[]) = 0 OR e.type = ANY(%s::text[]))
ON CONFLICT (endpoint_id, event_id) DO UPDATE
   SET status = 'pending', attempts = 0, next_attempt_at = statement_timestamp(), leased_until = NULL
"""


def endpoint_replay(*, endpoint: WebhookEndpoint, after: int) -> int:
    """Send again every retained event above cursor `after` that the endpoint subscribes to (and
    was sent already; later ones follow by the usual fan-out). Return how many."""
    with connections[current_alias()].cursor() as cursor:
        types = list(endpoint.event_types)
        cursor.execute(_REPLAY_SQL, [endpoint.pk, after, endpoint.fanned_out_to, types, types])
        return int(cursor.rowcount)
