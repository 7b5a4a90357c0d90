"""Reference data the validation of entries reads: ledger settings, periods, accounts, tax codes and
exchange rates, cached per tenant database in this process.

Posting looks these up for every entry; most requests of a company find them here instead of
asking the database. The cache is keyed by alias *and* database name, and dropped

- at once when this process saves or deletes one of those models (post_save/post_delete, wired
  in ledger.apps) or calls `invalidate` after a queryset update, and again when that transaction
  commits;
- after PYLEDGER_LEDGER_CACHE_SECONDS (a few seconds) for changes made by other processes;
  0 switches the cache off (the test settings do).

Only data read outside any transaction is stored, so rolled-back rows never get in. Staleness is
safe both ways: an entry allowed by stale data (a period closed or an account deactivated
elsewhere) is refused by the database triggers, which check period status, active accounts,
account currency and precision again; and a refusal is never given from cached data alone: the
validation runs once more on fresh data first (see `ledger.services.entries._prepare`). The one
thing no trigger re-checks is a rate added elsewhere in the last few seconds: until the cache
expires, an entry on that day is priced with the rate before it.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.db import connections, transaction

from ledger.actor import Actor
from ledger.errors import PeriodClosed
from ledger.models import Account, ExchangeRate, FiscalPeriod, LedgerSettings, TaxCode
from tenants.routing.context import current_alias

from .periods import ledger_settings, period_for

DEFAULT_SECONDS = 5.0


def cache_seconds() -> float:
    return float(getattr(django_settings, "PYLEDGER_LEDGER_CACHE_SECONDS", DEFAULT_SECONDS))


@dataclass(frozen=True)
class Periods:
    """Fiscal periods sorted by start date, looked up by day."""

    starts: list[date]
    periods: list[FiscalPeriod]

    @classmethod
    def load(cls) -> Periods:
        periods = list(FiscalPeriod.objects.select_related("fiscal_year").order_by("start_date"))
        return cls([p.start_date for p in periods], periods)

    def find(self, day: date) -> FiscalPeriod | None:
        i = bisect.bisect_right(self.starts, day) - 1
        if i >= 0 and self.periods[i].end_date >= day:
            return self.periods[i]
        return None


# A currency's rates: dates ascending, and the rate of each date.
History = tuple[list[date], list[Decimal]]


@dataclass
class _Books:
    """One tenant database's cached reference data. Replaced, never cleared, on invalidation:
    a loader still holding the old object stores into it harmlessly."""

    expires: float
    settings: LedgerSettings | None = None
    periods: Periods | None = None
    accounts: dict[str, Account] = field(default_factory=dict)
    taxes: dict[str, int] = field(default_factory=dict)
    rates: dict[str, History] = field(default_factory=dict)


_books: dict[tuple[str, str], _Books] = {}
_lock = threading.Lock()


def _key(alias: str) -> tuple[str, str]:
    config = connections.settings.get(alias) or {}
    return alias, str(config.get("NAME", ""))


def invalidate(alias: str | None = None) -> None:
    """Forget the cached reference data of `alias` (default: the current tenant), now and again
    when the current transaction on it commits (another thread may reload the old rows before)."""
    if cache_seconds() <= 0 and not _books:
        return
    alias = alias or current_alias()
    _forget(alias)
    if connections[alias].in_atomic_block:
        transaction.on_commit(lambda: _forget(alias), using=alias)


def invalidate_all() -> None:
    with _lock:
        _books.clear()


def _forget(alias: str) -> None:
    key = _key(alias)
    with _lock:
        _books.pop(key, None)


def on_reference_change(sender: type[Any], *, using: str | None = None, **kwargs: Any) -> None:
    """post_save/post_delete receiver for the models cached here."""
    if using and using in connections.settings:
        invalidate(using)


def _current(alias: str) -> _Books | None:
    """The cache of `alias`, started afresh when expired; None when the cache is off."""
    seconds = cache_seconds()
    if seconds <= 0:
        return None
    key = _key(alias)
    now = time.monotonic()
    books = _books.get(key)
    if books is None or books.expires <= now:
        books = _Books(expires=now + seconds)
        with _lock:
            _books[key] = books
    return books


def _storable(alias: str) -> bool:
    """Rows read now are committed for everyone: no transaction is open on the connection."""
    conn = connections[alias]
    return not conn.in_atomic_block and conn.get_autocommit()


@dataclass
class Reference:
    """What one validation needs, loaded up front: the validation itself reads no database."""

    settings: LedgerSettings
    periods: Periods
    accounts: dict[str, Account]
    taxes: dict[str, int]
    rates: dict[str, History]
    cached: bool  # some of it came from the cache: confirm a refusal on fresh data

    @property
    def base(self) -> str:
        return str(self.settings.base_currency_id)

    def period(self, day: date) -> FiscalPeriod:
        found = self.periods.find(day)
        if found is None:
            raise PeriodClosed(f"No fiscal period covers {day}.")
        return found

    def rate(self, currency: str, day: date) -> Decimal | None:
        """The latest rate of `currency` on or before `day`."""
        history = self.rates.get(currency)
        if not history:
            return None
        i = bisect.bisect_right(history[0], day) - 1
        return history[1][i] if i >= 0 else None


def reference_data(
    days: Iterable[date],
    accounts: Iterable[str],
    tax_codes: Iterable[str],
    currencies: Iterable[str],
    *,
    actor: Actor | None = None,
    fresh: bool = False,
) -> Reference:
    """Reference data for entries on `days` using these account codes, tax codes and currencies.

    A day no fiscal year covers yet gets its year created (as `period_for` does). `fresh` reads
    everything from the database (what it reads replaces the cached rows).
    """
    alias = current_alias()
    books = _current(alias)
    store = books is not None and _storable(alias)
    # What may be read from the cache: nothing when `fresh` (what is read then replaces it).
    seen = None if fresh else books
    cached = False

    settings = seen.settings if seen is not None else None
    if settings is None:
        settings = ledger_settings()
        if store and books is not None:
            books.settings = settings
    else:
        cached = True

    wanted_days = sorted(set(days))
    periods = seen.periods if seen is not None else None
    if periods is not None and all(periods.find(day) for day in wanted_days):
        cached = True
    else:
        periods = Periods.load()
        for day in wanted_days:
            if periods.find(day) is None:
                period_for(day, actor=actor)  # creates the fiscal year
                periods = Periods.load()
        if store and books is not None:
            books.periods = periods

    # Accounts and tax codes asked for; codes not found are never cached.
    codes = set(accounts)
    known = seen.accounts if seen is not None else {}
    found = {code: known[code] for code in codes if code in known}
    cached = cached or bool(found)
    if len(found) < len(codes):
        loaded = {a.code: a for a in Account.objects.filter(code__in=codes - found.keys())}
        found.update(loaded)
        if store and books is not None:
            books.accounts.update(loaded)

    tax_wanted = set(tax_codes)
    taxes: dict[str, int] = {}
    if tax_wanted:
        known_taxes = seen.taxes if seen is not None else {}
        taxes = {code: known_taxes[code] for code in tax_wanted if code in known_taxes}
        cached = cached or bool(taxes)
        if len(taxes) < len(tax_wanted):
            loaded_taxes = dict(
                TaxCode.objects.filter(code__in=tax_wanted - taxes.keys()).values_list("code", "pk")
            )
            taxes.update(loaded_taxes)
            if store and books is not None:
                books.taxes.update(loaded_taxes)

    rates: dict[str, History] = {}
    for currency in sorted({c.upper() for c in currencies} - {settings.base_currency_id}):
        history = seen.rates.get(currency) if seen is not None else None
        if history is not None:
            cached = True
        elif store and books is not None:
            history = _rate_history(currency)  # kept: the whole history, one query
            books.rates[currency] = history
        else:
            history = _rates_on(currency, wanted_days)
        rates[currency] = history

    return Reference(settings, periods, found, taxes, rates, cached)


def _rate_history(currency: str) -> History:
    rows = ExchangeRate.objects.filter(currency_id=currency).order_by("date").values_list("date", "rate")
    return [d for d, _ in rows], [r for _, r in rows]


RATES_ON_SQL = """
SELECT DISTINCT r.date, r.rate
  FROM unnest(%s::date[]) AS d(day)
 CROSS JOIN LATERAL (SELECT x.date, x.rate FROM ledger_exchangerate x
                      WHERE x.currency_id = %s AND x.date <= d.day ORDER BY x.date DESC LIMIT 1) r
 ORDER BY r.date
"""


def _rates_on(currency: str, days: list[date]) -> History:
    """Just the rates in force on `days` (the latest on or before each): enough for those days."""
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(RATES_ON_SQL, [days, currency])
        rows = cursor.fetchall()
    return [d for d, _ in rows], [r for _, r in rows]
