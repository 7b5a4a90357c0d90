"""Prometheus metrics, served at /metrics (pyledger_project.observability.metrics_view).

Labels are bounded whatever the number of companies: routes are URL patterns
(`t/<slug:tenant_slug>/api/v1/accounts/`, never the path a client sent), methods and statuses are
few, and no metric has a company label. Under gunicorn the worker processes share their figures
through files in PROMETHEUS_MULTIPROC_DIR (set by pyledger_project.gunicorn_conf).

Other apps add gauges read when /metrics is scraped (the job queue's depth and age, webhook
failures), from their `AppConfig.ready()`:

    from pyledger_project.metrics import register_gauge
    register_gauge("pyledger_jobs_queued", "Jobs waiting to run, by queue.", read_depth, ["queue"])

where `read_depth()` returns a number, or a mapping from label values (a tuple) to numbers. A
reader that raises is skipped for that scrape (and logged); the others are still served.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

REQUESTS = Counter(
    "pyledger_http_requests",
    "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "pyledger_http_request_duration_seconds",
    "Time from the request reaching the app to its answer, by route pattern and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
POSTED = Counter(
    "pyledger_entries_posted", "Journal entries posted through the posting service, counted at commit."
)
TENANT_CONNECTIONS = Gauge(
    "pyledger_tenant_connections_open",
    "Tenant database connections held open by the app's threads, as of each one's last request.",
    multiprocess_mode="livesum",
)

Reading = float | int | Mapping[tuple[str, ...], float | int]


@dataclass(frozen=True)
class _Registered:
    name: str
    documentation: str
    read: Callable[[], Reading]
    labelnames: tuple[str, ...]


_gauges: dict[str, _Registered] = {}


def register_gauge(
    name: str, documentation: str, read: Callable[[], Reading], labelnames: Sequence[str] = ()
) -> None:
    """Serve gauge `name` with the value(s) `read()` returns at each scrape (replaces one of that name)."""
    _gauges[name] = _Registered(name, documentation, read, tuple(labelnames))


class RegisteredGauges(Collector):
    def collect(self) -> Iterator[Metric]:
        for gauge in list(_gauges.values()):
            try:
                value = gauge.read()
            except Exception:
                log.warning("metrics: the reader of %s failed", gauge.name, exc_info=True)
                continue
            family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=gauge.labelnames)
            if isinstance(value, Mapping):
                for labels, number in value.items():
                    family.add_metric(list(labels), float(number))
            else:
                family.add_metric([], float(value))
            yield family


_registered = RegisteredGauges()
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(_registered)


def exposition() -> bytes:
    """Every metric in Prometheus' text format: all worker processes' when they share a folder."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(_registered)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


# Open tenant connections are per thread (Django's connections are thread-local): each thread
# reports its count at the end of its requests, the process the sum.
_per_thread: dict[int, int] = {}
_per_thread_lock = threading.Lock()


def note_tenant_connections(count: int) -> None:
    with _per_thread_lock:
        _per_thread[threading.get_ident()] = count
        alive = {t.ident for t in threading.enumerate()}
        for ident in [i for i in _per_thread if i not in alive]:
            del _per_thread[ident]
        TENANT_CONNECTIONS.set(sum(_per_thread.values()))


def entry_posted() -> None:
    POSTED.inc()
