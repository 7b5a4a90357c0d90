"""The dates a schedule falls on: pure date arithmetic, no database.

Monthly, quarterly and yearly schedules fall on `day` of the month; a day the month lacks falls
on its last day (31 is every month's last day, 30 is February's 28th or 29th). Weekly schedules
fall on the start date's weekday. `interval` repeats every n weeks, months, quarters or years.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

WEEKLY, MONTHLY, QUARTERLY, YEARLY = "weekly", "monthly", "quarterly", "yearly"
MONTHS = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}


@dataclass(frozen=True)
class Schedule:
    frequency: str
    start: date
    end: date | None = None
    day: int | None = None  # day of the month (1-31); the start date's day when None
    interval: int = 1

    def dates(self, after: date | None = None) -> Iterator[date]:
        """The schedule's dates in order, from the start (or after `after`) to the end date."""
        for day in self._all():
            if self.end is not None and day > self.end:
                return
            if after is None or day > after:
                yield day

    def first(self, after: date | None = None) -> date | None:
        return next(self.dates(after), None)

    def upcoming(self, count: int, after: date | None = None) -> list[date]:
        found: list[date] = []
        for day in self.dates(after):
            if len(found) == count:
                break
            found.append(day)
        return found

    def due(self, start_at: date, through: date) -> list[date]:
        """The dates from `start_at` through `through`, both included."""
        found = []
        for day in self.dates(start_at - timedelta(days=1)):
            if day > through:
                break
            found.append(day)
        return found

    def _all(self) -> Iterator[date]:
        if self.frequency == WEEKLY:
            step = timedelta(weeks=self.interval)
            day = self.start
            while True:
                yield day
                if day > date.max - step:
                    return
                day += step
        months = MONTHS[self.frequency] * self.interval
        wanted = self.day or self.start.day
        n = 0
        while True:
            index = self.start.year * 12 + self.start.month - 1 + n * months
            year, month = divmod(index, 12)
            if year > date.max.year:
                return
            last = calendar.monthrange(year, month + 1)[1]
            day = date(year, month + 1, min(wanted, last))
            if day >= self.start:
                yield day
            n += 1
