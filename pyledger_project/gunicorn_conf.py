"""gunicorn's configuration, from the environment: the one way pyledger is served.

    gunicorn -c python:pyledger_project.gunicorn_conf pyledger_project.wsgi

Production (deploy/Dockerfile) and `make run` (with --reload) start the same server with this
file; only the environment differs. Why gunicorn's gthread workers: docs/operations.md "Server".
It imports no Django: the arbiter stays small and every worker sets Django up itself, so a
reloaded worker reads the changed code.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pyledger_project.logs import logging_config, wants_json


def _int(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}")
    return value


def options(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """gunicorn settings from PYLEDGER_* variables (docs/configuration.md "Server")."""
    env = os.environ if env is None else env
    cores = os.cpu_count() or 1
    max_requests = _int(env, "PYLEDGER_MAX_REQUESTS", 10_000, 0)
    return {
        "bind": env.get("PYLEDGER_BIND", "").split() or ["0.0.0.0:8000"],
        # Threads share a process's caches (registry, reference data) and each keeps its own
        # database connections; processes use the cores.
        "worker_class": "gthread",
        "workers": _int(env, "PYLEDGER_WORKERS", cores, 1),
        "threads": _int(env, "PYLEDGER_THREADS", 4, 1),
        # A request still running after this many seconds gets its worker restarted.
        "timeout": _int(env, "PYLEDGER_TIMEOUT", 60, 1),
        "graceful_timeout": _int(env, "PYLEDGER_GRACEFUL_TIMEOUT", 30, 1),
        "keepalive": _int(env, "PYLEDGER_KEEPALIVE", 5, 0),
        # Recycling bounds what a slow leak can grow to; the jitter keeps workers from restarting together.
        # Not too often: a new worker sets Django up and imports every view, about 2 s of CPU,
        # which every 2,000 requests was 1 ms per request, a fifth of an API posting's.
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        # The app logs each request itself (pyledger_project.observability), with its request id.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": env.get("LOG_LEVEL", "info").lower(),
        # Behind a proxy the forwarded headers are believed by the app (PYLEDGER_TRUSTED_PROXIES).
        "forwarded_allow_ips": env.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "worker_tmp_dir": env.get("PYLEDGER_WORKER_TMP_DIR") or None,
        "proc_name": "pyledger",
        # No runtime control socket (gunicorn 27+ opens one in the home folder by default): the
        # image's file system is read-only, and signals do what an operator needs.
        "control_socket_disable": True,
    }


globals().update(options())
# gunicorn's own lines (workers started, killed, timed out) in the app's format.
logconfig_dict = logging_config(
    json=wants_json(os.environ), level=os.environ.get("LOG_LEVEL", "INFO").upper(), gunicorn=True
)


def on_starting(server: Any) -> None:
    """Workers share their metrics through files in one folder, emptied at each start."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        folder = tempfile.mkdtemp(prefix="pyledger-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):
        stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A gone worker's live gauges (open tenant connections) stop counting."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
