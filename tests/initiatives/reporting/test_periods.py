import datetime as dt

import pytest

from initiatives.reporting.periods import due_date, period_bounds, periods_between, previous_period

pytestmark = pytest.mark.dates


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


# Awkward days: ISO week 53, weeks and quarters that cross a year, February's end.
def test_iso_week_53_crosses_the_year():
    week53 = (dt.date(2026, 12, 28), dt.date(2027, 1, 3))
    for day in (dt.date(2026, 12, 28), dt.date(2026, 12, 31), dt.date(2027, 1, 1), week53[1]):
        assert period_bounds("week", day) == week53
    assert previous_period("week", dt.date(2027, 1, 4)) == week53
    assert previous_period("week", dt.date(2026, 12, 28)) == (
        dt.date(2026, 12, 21),
        dt.date(2026, 12, 27),
    )
    assert due_date("week", week53[1]) == dt.date(2027, 1, 5)


def test_week_labels_use_the_iso_week_year():
    from initiatives.summaries.narrative import period_label

    assert period_label("week", dt.date(2026, 12, 28), dt.date(2027, 1, 3)) == (
        "2026年第53周（12月28日至1月3日）"
    )
    assert period_label("week", dt.date(2027, 1, 4), dt.date(2027, 1, 10)) == (
        "2027年第1周（1月4日至1月10日）"
    )
    # A week that starts in December can be week 1 of the next ISO year.
    assert period_label("week", dt.date(2024, 12, 30), dt.date(2025, 1, 5)) == (
        "2025年第1周（12月30日至1月5日）"
    )
    assert period_label("month", dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == "2026年12月"


def test_due_dates_at_year_end_and_in_february():
    assert due_date("month", dt.date(2026, 12, 31)) == dt.date(2027, 1, 5)
    assert due_date("quarter", dt.date(2026, 12, 31)) == dt.date(2027, 1, 10)
    assert period_bounds("month", dt.date(2027, 2, 28)) == (
        dt.date(2027, 2, 1),
        dt.date(2027, 2, 28),
    )
    assert due_date("month", dt.date(2027, 2, 28)) == dt.date(2027, 3, 5)
    assert period_bounds("month", dt.date(2028, 2, 29)) == (
        dt.date(2028, 2, 1),
        dt.date(2028, 2, 29),
    )
    assert due_date("month", dt.date(2028, 2, 29)) == dt.date(2028, 3, 5)
    assert period_bounds("week", dt.date(2028, 2, 29)) == (
        dt.date(2028, 2, 28),
        dt.date(2028, 3, 5),
    )
    assert period_bounds("quarter", dt.date(2028, 2, 29)) == (
        dt.date(2028, 1, 1),
        dt.date(2028, 3, 31),
    )
    assert previous_period("quarter", dt.date(2027, 1, 1)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )


def test_week_53_summary_counts_the_month_and_quarter_that_end_in_it():
    from initiatives.reporting.periods import reporting_periods

    periods = {(p.frequency, p.start, p.end, p.due) for p in reporting_periods(
        dt.date(2026, 12, 28), dt.date(2027, 1, 3)
    )}  # fmt: skip
    assert periods == {
        ("week", dt.date(2026, 12, 28), dt.date(2027, 1, 3), dt.date(2027, 1, 5)),
        ("month", dt.date(2026, 12, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 5)),
        ("quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 10)),
    }


def test_periods_hold_on_the_run_day(today):
    """Whatever day the suite runs as: the day is inside its period, periods tile the
    calendar without gaps, and a report is due after its period ends."""
    for frequency in ("week", "month", "quarter"):
        start, end = period_bounds(frequency, today)
        assert start <= today <= end
        before_start, before_end = previous_period(frequency, today)
        assert before_end == start - dt.timedelta(days=1)
        assert period_bounds(frequency, end + dt.timedelta(days=1))[0] == end + dt.timedelta(days=1)
        assert due_date(frequency, end) > end
        listed = list(periods_between(frequency, before_start, end))
        assert listed == [(before_start, before_end), (start, end)]
