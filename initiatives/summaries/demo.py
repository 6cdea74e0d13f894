"""Demo summaries built from the demo reports: the last few weeks and months, oldest
first so that each shows its change since the one before. Idempotent (upserts)."""

import datetime as dt

from django.utils import timezone

from ..reporting.periods import previous_period
from .models import PeriodKind
from .services.building import summaries_build_period

WEEKS = 6
MONTHS = 3


def load(places: dict, *, now: dt.datetime) -> None:
    """The last complete weeks and months before ``now``, built as of ``now``."""
    today = timezone.localdate(now)
    for kind, count in ((PeriodKind.WEEK, WEEKS), (PeriodKind.MONTH, MONTHS)):
        starts = []
        day = today
        for _ in range(count):
            start, _end = previous_period(kind, day)
            starts.append(start)
            day = start
        for start in reversed(starts):
            summaries_build_period(period_kind=kind, period_start=start, as_of=now)
