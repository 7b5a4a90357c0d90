"""The production server: gunicorn configured from the environment, serving the probes."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from pyledger_project.gunicorn_conf import options

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"


def test_defaults_use_every_core_with_threads():
    opts = options({})
    assert opts["worker_class"] == "gthread"
    assert opts["workers"] == (os.cpu_count() or 1)
    assert opts["threads"] == 4
    assert opts["bind"] == ["0.0.0.0:8000"]
    assert opts["timeout"] == 60
    # A worker's start (Django, every view) costs ~2 s of CPU: 0.2 ms per request at 10,000.
    assert opts["max_requests"] == 10_000
    assert opts["max_requests_jitter"] == 1_000
    assert opts["accesslog"] is None  # the app logs each request, with its request id
    assert opts["control_socket_disable"] is True


def test_the_environment_sets_workers_threads_bind_and_timeouts():
    opts = options(
        {
            "PYLEDGER_WORKERS": "3",
            "PYLEDGER_THREADS": "8",
            "PYLEDGER_BIND": "127.0.0.1:9000 unix:/run/pyledger.sock",
            "PYLEDGER_TIMEOUT": "120",
            "PYLEDGER_GRACEFUL_TIMEOUT": "10",
            "PYLEDGER_KEEPALIVE": "2",
            "PYLEDGER_MAX_REQUESTS": "0",
        }
    )
    assert (opts["workers"], opts["threads"]) == (3, 8)
    assert opts["bind"] == ["127.0.0.1:9000", "unix:/run/pyledger.sock"]
    assert (opts["timeout"], opts["graceful_timeout"], opts["keepalive"]) == (120, 10, 2)
    assert (opts["max_requests"], opts["max_requests_jitter"]) == (0, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "PYLEDGER_WORKERS must be a whole number, got 'two'"),
        ("0", "PYLEDGER_WORKERS must be at least 1, got 0"),
    ],
)
def test_a_bad_value_stops_the_start_in_one_line(value, message):
    with pytest.raises(SystemExit) as exc:
        options({"PYLEDGER_WORKERS": value})
    assert str(exc.value) == message


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get(port: int, path: str, host: str = "localhost", **headers: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": host, **headers})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def production_env() -> dict[str, str]:
    """The production settings with a database that cannot be reached (nothing here needs it)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pyledger_project.settings.prod",
        "SECRET_KEY": "server-test-key",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        "ALLOWED_HOSTS": "books.example.com",
    }


@pytest.fixture
def production_server(tmp_path: Path) -> Iterator[int]:
    """gunicorn with the production settings, as the image starts it, on a free port; its
    database is unreachable on purpose (the probes must tell liveness from readiness)."""
    port = free_port()
    env = {
        **production_env(),
        "PYLEDGER_BIND": f"127.0.0.1:{port}",
        "PYLEDGER_WORKERS": "2",
        "PYLEDGER_THREADS": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "PYLEDGER_METRICS_TOKEN": "server-test-metrics",
        "LOG_JSON": "true",
    }
    cmd = [str(GUNICORN), "-c", "python:pyledger_project.gunicorn_conf", "pyledger_project.wsgi"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/healthz")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"gunicorn did not start:\n{out}")
                time.sleep(0.2)
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.slow  # a production server, or a process importing every view
def test_gunicorn_serves_the_probes_with_production_settings(production_server):
    # localhost is not in ALLOWED_HOSTS: the container's health check still gets its answer.
    assert get(production_server, "/healthz") == (200, b'{"status": "ok"}')
    status, body = get(production_server, "/readyz")
    assert status == 503
    assert b'"database": "failed: OperationalError"' in body
    # Everything else goes through the host check.
    assert get(production_server, "/api/v1/me/")[0] == 400


@pytest.mark.slow  # a production server, or a process importing every view
def test_metrics_add_up_the_workers_of_the_production_server(production_server):
    for _ in range(6):  # spread over both workers
        get(production_server, "/no-such-page", host="books.example.com")
    status, body = get(production_server, "/metrics", Authorization="Bearer server-test-metrics")
    assert status == 200
    counted = [
        line for line in body.decode().splitlines() if line.startswith("pyledger_http_requests_total{")
    ]
    assert sum(float(line.rsplit(" ", 1)[1]) for line in counted if 'route="unmatched"' in line) == 6
    assert get(production_server, "/metrics", Authorization="Bearer wrong")[0] == 401


@pytest.mark.slow  # a production server, or a process importing every view
def test_a_serving_process_loads_every_view_and_freezes_them_before_its_first_request():
    """pyledger_project.warm: the URLconf is imported at start-up (a view that fails to import
    stops the worker, not a user's request) and what was loaded is out of the collector's reach."""
    probe = (
        "import gc, sys; import pyledger_project.wsgi; "
        "print(gc.get_freeze_count(), 'ledger.api.views' in sys.modules, 'bank.api' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=production_env(), capture_output=True)
    out = run.stdout.decode().split()
    assert run.returncode == 0, run.stderr.decode()
    frozen, views, bank = int(out[0]), out[1], out[2]
    assert frozen > 50_000
    assert (views, bank) == ("True", "True")
