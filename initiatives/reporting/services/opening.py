"""The daily opening of each period's drafts."""

import datetime as dt

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ...catalog.models import Initiative, InitiativeStatus
from ..models import HistoryReason, ProgressReport
from ..periods import due_date, period_bounds


@transaction.atomic
def reports_open_due(*, today: dt.date) -> int:
    """Create the draft of the current period for every active initiative that has none.
    Idempotent: a second run (or a race with an official) creates nothing more. Returns the
    number of drafts created."""
    initiatives = list(
        Initiative.objects.filter(status=InitiativeStatus.ACTIVE, start_date__lte=today).only(
            "pk", "frequency", "start_date", "target_date"
        )
    )
    wanted: dict[tuple[int, dt.date], ProgressReport] = {}
    for initiative in initiatives:
        start, end = period_bounds(initiative.frequency, today)
        if initiative.target_date and start > initiative.target_date:
            continue
        wanted[(initiative.pk, start)] = ProgressReport(
            initiative_id=initiative.pk,
            period_start=start,
            period_end=end,
            due_date=due_date(initiative.frequency, end),
        )
    if not wanted:
        return 0
    existing = set(
        ProgressReport.objects.filter(
            initiative_id__in={key[0] for key in wanted},
            period_start__in={key[1] for key in wanted},
        ).values_list("initiative_id", "period_start")
    )
    missing = [report for key, report in wanted.items() if key not in existing]
    if missing:
        bulk_create_with_history(
            missing,
            ProgressReport,
            ignore_conflicts=True,
            default_change_reason=HistoryReason.OPENED,
        )
    return len(missing)
