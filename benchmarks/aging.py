"""Aged receivables at 10,000 and 100,000 open documents, against a raw SQL baseline.

    python -m benchmarks.aging [--runs 20] [--small 10000] [--large 100000] [--contacts 1000]

Documents are generated in SQL (INSERT ... SELECT generate_series) with session_replication_role
= replica (no triggers): invoices (a fifth in EUR), some credit notes and bills, spread over a
year, each on an entry of its own (the document's entry is one-to-one). For each open document
half as many paid ones are added, each settled by a payment 20 days after its issue date, so the
report has paid items to skip and, as of a past day, allocations to add back.

Then aging_forget() (the load bypassed the triggers that keep the report's figures current),
VACUUM ANALYZE, and each figure is the median/p90 of `--runs` calls:
- aging("receivables", as_of=Dec 31), the report's whole read (the API view adds JSON on top),
  from the figures kept for the day;
- the same as of Sep 30 (items issued later left out, later allocations added back);
- each of them after a change to one contact's items (its figures are computed again);
- the first report of a day (Dec 30, 29, ...): every contact's figures computed and kept;
- the JSON payload of the view built from the report;
- the baseline: one raw GROUP BY over the open invoices and credit notes with the five buckets,
  the least an aging report computed from the items has to read (as of today); printed as the
  ratio report / baseline.
The variants run one after the other in each round (interleaved), so the load of a shared machine
reaches them alike.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from benchmarks import _ledger_setup as setup

SLUG = "bench-aging"
AS_OF = date(setup.BENCH_YEAR, 12, 31)
PAST = date(setup.BENCH_YEAR, 9, 30)

ENTRIES_SQL = """
INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status, source,
                                 request_hash, created_at, created_by_name, posted_at, posted_by_name,
                                 prev_hash, hash)
SELECT p.fiscal_year_id, p.id, d.day, '', 'bench-' || g, 'posted', 'sales', '', now(), 'bench', now(),
       'bench', '', ''
  FROM generate_series(%(lo)s::int, %(hi)s::int) AS g
 CROSS JOIN LATERAL (SELECT %(first_day)s::date + (g %% 365) AS day) AS d
  JOIN ledger_fiscalperiod p ON d.day BETWEEN p.start_date AND p.end_date
 ORDER BY g
"""

# One document per new entry: 1 in 50 a credit note, 1 in 10 a bill, a fifth in EUR.
DOCUMENTS_SQL = """
INSERT INTO invoicing_document (kind, status, contact_id, number, vendor_reference, issue_date, due_date,
                                currency_id, exchange_rate, memo, entry_id, net_total, tax_total, total,
                                base_total, open_amount, base_open, request_hash, created_at,
                                created_by_name, issued_at, issued_by_name)
SELECT k.kind, CASE WHEN %(paid)s THEN 'paid' ELSE 'issued' END,
       (%(contacts)s::bigint[])[1 + (e.id * 7919 %% cardinality(%(contacts)s::bigint[]))],
       'B-' || e.id, '', e.date, e.date + 30, c.currency, c.rate, '', e.id, m.amount, 0, m.amount,
       round(m.amount * c.rate, 2), CASE WHEN %(paid)s THEN 0 ELSE m.amount END,
       CASE WHEN %(paid)s THEN 0 ELSE round(m.amount * c.rate, 2) END, '', now(), 'bench', now(), 'bench'
  FROM ledger_journalentry e
 CROSS JOIN LATERAL (SELECT CASE WHEN e.id %% 50 = 0 THEN 'credit_note' WHEN e.id %% 10 = 3 THEN 'bill'
                                 ELSE 'invoice' END AS kind) AS k
 CROSS JOIN LATERAL (SELECT CASE WHEN e.id %% 5 = 1 THEN 'EUR' ELSE 'USD' END AS currency,
                            CASE WHEN e.id %% 5 = 1 THEN 1.1 ELSE 1 END AS rate) AS c
 CROSS JOIN LATERAL (SELECT ((e.id * 104729) %% 99999 + 1)::numeric / 100 AS amount) AS m
 WHERE e.id > %(after)s
"""

# A payment 20 days after each paid document, on an entry of its own, and the allocation.
PAYMENTS_SQL = """
WITH paid AS (
    SELECT d.* FROM invoicing_document d WHERE d.id > %(after_document)s AND d.status = 'paid'
), entries AS (
    INSERT INTO ledger_journalentry (fiscal_year_id, period_id, date, memo, reference, status, source,
                                     request_hash, created_at, created_by_name, posted_at, posted_by_name,
                                     prev_hash, hash)
    SELECT p.fiscal_year_id, p.id, least(paid.issue_date + 20, %(last_day)s::date), '', 'pay-' || paid.id,
           'posted', 'payments', '', now(), 'bench', now(), 'bench', '', ''
      FROM paid JOIN ledger_fiscalperiod p
        ON least(paid.issue_date + 20, %(last_day)s::date) BETWEEN p.start_date AND p.end_date
    RETURNING id, date, reference
), payments AS (
    INSERT INTO invoicing_payment (direction, party, contact_id, date, account_id, currency_id, amount,
                                   exchange_rate, base_amount, open_amount, base_open, reference, memo,
                                   entry_id, request_hash, created_at, created_by_name)
    SELECT CASE WHEN paid.kind IN ('invoice', 'vendor_credit') THEN 'received' ELSE 'paid' END,
           CASE WHEN paid.kind IN ('invoice', 'credit_note') THEN 'customer' ELSE 'vendor' END,
           paid.contact_id, entries.date, %(bank)s, paid.currency_id, paid.total, paid.exchange_rate,
           paid.base_total, 0, 0, entries.reference, '', entries.id, '', now(), 'bench'
      FROM entries JOIN paid ON 'pay-' || paid.id = entries.reference
    RETURNING id, date, reference, direction
)
INSERT INTO invoicing_allocation (debit_document_id, debit_payment_id, credit_document_id,
                                  credit_payment_id, date, happened_on, amount, fx_amount, created_at)
SELECT CASE WHEN p.direction = 'received' THEN paid.id END, CASE WHEN p.direction = 'paid' THEN p.id END,
       CASE WHEN p.direction = 'paid' THEN paid.id END, CASE WHEN p.direction = 'received' THEN p.id END,
       p.date, greatest(p.date, paid.issue_date), paid.total, 0, now()
  FROM payments p JOIN paid ON 'pay-' || paid.id = p.reference
"""

# The least an aging report reads: the open invoices and credit notes, bucketed, per contact.
BASELINE = """
SELECT d.contact_id, c.name, d.currency_id,
       sum(d.open_amount) FILTER (WHERE d.kind = 'invoice' AND d.due_date >= %(as_of)s),
       sum(d.open_amount) FILTER (WHERE d.kind = 'invoice' AND %(as_of)s - d.due_date BETWEEN 1 AND 30),
       sum(d.open_amount) FILTER (WHERE d.kind = 'invoice' AND %(as_of)s - d.due_date BETWEEN 31 AND 60),
       sum(d.open_amount) FILTER (WHERE d.kind = 'invoice' AND %(as_of)s - d.due_date BETWEEN 61 AND 90),
       sum(d.open_amount) FILTER (WHERE d.kind = 'invoice' AND %(as_of)s - d.due_date > 90),
       -sum(d.open_amount) FILTER (WHERE d.kind = 'credit_note'), sum(d.base_open)
  FROM invoicing_document d JOIN invoicing_contact c ON c.id = d.contact_id
 WHERE d.open_amount > 0 AND d.kind IN ('invoice', 'credit_note')
 GROUP BY d.contact_id, c.name, d.currency_id
"""


def prepare(contacts: int) -> dict[str, Any]:
    """Inside tenant_context: the invoicing settings, `contacts` customers, a bank account id."""
    from invoicing.models import Contact
    from invoicing.services.setup import invoicing_settings
    from ledger.models import Account, Currency, ExchangeRate

    setup.books()
    invoicing_settings()
    Currency.objects.get_or_create(code="EUR", defaults={"name": "Euro", "minor_units": 2})
    ExchangeRate.objects.get_or_create(currency_id="EUR", date=date(setup.BENCH_YEAR, 1, 1), rate="1.1")
    made = Contact.objects.bulk_create(
        Contact(name=f"Customer {i:05d}", is_customer=True, is_vendor=i % 10 == 3) for i in range(contacts)
    )
    return {"contacts": [c.pk for c in made], "bank": Account.objects.get(code="1120").pk}


def load(company: Any, ids: dict[str, Any], count: int, *, paid: bool) -> None:
    conn = setup.raw_connect(company, triggers=False)
    row = conn.execute(
        "SELECT coalesce(max(id), 0), (SELECT coalesce(max(id), 0) FROM invoicing_document)"
        " FROM ledger_journalentry"
    ).fetchone()
    assert row is not None
    after, after_document = row
    params = {
        "lo": after + 1,
        "hi": after + count,
        "first_day": date(setup.BENCH_YEAR, 1, 1),
        "last_day": AS_OF,
        "after": after,
        "after_document": after_document,
        "paid": paid,
        **ids,
    }
    conn.execute(ENTRIES_SQL, params)
    conn.execute(DOCUMENTS_SQL, params)
    if paid:
        conn.execute(PAYMENTS_SQL, params)
    conn.commit()
    conn.close()


def vacuum(company: Any) -> None:
    import psycopg

    with psycopg.connect(**setup.raw_conninfo(company), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def interleaved(fns: list[Callable[[], object]], runs: int) -> list[list[float]]:
    """Each of `fns` timed `runs` times, one after the other in every round (so that a change of
    the machine's load reaches them all alike), after two rounds of warming up."""
    samples: list[list[float]] = [[] for _ in fns]
    for round_ in range(runs + 2):
        for fn, taken in zip(fns, samples, strict=True):
            elapsed = setup.timed(fn)
            if round_ >= 2:  # warm: plans, catalog caches, shared buffers
                taken.append(elapsed)
    return samples


def measure(company: Any, ids: dict[str, Any], runs: int) -> None:
    from django.db import connections

    from invoicing.api.reports import aging_payload
    from invoicing.reports import aging
    from tenants.routing.context import tenant_context

    with tenant_context(company) as tenant:
        cursor = connections[tenant.alias].cursor()
        cursor.execute(
            "SELECT count(*) FILTER (WHERE open_amount > 0), count(*) FILTER (WHERE open_amount = 0),"
            " (SELECT count(*) FROM invoicing_allocation) FROM invoicing_document"
        )
        open_count, paid_count, allocations = cursor.fetchone()
        print(f"\n-- {open_count} open documents, {paid_count} paid, {allocations} allocations --")

        def baseline() -> None:
            cursor.execute(BASELINE, {"as_of": AS_OF})
            cursor.fetchall()

        report = aging("receivables", AS_OF)
        aging("receivables", PAST)
        fresh = iter(AS_OF - timedelta(days=n) for n in range(1, 3 * runs + 10))
        contacts = iter(ids["contacts"] * 2)

        def one_changed(day: date) -> None:
            # what the triggers do to a contact when one of its items changes
            cursor.execute("SELECT invoicing_aging_bump(ARRAY[%s]::bigint[])", [next(contacts)])
            aging("receivables", day)

        variants: list[tuple[str, Callable[[], object]]] = [
            ("raw SQL baseline (open items, bucketed)  ", baseline),
            (f"aging(receivables, {AS_OF})          ", lambda: aging("receivables", AS_OF)),
            (f"aging(receivables, {PAST}) past day ", lambda: aging("receivables", PAST)),
            ("  after a change to one contact         ", lambda: one_changed(AS_OF)),
            ("  after a change, past day              ", lambda: one_changed(PAST)),
            ("  a day's first report (computes, keeps)", lambda: aging("receivables", next(fresh))),
            ("  + the view's JSON payload            ", lambda: aging_payload(report)),
        ]
        samples = interleaved([fn for _, fn in variants], runs)
        base = setup.median_p90(samples[0])[0]
        for (label, _), taken in zip(variants, samples, strict=True):
            median, p90 = setup.median_p90(taken)
            ratio = f"  ({median / base:.2f} x baseline)" if taken is not samples[0] else ""
            print(f"  {label}median {setup.ms(median):>9}  p90 {setup.ms(p90):>9}{ratio}")
        print(f"  ({len(report.rows)} rows; base total {report.base_total})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs per figure (median/p90)")
    parser.add_argument("--small", type=int, default=10_000, help="open documents of the first measurement")
    parser.add_argument("--large", type=int, default=100_000, help="open documents of the second")
    parser.add_argument("--contacts", type=int, default=1000, help="customers the documents go to")
    args = parser.parse_args()
    setup.configure()
    print(setup.server_facts())
    started = time.perf_counter()
    from invoicing.reports import aging_forget
    from tenants.routing.context import tenant_context

    with setup.bench_tenant(SLUG) as company:
        with tenant_context(company):
            ids = prepare(args.contacts)
        done = 0
        for target in (args.small, args.large):
            t0 = time.perf_counter()
            load(company, ids, target - done, paid=False)
            load(company, ids, (target - done) // 2, paid=True)
            with tenant_context(company):
                aging_forget()  # the load wrote with the triggers off
            vacuum(company)
            done = target
            print(f"\nLoaded up to {target} open documents in {time.perf_counter() - t0:.1f} s", end="")
            measure(company, ids, args.runs)
    print(f"\nTotal {time.perf_counter() - started:.0f} s; benchmark database dropped.")


if __name__ == "__main__":
    main()
