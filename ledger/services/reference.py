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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings as django_settings
from django.db import connections, transaction

from ledger.actor import Actor
from ledger.errors import PeriodClosed
from ledger.models import Account, ExchangeRate, FiscalPeriod, LedgerSettings, TaxCode
from tenants.routing.context import current_alias

from .periods import ledger_settings, period_for

DEFAULT_SECONDS = 5.0
V = TypeVar("V")


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
    kept: dict[str, Any] = field(default_factory=dict)  # other apps' reference data, by name (`kept`)


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
        return _rate_in(self.rates.get(currency), day)


def _rate_in(history: History | None, day: date) -> Decimal | None:
    if not history:
        return None
    i = bisect.bisect_right(history[0], day) - 1
    return history[1][i] if i >= 0 else None


def cached_settings() -> LedgerSettings:
    """The ledger settings (base currency, start month, ...), from the cache when it is kept."""
    alias = current_alias()
    books = _current(alias)
    settings, _ = _settings(books, books if books is not None and _storable(alias) else None)
    return settings


def rate_on(currency: str, day: date) -> Decimal | None:
    """The rate an entry on `day` is priced at: the latest recorded rate of `currency` on or before
    `day` (1 for the base currency), from the cache when it is kept."""
    alias = current_alias()
    books = _current(alias)
    keep = books if books is not None and _storable(alias) else None
    currency = currency.upper()
    if currency == cached_settings().base_currency_id:
        return Decimal(1)
    rates, _ = _rates([currency], [day], books, keep)
    return _rate_in(rates[currency], day)


def kept(name: str, load: Callable[[], V]) -> tuple[V, bool]:
    """Reference data of another app (`name`: its own key), kept with the ledger's: the same expiry,
    dropped by the same invalidations (connect the app's models to `on_reference_change`). Returns
    the value and whether it came from the cache (then confirm a refusal on fresh data)."""
    alias = current_alias()
    books = _current(alias)
    if books is not None and name in books.kept:
        return books.kept[name], True
    value = load()
    if books is not None and _storable(alias):
        books.kept[name] = value
    return value, False


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
    keep = books if books is not None and _storable(alias) else None  # where what is read goes
    seen = None if fresh else books  # what may be read from the cache
    wanted_days = sorted(set(days))

    settings, hit_settings = _settings(seen, keep)
    periods, hit_periods = _periods(wanted_days, seen, keep, actor)
    found, hit_accounts = _by_code(
        set(accounts),
        seen.accounts if seen is not None else {},
        lambda codes: {a.code: a for a in Account.objects.filter(code__in=codes)},
        keep.accounts if keep is not None else None,
    )
    taxes, hit_taxes = _by_code(
        set(tax_codes),
        seen.taxes if seen is not None else {},
        lambda codes: dict(TaxCode.objects.filter(code__in=codes).values_list("code", "pk")),
        keep.taxes if keep is not None else None,
    )
    others = {c.upper() for c in currencies} - {settings.base_currency_id}
    rates, hit_rates = _rates(sorted(others), wanted_days, seen, keep)
    cached = hit_settings or hit_periods or hit_accounts or hit_taxes or hit_rates
    return Reference(settings, periods, found, taxes, rates, cached)


def _settings(seen: _Books | None, keep: _Books | None) -> tuple[LedgerSettings, bool]:
    """The ledger settings, and whether they came from the cache."""
    if seen is not None and seen.settings is not None:
        return seen.settings, True
    settings = ledger_settings()
    if keep is not None:
        keep.settings = settings
    return settings, False


def _periods(
    days: list[date], seen: _Books | None, keep: _Books | None, actor: Actor | None
) -> tuple[Periods, bool]:
    """The fiscal periods, covering every day (a year no period covers is created)."""
    periods = seen.periods if seen is not None else None
    if periods is not None and all(periods.find(day) for day in days):
        return periods, True
    periods = Periods.load()
    for day in days:
        if periods.find(day) is None:
            period_for(day, actor=actor)  # creates the fiscal year
            periods = Periods.load()
    if keep is not None:
        keep.periods = periods
    return periods, False


def _by_code(
    codes: set[str],
    known: dict[str, V],
    load: Callable[[set[str]], dict[str, V]],
    keep: dict[str, V] | None,
) -> tuple[dict[str, V], bool]:
    """The rows of these codes, from the cache or loaded (codes not found are never cached), and
    whether any came from the cache."""
    found = {code: known[code] for code in codes if code in known}
    hit = bool(found)
    if len(found) < len(codes):
        loaded = load(codes - found.keys())
        found.update(loaded)
        if keep is not None:
            keep.update(loaded)
    return found, hit


def _rates(
    currencies: list[str], days: list[date], seen: _Books | None, keep: _Books | None
) -> tuple[dict[str, History], bool]:
    """Each currency's rate history: the whole of it when it is kept, else the rates of `days`."""
    rates: dict[str, History] = {}
    hit = False
    for currency in currencies:
        history = seen.rates.get(currency) if seen is not None else None
        if history is not None:
            hit = True
        elif keep is not None:
            history = _rate_history(currency)  # kept: the whole history, one query
            keep.rates[currency] = history
        else:
            history = _rates_on(currency, days)
        rates[currency] = history
    return rates, hit


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
