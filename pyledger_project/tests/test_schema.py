"""The OpenAPI schema: valid, warning-free, complete; its docs pages work without a CDN."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS

COMPANY_PATHS = [
    "accounts/",
    "accounts/{code}/",
    "accounts/{code}/deactivate/",
    "journal-entries/",
    "journal-entries/{id}/",
    "journal-entries/{id}/post/",
    "journal-entries/{id}/reverse/",
    "periods/",
    "periods/{id}/close/",
    "periods/{id}/reopen/",
    "fiscal-years/",
    "exchange-rates/",
    "tax-codes/",
    "audit-events/",
    "members/",
    "reports/trial-balance/",
    "reports/balance-sheet/",
    "reports/income-statement/",
    "reports/general-ledger/",
    "reports/monthly/",
]
AUTH_PATHS = ["/api/v1/auth/token/", "/api/v1/auth/token/revoke/", "/api/v1/auth/session/", "/api/v1/me/"]


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`manage.py spectacular --validate --fail-on-warn`, as CI runs it, read back as JSON."""
    out = tmp_path_factory.mktemp("openapi") / "schema.json"
    # Warnings are counted process-wide: start from none, so only this generation's count.
    GENERATOR_STATS.reset()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(out)
    )
    schema: dict[str, Any] = json.loads(Path(out).read_text())
    return schema


def test_the_schema_documents_every_company_endpoint_under_the_tenant_prefix(schema: dict[str, Any]) -> None:
    paths = set(schema["paths"])
    missing = [p for p in COMPANY_PATHS if f"/t/{{tenant_slug}}/api/v1/{p}" not in paths]
    assert missing == []


def test_the_schema_documents_the_auth_endpoints(schema: dict[str, Any]) -> None:
    assert set(AUTH_PATHS) <= set(schema["paths"])


def test_the_host_scoped_copies_stay_undocumented(schema: dict[str, Any]) -> None:
    assert [p for p in schema["paths"] if p.startswith("/api/v1/") and p not in AUTH_PATHS] == []


def test_every_company_operation_takes_the_tenant_slug(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        if not path.startswith("/t/"):
            continue
        for method, operation in item.items():
            names = {p["name"] for p in operation.get("parameters", []) + item.get("parameters", [])}
            assert "tenant_slug" in names, f"{method.upper()} {path}"


def test_every_operation_has_a_title_and_a_section_named_for_its_resource(schema: dict[str, Any]) -> None:
    from pyledger_project.schema import TAGS

    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    untitled = [op["operationId"] for op in operations if not op.get("summary")]
    sections = {tag for op in operations for tag in op["tags"]}

    assert untitled == []
    assert sections == set(TAGS.values())
    assert all(not op["operationId"].startswith(("t_", "api_")) for op in operations)


def test_token_authentication_is_documented(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values())


def test_every_operation_documents_its_error_answers_in_the_one_error_shape(schema: dict[str, Any]) -> None:
    error = schema["components"]["schemas"]["Error"]
    shared = schema["components"]["responses"]
    post_entry = schema["paths"]["/t/{tenant_slug}/api/v1/journal-entries/"]["post"]["responses"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]

    assert error["required"] == ["code", "message", "fields"]
    assert all(r["content"]["application/json"]["schema"]["$ref"].endswith("/Error") for r in shared.values())
    for status in ("400", "401", "403", "404", "409", "410", "413", "415", "503"):
        assert post_entry[status] == {"$ref": f"#/components/responses/Error{status}"}
    assert "429" in token and "409" not in token  # throttled sign-in; no company, no company states
    assert "201" in post_entry  # the success answer is the view's own


@pytest.mark.django_db
def test_browsers_get_the_icon_at_favicon_ico(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "asset"), [("/api/docs/", "swagger-ui-dist"), ("/api/redoc/", "redoc")])
def test_the_docs_pages_load_their_assets_from_this_site(client: Client, url: str, asset: str) -> None:
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(f"/static/drf_spectacular_sidecar/{asset}/" in s for s in sources), sources
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "/api/schema/" in page
    static = [
        s.split("?")[0].removeprefix(settings.STATIC_URL)
        for s in sources
        if s.startswith(settings.STATIC_URL)
    ]
    assert static and all(finders.find(path) for path in static), static
