"""Events and webhooks: what the outbox costs a posting, webhook deliveries/s to a local receiver,
and event latency from commit to delivery.

    .venv/bin/python -m benchmarks.events [--entries 1000] [--rounds 3] [--deliveries 500]
                                          [--latency 300] [--rate 10]

- posting: journal_entry_create(post=True) on two companies bootstrapped alike, one with the
  outbox triggers disabled, alternating per round with the same entries: entries/s and CPU per
  entry (client + its server backend, from /proc), and their ratio (with/without);
- deliveries: `--deliveries` events sent by one worker (events.webhooks.delivery.deliver: lease,
  sign, POST, settle) to a receiver in another process, against a bare loop of the same POSTs
  (a new connection each, as a delivery makes) to the same receiver in the same run;
- latency: a worker process runs `deliver()` in a loop (idle passes 20 ms apart) while this
  process posts `--latency` entries, `--rate` per second (below the delivery rate, or the
  backlog is measured instead); latency is the receiver's arrival time minus
  the time the posting returned (its commit). p50 and p99.

Databases: benchmarks._ledger_setup (embedded PostgreSQL in var/bench-pg, fsync off), companies
bench-events and bench-events-off, dropped at the end. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import statistics
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from benchmarks import _ledger_setup as setup

ON, OFF = "bench-events", "bench-events-off"


def receive(port_out: Any, arrivals: Any) -> None:
    """The receiver process: answer 204 to every POST; put (event payload id, arrival) in `arrivals`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            arrived = time.time()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            try:
                arrivals.put((json.loads(body)["payload"].get("id"), arrived))
            except (ValueError, KeyError, AttributeError):
                arrivals.put((None, arrived))

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_out.put(server.server_address[1])
    server.serve_forever()


def posting(entries: int, rounds: int) -> None:
    from django.db import connections

    from ledger.actor import Actor
    from ledger.services.entries import journal_entry_create
    from tenants.routing.context import current_alias, tenant_context

    actor = Actor.system()
    with tenant_context(ON):
        codes = setup.books().codes
    with tenant_context(OFF):
        setup.books()
        with connections[current_alias()].cursor() as cursor:
            cursor.execute("ALTER TABLE ledger_journalentry DISABLE TRIGGER events_entries_inserted")
    print(f"\n== Posting with and without the outbox: {entries} entries per company and round ==")
    rates: dict[str, list[float]] = {ON: [], OFF: []}
    cpu: dict[str, list[float]] = {ON: [], OFF: []}
    for r in range(rounds):
        specs = setup.make_entries(entries, codes, seed=r + 1)
        warm = setup.make_entries(100, codes, seed=1000 + r)
        for slug in (OFF, ON) if r % 2 else (ON, OFF):
            with tenant_context(slug):
                for spec in warm:
                    journal_entry_create(date=spec.day, lines=spec.service_lines(), actor=actor, post=True)
                dj = connections[current_alias()]
                meter = setup.CpuMeter(dj.connection.info.backend_pid)
                start = time.perf_counter()
                meter.start()
                for spec in specs:
                    journal_entry_create(date=spec.day, lines=spec.service_lines(), actor=actor, post=True)
                meter.stop()
                rates[slug].append(entries / (time.perf_counter() - start))
                cpu[slug].append((meter.client + (meter.server or 0.0)) / entries * 1e3)
        print(
            f"  round {r + 1}: with outbox {rates[ON][-1]:.0f}/s ({cpu[ON][-1]:.3f} ms CPU/entry), "
            f"without {rates[OFF][-1]:.0f}/s ({cpu[OFF][-1]:.3f} ms CPU/entry)"
        )
    rate_ratio = statistics.median(a / b for a, b in zip(rates[ON], rates[OFF], strict=True))
    cpu_on, cpu_off = statistics.median(cpu[ON]), statistics.median(cpu[OFF])
    print(
        f"  median: with/without entries/s ratio {rate_ratio:.2f}; CPU {cpu_on:.3f} vs {cpu_off:.3f}"
        f" ms/entry (+{cpu_on - cpu_off:.3f} ms, {cpu_on / cpu_off:.2f}x)"
    )


def deliveries(count: int, port: int, arrivals: Any) -> None:
    from events.models import Event, WebhookEndpoint
    from events.outbox import sequence
    from events.webhooks.delivery import body, deliver
    from events.webhooks.endpoints import endpoint_create
    from ledger.actor import Actor
    from ledger.services.entries import journal_entry_create
    from tenants.routing.context import tenant_context

    url = f"http://127.0.0.1:{port}/hook"
    print(f"\n== Webhook deliveries: {count} events, one worker, receiver in another process ==")
    with tenant_context(ON):
        codes = setup.books().codes
        WebhookEndpoint.objects.all().delete()
        sequence()
        endpoint_create(url=url, actor=Actor.system())
        for spec in setup.make_entries(count, codes, seed=77):
            journal_entry_create(date=spec.day, lines=spec.service_lines(), actor=Actor.system(), post=True)
        sequence()
        latest = Event.objects.order_by("-cursor").first()
        assert latest is not None
        sample = body(latest)
        start = time.perf_counter()
        sent = 0
        while sent < count:
            sent += deliver(limit=100).succeeded
        took = time.perf_counter() - start
    _drain(arrivals, count)
    start = time.perf_counter()
    for _ in range(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/hook", body=sample, headers={"content-type": "application/json"})
        conn.getresponse().read()
        conn.close()
    bare = time.perf_counter() - start
    _drain(arrivals, count)
    print(
        f"  delivered {count / took:.0f}/s; bare POST loop {count / bare:.0f}/s -> ratio {bare / took:.2f}"
        f" ({took / count * 1e3:.2f} vs {bare / count * 1e3:.2f} ms each)"
    )


def _drain(arrivals: Any, count: int) -> list[tuple[Any, float]]:
    return [arrivals.get(timeout=60) for _ in range(count)]


def _worker(stop: Any) -> None:
    from events.webhooks.delivery import deliver
    from tenants.routing.context import tenant_context

    with tenant_context(ON):
        while not stop.is_set():
            if not deliver(limit=100).sent:
                time.sleep(0.02)


def latency(count: int, rate: float, arrivals: Any) -> None:
    from django.db import connections

    from ledger.actor import Actor
    from ledger.services.entries import journal_entry_create
    from tenants.routing.context import tenant_context

    print(f"\n== Latency from commit to delivery: {count} entries, {rate:.0f}/s, one worker (idle: 20 ms) ==")
    with tenant_context(ON):
        specs = setup.make_entries(count, setup.books().codes, seed=99)
    connections.close_all()  # the forked worker opens its own
    stop = mp.get_context("fork").Event()
    worker = mp.get_context("fork").Process(target=_worker, args=(stop,))
    worker.start()
    committed: dict[int, float] = {}
    try:
        with tenant_context(ON):
            for spec in specs:
                entry = journal_entry_create(
                    date=spec.day, lines=spec.service_lines(), actor=Actor.system(), post=True
                )
                committed[entry.pk] = time.time()
                time.sleep(1 / rate)
        got = dict(_drain(arrivals, count))
    finally:
        stop.set()
        worker.join(10)
    waits = sorted(got[pk] - at for pk, at in committed.items() if pk in got)
    p50 = statistics.median(waits)
    p99 = waits[min(len(waits) - 1, round(0.99 * (len(waits) - 1)))]
    worst = waits[-1]
    print(f"  {len(waits)} delivered: p50 {p50 * 1e3:.0f} ms, p99 {p99 * 1e3:.0f} ms, max {worst * 1e3:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--deliveries", type=int, default=500)
    parser.add_argument("--latency", type=int, default=300)
    parser.add_argument("--rate", type=float, default=10.0, help="postings/s during the latency run")
    args = parser.parse_args()
    started = time.perf_counter()
    setup.configure()
    from django.conf import settings

    settings.PYLEDGER_WEBHOOK_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    print(setup.server_facts())
    ctx = mp.get_context("fork")
    port_out, arrivals = ctx.Queue(), ctx.Queue()
    receiver = ctx.Process(target=receive, args=(port_out, arrivals), daemon=True)
    receiver.start()
    port = port_out.get(timeout=10)
    try:
        with setup.bench_tenant(ON), setup.bench_tenant(OFF):
            posting(args.entries, args.rounds)
            deliveries(args.deliveries, port, arrivals)
            latency(args.latency, args.rate, arrivals)
    finally:
        receiver.terminate()
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark databases dropped.")


if __name__ == "__main__":
    main()
