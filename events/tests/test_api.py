"""The event feed and webhook endpoints over the API: roles, isolation, errors, the secret once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from common.models import Company
from events.models import WebhookDelivery, WebhookEndpoint
from events.webhooks.delivery import deliver
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context

from .conftest import Post, Receiver

pytestmark = pytest.mark.django_db(databases="__all__")
BASE = "/t/acme/api/v1"
JAN = date(2026, 1, 15)
HOOK = "https://hooks.example.com/pyledger"


def test_accountants_read_the_feed_page_by_page(users: Any, client_for: Any, post: Post) -> None:
    entries = [post(JAN, "1000", "4000", f"{n}.00") for n in (1, 2, 3)]
    alan = client_for(users["accountant"])
    first = alan.get(f"{BASE}/events/?limit=2").json()
    assert [e["payload"]["id"] for e in first["events"]] == [entries[0].pk, entries[1].pk]
    assert first["has_more"] and first["next_after"] == 2
    rest = alan.get(f"{BASE}/events/?after={first['next_after']}").json()
    assert [e["cursor"] for e in rest["events"]] == [3] and not rest["has_more"]
    event = rest["events"][0]
    assert (
        set(event) == {"id", "cursor", "type", "occurred_at", "payload"} and event["type"] == "entry.posted"
    )
    empty = alan.get(f"{BASE}/events/?after=3").json()
    assert empty == {"events": [], "next_after": 3, "has_more": False}
    only = alan.get(f"{BASE}/events/?type=account.created").json()
    assert only["events"] == []


@pytest.mark.parametrize(
    "query", ["after=-1", "after=x", "limit=abc", "type=entry.nope", "after=99999999999999999999"]
)
def test_a_bad_query_is_a_400_in_the_error_shape(
    users: Any, client_for: Any, books: Company, query: str
) -> None:
    answer = client_for(users["accountant"]).get(f"{BASE}/events/?{query}")
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] in ("invalid_cursor", "unknown_event_type")


def test_roles_on_the_feed_and_the_webhooks(users: Any, client_for: Any, books: Company) -> None:
    answers = {}
    for role in ("viewer", "accountant", "owner"):
        client = client_for(users[role])
        answers[role] = (
            client.get(f"{BASE}/events/").status_code,
            client.get(f"{BASE}/webhooks/").status_code,
            client.post(f"{BASE}/webhooks/", {"url": HOOK}, format="json").status_code,
        )
    assert answers == {"viewer": (403, 403, 403), "accountant": (200, 403, 403), "owner": (200, 200, 201)}
    assert client_for(None).get(f"{BASE}/events/").status_code == 401


def test_the_secret_is_shown_once_and_rotates(users: Any, client_for: Any, books: Company) -> None:
    olga = client_for(users["owner"])
    made = olga.post(f"{BASE}/webhooks/", {"url": HOOK, "event_types": ["entry.posted"]}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert body["secret"].startswith("whsec_") and body["event_types"] == ["entry.posted"]
    shown = olga.get(f"{BASE}/webhooks/{body['id']}/").json()
    assert "secret" not in shown and all("secret" not in e for e in olga.get(f"{BASE}/webhooks/").json())
    rotated = olga.post(f"{BASE}/webhooks/{body['id']}/rotate-secret/").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != body["secret"]
    assert WebhookEndpoint.objects.get().secret == rotated["secret"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"url": "ftp://example.com/x"}, "invalid_webhook_url"),
        ({"url": "http://127.0.0.1:8000/x"}, "invalid_webhook_url"),
        ({"url": "http://localhost/x"}, "invalid_webhook_url"),
        ({"url": "http://[fd00::1]/x"}, "invalid_webhook_url"),
        ({"url": "https://user:pw@example.com/x"}, "invalid_webhook_url"),
        ({"url": HOOK, "event_types": ["entry.nope"]}, "invalid_choice"),
        ({}, "validation_error"),
    ],
)
def test_a_bad_endpoint_is_refused(
    users: Any, client_for: Any, books: Company, data: dict[str, Any], code: str
) -> None:
    answer = client_for(users["owner"]).post(f"{BASE}/webhooks/", data, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == code, answer.json()
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_and_replays(users: Any, client_for: Any, post: Post, receiver: Receiver) -> None:
    olga = client_for(users["owner"])
    hook = olga.post(f"{BASE}/webhooks/", {"url": receiver.url}, format="json").json()
    receiver.script = [500]
    post(JAN, "1000", "4000", "1.00")
    deliver()
    log = olga.get(f"{BASE}/webhooks/{hook['id']}/deliveries/").json()
    [delivery] = log["results"]
    assert delivery["status"] == "pending" and delivery["last_status_code"] == 500
    assert delivery["log"][0]["status_code"] == 500 and delivery["cursor"] == 1
    replayed = olga.post(f"{BASE}/webhooks/{hook['id']}/deliveries/{delivery['id']}/replay/")
    assert replayed.status_code == 200 and replayed.json()["attempts"] == 0
    assert deliver().succeeded == 1
    again = olga.post(f"{BASE}/webhooks/{hook['id']}/replay/", {"after": 0}, format="json")
    assert again.json() == {"replayed": 1}
    assert deliver().succeeded == 1 and len(receiver.got) == 3
    assert olga.post(f"{BASE}/webhooks/{hook['id']}/replay/", {"after": -1}, format="json").status_code == 400
    disabled = olga.patch(f"{BASE}/webhooks/{hook['id']}/", {"is_active": False}, format="json").json()
    assert disabled["is_active"] is False and disabled["disabled_reason"]
    assert olga.delete(f"{BASE}/webhooks/{hook['id']}/").status_code == 204
    assert not WebhookDelivery.objects.exists()


def test_another_company_gets_nothing(users: Any, client_for: Any, post: Post, foo: Company) -> None:
    post(JAN, "1000", "4000", "1.00")
    olga = client_for(users["owner"])
    hook = olga.post(f"{BASE}/webhooks/", {"url": HOOK}, format="json").json()
    mallory = client_for(users["non-member"])  # owner of foo
    for url in (f"{BASE}/events/", f"{BASE}/webhooks/", f"{BASE}/webhooks/{hook['id']}/"):
        assert mallory.get(url).status_code == 404
    assert mallory.post(f"{BASE}/webhooks/{hook['id']}/rotate-secret/").status_code == 404
    with tenant_context(foo):
        seed_tenant(company=foo)
    own = "/t/foo/api/v1"
    assert mallory.get(f"{own}/events/").json()["events"] == []
    assert mallory.get(f"{own}/webhooks/").json() == []
    assert mallory.get(f"{own}/webhooks/{hook['id']}/").status_code == 404
    assert mallory.patch(f"{own}/webhooks/{hook['id']}/", {"url": HOOK}, format="json").status_code == 404


def test_the_admin_shows_events_and_webhooks_read_only_by_role(
    users: Any, post: Post, client: Client, admin_client: Client
) -> None:
    post(JAN, "1000", "4000", "1.00")
    from events.outbox import sequence
    from events.webhooks.endpoints import endpoint_create
    from ledger.tests.conftest import ALICE

    sequence()
    endpoint, _ = endpoint_create(url=HOOK, actor=ALICE)
    admin_client.post("/admin/company/", {"company": "acme"})
    listing = admin_client.get("/admin/events/event/")
    assert listing.status_code == 200 and b"entry.posted" in listing.content
    assert admin_client.get("/admin/events/event/add/").status_code == 403
    page = admin_client.get(f"/admin/events/webhookendpoint/{endpoint.pk}/change/")
    assert page.status_code == 200 and b"whsec_" not in page.content
    staff = users["accountant"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    client.post("/admin/company/", {"company": "acme"})
    assert client.get("/admin/events/event/").status_code == 200
    assert client.get("/admin/events/webhookendpoint/").status_code == 403
