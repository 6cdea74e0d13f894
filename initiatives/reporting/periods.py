"""Reporting periods: their bounds and due dates. One definition, used by the reporting
loop, reminders and summaries.

A report for a period is due ``DUE_AFTER_DAYS[frequency]`` days after the period ends. A
report is *expected* in a summary period when its reporting period ends inside it; it is
*filed* once first submitted, *on time* when that was on or before its due date, and
*overdue* when it is not filed and its due date has passed. *Outstanding* is every overdue
report of the last ``OUTSTANDING_LOOKBACK_DAYS`` (``outstanding_periods``): the official's
list of what is overdue and the summaries' 累计逾期未报 count the same slots.

A slot (an initiative owes a report for a period) exists when the initiative's frequency
is the period's, it started on or before the period's end, and it has no target date or
the period starts on or before it (``owes``; the summaries count the same rule in SQL)."""

import datetime as dt
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from ..catalog.models import Frequency

DUE_AFTER_DAYS = {Frequency.WEEK: 2, Frequency.MONTH: 5, Frequency.QUARTER: 10}
# How far back an unfiled report still counts as outstanding (the official's list of what
# is overdue, the summaries' 累计逾期未报).
OUTSTANDING_LOOKBACK_DAYS = 366


def period_bounds(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period of ``frequency`` (week, month, quarter; a summary's period kind, week or
    month, is spelt the same) that contains ``day``. Weeks run Monday to Sunday."""
    if frequency == Frequency.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if frequency == Frequency.MONTH:
        return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])
    if frequency == Frequency.QUARTER:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = dt.date(day.year, first_month, 1)
        last_month = first_month + 2
        return start, dt.date(day.year, last_month, monthrange(day.year, last_month)[1])
    raise ValueError(f"unknown frequency {frequency!r}")


def previous_period(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The whole period before the one containing ``day``."""
    start, _ = period_bounds(frequency, day)
    return period_bounds(frequency, start - dt.timedelta(days=1))


def due_date(frequency: str, period_end: dt.date) -> dt.date:
    return period_end + dt.timedelta(days=DUE_AFTER_DAYS[frequency])


def periods_between(
    frequency: str, first: dt.date, last: dt.date
) -> Iterator[tuple[dt.date, dt.date]]:
    """Every period of ``frequency`` that overlaps [first, last], in order."""
    start, end = period_bounds(frequency, first)
    while start <= last:
        yield start, end
        start, end = period_bounds(frequency, end + dt.timedelta(days=1))


def last_complete_period(frequency: str, today: dt.date | None = None) -> dt.date:
    """The start of the last period of ``frequency`` that has ended before today."""
    today = today or timezone.localdate()
    start, _end = previous_period(frequency, today)
    return start


@dataclass(frozen=True)
class ReportingPeriod:
    """One period of an initiative's frequency, and when its report is due."""

    frequency: str
    start: dt.date
    end: dt.date
    due: dt.date


def reporting_periods(period_start: dt.date, period_end: dt.date) -> list[ReportingPeriod]:
    """The reporting periods (of every frequency) that end inside [start, end]: the
    per-frequency constant of the summary maths. A week holds one weekly period and, when
    a month or quarter ends in it, that one too; a month holds its 4 or 5 weekly periods
    (those whose Sunday falls in it), itself, and its quarter when it is a quarter's last."""
    periods = []
    for frequency in Frequency.values:
        for start, end in periods_between(frequency, period_start, period_end):
            if period_start <= end <= period_end:
                periods.append(ReportingPeriod(frequency, start, end, due_date(frequency, end)))
    return periods


def outstanding_periods(today: dt.date) -> list[ReportingPeriod]:
    """The reporting periods whose unfiled reports are outstanding on ``today``: they end
    within ``OUTSTANDING_LOOKBACK_DAYS`` before it and their due date has passed."""
    first = today - dt.timedelta(days=OUTSTANDING_LOOKBACK_DAYS)
    return [p for p in reporting_periods(first, today) if p.due < today]


def owes(initiative, period_start: dt.date, period_end: dt.date) -> bool:
    """Whether ``initiative`` owes a report for the period of its frequency that runs
    from ``period_start`` to ``period_end`` (see the module's docstring)."""
    return initiative.start_date <= period_end and (
        initiative.target_date is None or period_start <= initiative.target_date
    )
