"""The dates a schedule falls on: month ends, February 29, intervals, end dates."""

from datetime import date

from recurring.schedule import Schedule


def test_monthly_on_the_31st_falls_on_each_months_last_day():
    plan = Schedule(frequency="monthly", start=date(2027, 1, 1), day=31)
    assert plan.upcoming(4) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_the_30th_is_february_29_in_a_leap_year_and_the_30th_after():
    plan = Schedule(frequency="monthly", start=date(2028, 1, 30), day=30)
    assert plan.upcoming(3) == [date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)]


def test_yearly_from_february_29_falls_on_the_28th_until_the_next_leap_year():
    plan = Schedule(frequency="yearly", start=date(2028, 2, 29))
    assert plan.upcoming(5) == [
        date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29),
    ]  # fmt: skip


def test_a_day_before_the_start_begins_the_next_month():
    plan = Schedule(frequency="monthly", start=date(2026, 1, 15), day=1)
    assert plan.upcoming(2) == [date(2026, 2, 1), date(2026, 3, 1)]


def test_quarterly_and_every_two_weeks():
    quarterly = Schedule(frequency="quarterly", start=date(2026, 1, 31), day=31)
    assert quarterly.upcoming(4) == [
        date(2026, 1, 31),
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
    ]
    fortnight = Schedule(frequency="weekly", start=date(2026, 1, 5), interval=2)
    assert fortnight.upcoming(3) == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]


def test_the_end_date_is_the_last_possible_date():
    plan = Schedule(frequency="monthly", start=date(2026, 1, 1), end=date(2026, 3, 1))
    assert list(plan.dates()) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert plan.first(after=date(2026, 3, 1)) is None


def test_due_dates_include_both_ends():
    plan = Schedule(frequency="monthly", start=date(2026, 1, 1))
    assert plan.due(date(2026, 2, 1), date(2026, 4, 1)) == [
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]


def test_a_weekly_schedule_ends_at_the_calendars_end():
    plan = Schedule(frequency="weekly", start=date(9999, 12, 1))
    assert plan.upcoming(10)[-1] == date(9999, 12, 29)
