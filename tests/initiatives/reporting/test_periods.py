import datetime as dt

from initiatives.reporting.periods import due_date, period_bounds, periods_between, previous_period


def test_weeks_run_monday_to_sunday():
    assert period_bounds("week", dt.date(2026, 11, 21)) == (
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 22),
    )


def test_months_and_quarters_and_leap_february():
    assert period_bounds("month", dt.date(2024, 2, 10)) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
    )
    assert period_bounds("quarter", dt.date(2026, 11, 21)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )


def test_previous_period_and_due_dates():
    assert previous_period("month", dt.date(2026, 1, 15)) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 31),
    )
    assert due_date("month", dt.date(2026, 10, 31)) == dt.date(2026, 11, 5)
    assert due_date("week", dt.date(2026, 11, 22)) == dt.date(2026, 11, 24)


def test_periods_between_covers_the_range():
    months = list(periods_between("month", dt.date(2026, 1, 15), dt.date(2026, 3, 1)))
    assert [start.month for start, _ in months] == [1, 2, 3]
