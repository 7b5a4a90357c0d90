"""Fiscal years and periods: created on demand, closed and reopened, and the year-end close."""

from __future__ import annotations

import calendar
from contextlib import suppress
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from events import types as event_types
from events.outbox import emit
from ledger.actor import Actor
from ledger.errors import FiscalYearClosed, FiscalYearExists, InvalidDate, LedgerNotSeeded, PeriodClosed
from ledger.models import FiscalPeriod, FiscalYear, LedgerSettings
from tenants.routing.context import current_alias
from tenants.routing.db import tenant_atomic

from .audit import audit_record


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ledger_settings() -> LedgerSettings:
    found = LedgerSettings.objects.select_related("base_currency").filter(pk=1).first()
    if found is None:
        raise LedgerNotSeeded()
    return found


def fiscal_year_bounds(day: date, start_month: int) -> tuple[date, date]:
    start_year = day.year if day.month >= start_month else day.year - 1
    start = date(start_year, start_month, 1)
    return start, _add_months(start, 12) - timedelta(days=1)


def fiscal_year_create(*, start: date, actor: Actor) -> FiscalYear:
    """Create a fiscal year of twelve monthly periods from `start` (the first of a month)."""
    alias = current_alias()
    end = _add_months(start, 12) - timedelta(days=1)
    with transaction.atomic(using=alias):
        year = FiscalYear.objects.create(start_date=start, end_date=end)
        FiscalPeriod.objects.bulk_create(
            FiscalPeriod(
                fiscal_year=year,
                number=n + 1,
                start_date=_add_months(start, n),
                end_date=_add_months(start, n + 1) - timedelta(days=1),
            )
            for n in range(12)
        )
        audit_record(actor=actor, action="create", obj=year, data={"start": start.isoformat()})
    return year


# A fiscal year must be able to end (and the next one to start) inside Python's date range.
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)


def period_for(day: date, *, actor: Actor | None = None) -> FiscalPeriod:
    """The period containing `day`, creating its fiscal year on first use."""
    if not (EARLIEST <= day <= LATEST):
        raise InvalidDate(
            f"{day} is outside the dates the books take ({EARLIEST} to {LATEST}).",
            fields={"date": [f"Use a date from {EARLIEST} to {LATEST}."]},
        )
    period = (
        FiscalPeriod.objects.select_related("fiscal_year")
        .filter(start_date__lte=day, end_date__gte=day)
        .first()
    )
    if period is not None:
        return period
    start, _ = fiscal_year_bounds(day, ledger_settings().fiscal_year_start_month)
    # Created concurrently, or overlapping an irregular year: either way, look again.
    with suppress(IntegrityError):
        fiscal_year_create(start=start, actor=actor or Actor.system())
    period = (
        FiscalPeriod.objects.select_related("fiscal_year")
        .filter(start_date__lte=day, end_date__gte=day)
        .first()
    )
    if period is None:
        raise PeriodClosed(f"No fiscal period covers {day}.")
    return period


def fiscal_year_open(*, day: date, actor: Actor) -> FiscalYear:
    """Create, ahead of its first entry, the fiscal year that `day` falls in (at the company's
    start month), so its periods can be seen and closed; FiscalYearExists when it is there."""
    period_check = FiscalPeriod.objects.filter(start_date__lte=day, end_date__gte=day).first()
    if period_check is not None:
        raise FiscalYearExists(
            f"{day} is already in {period_check.fiscal_year}.", fields={"date": ["Taken."]}
        )
    if not (EARLIEST <= day <= LATEST):
        raise InvalidDate(f"{day} is outside the dates the books take ({EARLIEST} to {LATEST}).")
    start, end = fiscal_year_bounds(day, ledger_settings().fiscal_year_start_month)
    if FiscalYear.objects.filter(start_date__lte=end, end_date__gte=start).exists():
        raise FiscalYearExists(f"A fiscal year from {start} to {end} would overlap an existing one.")
    try:
        return fiscal_year_create(start=start, actor=actor)
    except IntegrityError:  # made by a concurrent request or posting
        raise FiscalYearExists(f"{day} is already in a fiscal year.") from None


def period_close(*, period: FiscalPeriod, actor: Actor) -> FiscalPeriod:
    """Close a period: nothing can be posted into it until an owner reopens it."""
    with tenant_atomic():
        locked = FiscalPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.status != FiscalPeriod.Status.CLOSED:
            locked.status = FiscalPeriod.Status.CLOSED
            locked.save(update_fields=["status"])
            audit_record(actor=actor, action="close", obj=locked, data={"period": str(locked)})
            emit(event_types.PERIOD_CLOSED, _period_payload(locked))
    return locked


def period_reopen(*, period: FiscalPeriod, actor: Actor, reason: str = "") -> FiscalPeriod:
    """Reopen a closed period (an owner's action, audited with its reason)."""
    with tenant_atomic():
        locked = FiscalPeriod.objects.select_for_update().select_related("fiscal_year").get(pk=period.pk)
        if locked.fiscal_year.status == FiscalYear.Status.CLOSED:
            raise FiscalYearClosed(f"{locked.fiscal_year} is closed; reopen the year first.")
        if locked.status != FiscalPeriod.Status.OPEN:
            locked.status = FiscalPeriod.Status.OPEN
            locked.save(update_fields=["status"])
            audit_record(
                actor=actor, action="reopen", obj=locked, data={"period": str(locked), "reason": reason}
            )
            emit(event_types.PERIOD_REOPENED, {**_period_payload(locked), "reason": reason})
    return locked


def fiscal_year_reopen(*, year: FiscalYear, actor: Actor, reason: str = "") -> FiscalYear:
    with tenant_atomic():
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        if locked.status != FiscalYear.Status.OPEN:
            locked.status = FiscalYear.Status.OPEN
            locked.closed_at = None
            locked.save(update_fields=["status", "closed_at"])
            audit_record(actor=actor, action="reopen", obj=locked, data={"reason": reason})
            emit(event_types.FISCAL_YEAR_REOPENED, {**_year_payload(locked), "reason": reason})
    return locked


def mark_year_closed(*, year: FiscalYear, actor: Actor) -> None:
    FiscalPeriod.objects.filter(fiscal_year=year).update(status=FiscalPeriod.Status.CLOSED)
    year.status = FiscalYear.Status.CLOSED
    year.closed_at = timezone.now()
    year.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="close", obj=year, data={"year": str(year)})
    emit(event_types.FISCAL_YEAR_CLOSED, _year_payload(year))


def _year_payload(year: FiscalYear) -> dict[str, object]:
    return {"id": year.pk, "start": year.start_date.isoformat(), "end": year.end_date.isoformat()}


def _period_payload(period: FiscalPeriod) -> dict[str, object]:
    return {"id": period.pk, "fiscal_year": period.fiscal_year_id, "number": period.number,
            "start": period.start_date.isoformat(), "end": period.end_date.isoformat()}  # fmt: skip
