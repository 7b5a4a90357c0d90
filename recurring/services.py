"""Recurring entries: templates created, changed, paused and resumed; their due dates booked.

A run books each date once: the date's occurrence row is written in the transaction of its entry,
under a lock on the template, and the entry carries the idempotency key `recurring:<id>:<date>`,
so a late, repeated or concurrent run never books a date twice. A date that fails (a closed
period, an inactive account) is recorded with its error and tried again by the next run; later
dates go on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from common.errors import DomainError
from ledger.actor import Actor
from ledger.services.audit import audit_record
from ledger.services.entries import LineInput, journal_entry_create, validate
from ledger.services.reference import reference_data
from tenants.routing.db import tenant_atomic

from .errors import InvalidSchedule
from .models import Occurrence, RecurringEntry
from .schedule import Schedule

# What a caller may set (the API's serializer and the admin show the same).
FIELDS = [
    "name",
    "memo",
    "reference",
    "lines",
    "post",
    "frequency",
    "interval",
    "day",
    "start_date",
    "end_date",
]
LINE_FIELDS = ["account", "debit", "credit", "description", "tax_code", "currency"]


def idempotency_key(template_id: int, day: date) -> str:
    return f"recurring:{template_id}:{day.isoformat()}"


def _clean_lines(raw: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Keep the fields of a line the ledger takes, blanks dropped (values as given: the ledger's
    rules refuse a float amount before anything is stored)."""
    return [{k: line[k] for k in LINE_FIELDS if line.get(k) not in (None, "")} for line in raw]


def _as_text(lines: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in line.items()} for line in lines]


def _check(values: dict[str, Any], *, actor: Actor) -> None:
    """Refuse a schedule that never falls on a date and lines the ledger would refuse (on the
    first date: the ledger's own rules, but not whether its period is open)."""
    plan = Schedule(
        frequency=values["frequency"],
        start=values["start_date"],
        end=values.get("end_date"),
        day=values.get("day"),
        interval=values.get("interval") or 1,
    )
    if plan.end is not None and plan.end < plan.start:
        raise InvalidSchedule(
            "The end date is before the start date.", fields={"end_date": ["Before the start."]}
        )
    first = plan.first()
    if first is None:
        message = "The schedule falls on no date between its start and end dates."
        raise InvalidSchedule(message, fields={"end_date": [message]})
    lines = [LineInput.of(line) for line in values["lines"]]
    ref = reference_data(
        [first],
        {line.account for line in lines},
        {line.tax_code for line in lines if line.tax_code},
        {line.currency for line in lines if line.currency},
        actor=actor,
        fresh=True,
    )
    validate(first, lines, ref)


def _next_run(template: RecurringEntry) -> date | None:
    """The first date after the latest occurrence (any status), or the schedule's first."""
    latest = template.occurrences.order_by("-date").values_list("date", flat=True).first()
    return template.schedule.first(after=latest)


def recurring_create(*, actor: Actor, **values: Any) -> RecurringEntry:
    values["lines"] = _clean_lines(values.get("lines") or [])
    _check(values, actor=actor)
    values["lines"] = _as_text(values["lines"])
    with tenant_atomic():
        template = RecurringEntry(**values, created_by_id=actor.id, created_by_name=actor.name)
        template.next_run = template.schedule.first()
        template.save(force_insert=True)
        audit_record(actor=actor, action="create", obj=template, data={"name": template.name})
    return template


def recurring_update(*, template: RecurringEntry, actor: Actor, **changes: Any) -> RecurringEntry:
    """Change a template: dates already booked stay as they are; the rest follow the change."""
    if "lines" in changes:
        changes["lines"] = _clean_lines(changes["lines"] or [])
    with tenant_atomic():
        locked = RecurringEntry.objects.select_for_update().get(pk=template.pk)
        values = {name: getattr(locked, name) for name in FIELDS} | changes
        _check(values, actor=actor)
        if "lines" in changes:
            changes["lines"] = _as_text(changes["lines"])
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.next_run = _next_run(locked)
        locked.save()
        audit_record(actor=actor, action="update", obj=locked, data={"changed": sorted(changes)})
    return locked


def recurring_pause(*, template: RecurringEntry, actor: Actor) -> RecurringEntry:
    with tenant_atomic():
        locked = RecurringEntry.objects.select_for_update().get(pk=template.pk)
        locked.paused = True
        locked.save(update_fields=["paused", "updated_at"])
        audit_record(actor=actor, action="pause", obj=locked)
    return locked


def recurring_resume(*, template: RecurringEntry, actor: Actor, today: date) -> RecurringEntry:
    """Resume from the first date on or after `today`: the dates that fell while paused are
    skipped, not caught up (a failed date is still tried again)."""
    with tenant_atomic():
        locked = RecurringEntry.objects.select_for_update().get(pk=template.pk)
        locked.paused = False
        following = _next_run(locked)
        if following is not None and following < today:
            following = locked.schedule.first(after=today - timedelta(days=1))
        locked.next_run = following
        locked.save(update_fields=["paused", "next_run", "updated_at"])
        audit_record(actor=actor, action="resume", obj=locked, data={"next_run": str(following)})
    return locked


@dataclass
class RunResult:
    template: RecurringEntry
    booked: list[Occurrence] = field(default_factory=list)
    failed: list[Occurrence] = field(default_factory=list)


def recurring_run(*, template: RecurringEntry, actor: Actor, today: date) -> RunResult:
    """Book every date due through `today` not booked yet: the failed ones again, then from
    `next_run` on (all the dates missed while nothing ran), each in its own transaction."""
    result = RunResult(template)
    failed = template.occurrences.filter(status=Occurrence.Status.FAILED, date__lte=today)
    days = sorted(set(failed.values_list("date", flat=True)))
    if template.next_run is not None:
        days += template.schedule.due(template.next_run, today)
    for day in days:
        occurrence = _occur(template.pk, day, actor=actor)
        if occurrence is None:
            continue
        (result.failed if occurrence.status == Occurrence.Status.FAILED else result.booked).append(occurrence)
    template.refresh_from_db()
    return result


def recurring_run_due(*, actor: Actor, today: date) -> list[RunResult]:
    """Run every active template with a date due through `today` (or a failed one to retry)."""
    due = RecurringEntry.objects.filter(paused=False).filter(
        Q(next_run__lte=today) | Q(occurrences__status=Occurrence.Status.FAILED, occurrences__date__lte=today)
    )
    return [recurring_run(template=t, actor=actor, today=today) for t in due.distinct().order_by("id")]


def _occur(template_id: int, day: date, *, actor: Actor) -> Occurrence | None:
    """Book one date of a template, or record why it failed; None when there was nothing to do
    (another run booked it meanwhile, or the template is paused)."""
    with tenant_atomic():
        template = RecurringEntry.objects.select_for_update().get(pk=template_id)
        if template.paused:
            return None
        occurrence = Occurrence.objects.filter(template=template, date=day).first()
        if occurrence is not None and occurrence.status != Occurrence.Status.FAILED:
            return None
        if occurrence is None:
            occurrence = Occurrence(template=template, date=day, attempts=0)
        occurrence.attempts += 1
        try:
            with tenant_atomic():
                entry = journal_entry_create(
                    date=day,
                    lines=template.lines,
                    actor=actor,
                    memo=template.memo or template.name,
                    reference=template.reference,
                    post=template.post,
                    idempotency_key=idempotency_key(template.pk, day),
                )
        except DomainError as exc:
            occurrence.status = Occurrence.Status.FAILED
            occurrence.entry = None
            occurrence.error_code, occurrence.error = exc.code, exc.message
        else:
            occurrence.status = Occurrence.Status.POSTED if template.post else Occurrence.Status.DRAFT
            occurrence.entry = entry
            occurrence.error_code = occurrence.error = ""
        occurrence.save()
        if template.next_run is not None and day >= template.next_run:
            template.next_run = template.schedule.first(after=day)
            template.save(update_fields=["next_run", "updated_at"])
    return occurrence
