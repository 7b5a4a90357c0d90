from rest_framework.test import APIClient

from common.tests.factories import PASSWORD, UserFactory
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

pytestmark = tenant_db


def test_api_end_to_end(acme, foo):
    with tenant_context("acme"):
        seed_tenant(company=acme)
    UserFactory.create(username="ann", memberships=[(acme, "accountant")])
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "ann", "password": PASSWORD}, format="json")
    assert token.status_code == 201, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    me = client.get("/api/v1/me/").json()
    assert me["companies"][0]["slug"] == "acme"
    accounts = client.get("/t/acme/api/v1/accounts/?tree=1")
    assert accounts.status_code == 200, accounts.content
    body = {
        "date": "2026-03-01",
        "status": "posted",
        "lines": [{"account": "1120", "debit": "100.00"}, {"account": "4100", "credit": "100.00"}],
    }
    created = client.post("/t/acme/api/v1/journal-entries/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert created.status_code == 201, created.content
    again = client.post("/t/acme/api/v1/journal-entries/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    float_body = {**body, "lines": [{"account": "1120", "debit": 1.5}, {"account": "4100", "credit": 1.5}]}
    bad = client.post("/t/acme/api/v1/journal-entries/", float_body, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "float_amount", bad.content
    unbalanced = {**body, "lines": [{"account": "1120", "debit": "1"}, {"account": "4100", "credit": "2"}]}
    bad = client.post("/t/acme/api/v1/journal-entries/", unbalanced, format="json")
    assert bad.json()["code"] == "unbalanced_entry", bad.content
    tb = client.get("/t/acme/api/v1/reports/trial-balance/?as_of=2026-12-31")
    assert tb.status_code == 200, tb.content
    assert tb.json()["totals"]["net"] == "0.00"
    csv = client.get("/t/acme/api/v1/reports/trial-balance/?as_of=2026-12-31&format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv"), csv.content
    entries = client.get("/t/acme/api/v1/journal-entries/?status=posted")
    assert entries.status_code == 200 and len(entries.json()["results"]) == 1, entries.content
    rev = client.post(f"/t/acme/api/v1/journal-entries/{created.json()['id']}/reverse/", {}, format="json")
    assert rev.status_code == 201, rev.content
    audit = client.get("/t/acme/api/v1/audit-events/")
    assert audit.status_code == 200 and audit.json()["results"], audit.content
    assert client.get("/t/foo/api/v1/accounts/").status_code == 404
    assert client.post("/t/acme/api/v1/periods/1/close/").status_code == 403
    html = client.get("/t/acme/api/v1/accounts/", HTTP_ACCEPT="text/html")
    assert html.status_code == 200
