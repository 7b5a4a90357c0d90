"""Request ids, structured log lines, Prometheus metrics and their protection, error-report tags."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client
from knox.models import AuthToken
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from rest_framework.test import APIClient

from common.models import Company, Membership
from common.tests.factories import UserFactory
from ledger.actor import Actor
from ledger.seed import seed_tenant
from ledger.services.entries import journal_entry_create, journal_entry_post
from pyledger_project import error_reports, log_context, metrics
from pyledger_project.logs import logging_config, wants_json
from tenants.routing.context import tenant_context
from tenants.testing import tenant_db

pytestmark = tenant_db

ACCOUNTS_ROUTE = "t/<slug:tenant_slug>/api/v1/accounts/"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the production formatter writes (the root logger's handler, JSON), captured."""
    stream = io.StringIO()
    config = logging_config(json=True)
    formatter = logging.config.dictConfigClass(config).configure_custom(
        dict(config["formatters"]["structured"])
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def lines(stream: io.StringIO, event: str | None = None) -> list[dict[str, Any]]:
    parsed = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    return [p for p in parsed if event is None or p["event"] == event]


@pytest.fixture
def owner_client(acme: Company) -> tuple[APIClient, Any, str]:
    with tenant_context(acme):
        seed_tenant(company=acme)
    user = UserFactory.create(memberships=[(acme, Membership.Role.OWNER)])
    _, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client, user, token


def sample(name: str, labels: dict[str, str] | None = None) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


# --- request id and log lines ------------------------------------------------------------------


def test_a_request_id_is_returned_given_or_new(client: Client) -> None:
    assert client.get("/favicon.ico", HTTP_X_REQUEST_ID="lb-7f3a.42").headers["X-Request-ID"] == "lb-7f3a.42"
    new = client.get("/favicon.ico").headers["X-Request-ID"]
    assert len(new) == 32
    # Not a plain token (spaces, a newline, too long): replaced, never echoed.
    for bad in ("two words", "x" * 129, "a\u00e9b"):
        assert client.get("/favicon.ico", HTTP_X_REQUEST_ID=bad).headers["X-Request-ID"] != bad


def test_each_request_logs_one_json_line_with_its_context_and_no_secret(owner_client, json_lines):
    client, user, token = owner_client
    response = client.get("/t/acme/api/v1/accounts/?search=secret-query", HTTP_X_REQUEST_ID="req-1")
    assert response.status_code == 200
    [line] = lines(json_lines, "request")
    assert line["request_id"] == "req-1"
    assert line["route"] == ACCOUNTS_ROUTE
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["company"] == "acme"
    assert line["user_id"] == user.pk
    assert line["level"] == "info"
    assert line["logger"] == "pyledger.request"
    assert isinstance(line["duration_ms"], float)
    assert line["timestamp"].endswith("Z")
    output = json_lines.getvalue()
    assert token not in output
    assert "secret-query" not in output
    assert "/t/acme/" not in output


def test_lines_logged_inside_a_request_carry_its_id_and_company(owner_client, json_lines, monkeypatch):
    from ledger.api import views

    client, user, _ = owner_client
    original = views.AccountViewSet.list

    def list_and_log(self, request, *args, **kwargs):
        logging.getLogger("ledger.api").warning("looking at accounts")
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(views.AccountViewSet, "list", list_and_log)
    client.get("/t/acme/api/v1/accounts/", HTTP_X_REQUEST_ID="req-2")
    [line] = lines(json_lines, "looking at accounts")
    assert (line["request_id"], line["company"], line["user_id"]) == ("req-2", "acme", user.pk)


def test_a_job_runner_binds_its_job_id_and_company(json_lines):
    with log_context.bind(job_id="job-17", company="foo"):
        logging.getLogger("jobs").info("import started")
    logging.getLogger("jobs").info("after the job")
    started, after = lines(json_lines)
    assert (started["job_id"], started["company"]) == ("job-17", "foo")
    assert "job_id" not in after and "company" not in after


def test_an_exception_is_logged_as_data(json_lines):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("x").exception("failed")
    [line] = lines(json_lines)
    assert line["exception"][0]["exc_type"] == "ValueError"


def test_development_logs_are_readable_lines_and_production_json():
    assert wants_json({"DJANGO_SETTINGS_MODULE": "pyledger_project.settings.prod"})
    assert not wants_json({"DJANGO_SETTINGS_MODULE": "pyledger_project.settings.dev"})
    assert not wants_json({})
    assert wants_json({"LOG_JSON": "true"})
    assert not wants_json({"DJANGO_SETTINGS_MODULE": "pyledger_project.settings.prod", "LOG_JSON": "0"})


def test_development_writes_each_django_line_once(settings, capsys):
    """With DEBUG on, Django's default logging gives `django` a console handler of its own: a
    404's or a 500's line came out twice (plain, then through the root) under make run."""
    from django.utils.log import configure_logging

    settings.DEBUG = True
    try:
        configure_logging(settings.LOGGING_CONFIG, logging_config(json=False))  # as django.setup()
        logging.getLogger("django.request").warning("Not Found: /favicon.ico")
        logging.getLogger("django.server").info('"GET /favicon.ico HTTP/1.1" 404 179')
        written = capsys.readouterr().err.splitlines()
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    assert len([line for line in written if "Not Found: /favicon.ico" in line]) == 1, written
    assert len([line for line in written if "GET /favicon.ico" in line]) == 1, written
    assert all("[django." in line for line in written if "favicon" in line)  # the structured one


def test_unknown_log_context_is_refused():
    with pytest.raises(TypeError, match="unknown log context: password"), log_context.bind(password="x"):
        pass


# --- metrics ---------------------------------------------------------------------------------------


def test_requests_are_counted_by_route_pattern_and_status(owner_client):
    client, _, _ = owner_client
    labels = {"route": ACCOUNTS_ROUTE, "method": "GET", "status": "200"}
    before = sample("pyledger_http_requests_total", labels)
    latency_before = sample(
        "pyledger_http_request_duration_seconds_count", {"route": ACCOUNTS_ROUTE, "method": "GET"}
    )
    client.get("/t/acme/api/v1/accounts/")
    client.get("/t/acme/api/v1/accounts/")
    assert sample("pyledger_http_requests_total", labels) == before + 2
    latency = sample(
        "pyledger_http_request_duration_seconds_count", {"route": ACCOUNTS_ROUTE, "method": "GET"}
    )
    assert latency == latency_before + 2
    text = metrics.exposition().decode()
    assert "acme" not in text  # no company in any label, by default


def test_unknown_paths_share_one_label(client: Client) -> None:
    before = sample("pyledger_http_requests_total", {"route": "unmatched", "method": "GET", "status": "404"})
    client.get("/no/such/page-1")
    client.get("/no/such/page-2")
    after = sample("pyledger_http_requests_total", {"route": "unmatched", "method": "GET", "status": "404"})
    assert after == before + 2
    assert "page-1" not in metrics.exposition().decode()


def test_posting_is_counted_at_commit(
    acme: Company, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    lines_ = [{"account": "1000", "debit": "5.00"}, {"account": "3000", "credit": "5.00"}]
    with tenant_context(acme):
        seed_tenant(company=acme)
        before = sample("pyledger_entries_posted_total")
        # The test's transaction never commits: its on-commit callbacks run when the block ends.
        with django_capture_on_commit_callbacks(using="tenant_acme", execute=True) as callbacks:
            journal_entry_create(date=date(2025, 3, 1), lines=lines_, actor=Actor(1, "alice"), post=True)
            draft = journal_entry_create(date=date(2025, 3, 1), lines=lines_, actor=Actor(1, "alice"))
            assert sample("pyledger_entries_posted_total") == before
        assert len(callbacks) == 1
        assert sample("pyledger_entries_posted_total") == before + 1
        with django_capture_on_commit_callbacks(using="tenant_acme", execute=True):
            journal_entry_post(entry=draft, actor=Actor(1, "alice"))
        assert sample("pyledger_entries_posted_total") == before + 2


def test_registered_gauges_are_served_and_a_failing_reader_is_skipped():
    metrics.register_gauge(
        "pyledger_test_queue_depth", "Queued jobs.", lambda: {("default",): 3, ("slow",): 1}, ["queue"]
    )
    metrics.register_gauge("pyledger_test_oldest_age_seconds", "Oldest job.", lambda: 12.5)

    def broken() -> float:
        raise RuntimeError("queue down")

    metrics.register_gauge("pyledger_test_broken", "Broken.", broken)
    try:
        text = metrics.exposition().decode()
    finally:
        for name in ("pyledger_test_queue_depth", "pyledger_test_oldest_age_seconds", "pyledger_test_broken"):
            metrics._gauges.pop(name)
    assert 'pyledger_test_queue_depth{queue="default"} 3.0' in text
    assert 'pyledger_test_queue_depth{queue="slow"} 1.0' in text
    assert "pyledger_test_oldest_age_seconds 12.5" in text
    assert "pyledger_test_broken" not in text


def test_open_tenant_connections_are_summed_over_threads():
    import threading

    metrics.note_tenant_connections(2)
    other = threading.Thread(target=metrics.note_tenant_connections, args=(3,))
    other.start()
    other.join()
    metrics.note_tenant_connections(2)  # the finished thread no longer counts
    assert sample("pyledger_tenant_connections_open") == 2


# --- /metrics protection ------------------------------------------------------------------------


@pytest.fixture
def metrics_token(settings: Settings) -> str:
    token = "scrape-token-0123456789"
    settings.PYLEDGER_METRICS_TOKEN = token
    return token


def test_metrics_with_the_bearer_token_even_for_an_unlisted_host(
    client: Client, metrics_token: str, settings: Settings
) -> None:
    settings.ALLOWED_HOSTS = ["books.example.com"]
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert b"pyledger_http_requests_total" in response.content


@pytest.mark.django_db
def test_metrics_refuse_a_wrong_token_and_anonymous(client: Client, metrics_token: str) -> None:
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "not_authenticated"
    anonymous = client.get("/metrics")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="metrics"'


@pytest.mark.django_db
def test_no_token_configured_refuses_every_bearer(client: Client, settings: Settings) -> None:
    settings.PYLEDGER_METRICS_TOKEN = None
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 401


@pytest.mark.django_db
def test_metrics_for_staff_signed_in_not_for_other_users(client: Client, acme: Company) -> None:
    member = UserFactory.create(memberships=[(acme, Membership.Role.OWNER)])
    client.force_login(member)
    refused = client.get("/metrics")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    client.force_login(UserFactory.create(is_staff=True))
    assert client.get("/metrics").status_code == 200


# --- error reports ----------------------------------------------------------------------------------


def test_error_reports_are_tagged_with_company_request_and_job(acme: Company) -> None:
    with log_context.bind(request_id="req-9"), tenant_context(acme):
        event = error_reports.before_send({"tags": {"existing": "x"}}, {})
    assert event["tags"] == {"existing": "x", "request_id": "req-9", "company": "acme"}
    with log_context.bind(job_id="job-3", company="foo"):
        assert error_reports.before_send({}, {})["tags"] == {"job_id": "job-3", "company": "foo"}


def test_sentry_sends_an_exception_with_the_company_tag(acme: Company) -> None:
    import sentry_sdk
    from sentry_sdk.transport import Transport

    sent: list[Any] = []

    class Capture(Transport):
        def capture_envelope(self, envelope: Any) -> None:
            sent.append(envelope)

    error_reports.init_sentry(
        "https://public@sentry.example.com/1", environment="test", traces_sample_rate=0.0, transport=Capture
    )
    try:
        with tenant_context(acme):
            try:
                raise ValueError("boom")
            except ValueError as exc:
                sentry_sdk.capture_exception(exc)
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # no DSN: off again
    events = [item.payload.json for envelope in sent for item in envelope.items if item.type == "event"]
    assert events and events[0]["tags"]["company"] == "acme"
    assert "request" not in events[0] or "cookies" not in events[0]["request"]
