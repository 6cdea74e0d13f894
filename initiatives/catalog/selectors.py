"""Reads of the catalogue."""

import datetime as dt

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import InitiativeFamily, Milestone


class MilestoneState(models.TextChoices):
    DONE = "done", _("已完成")
    LATE = "late", _("已逾期")
    DUE = "due", _("未到期")
    OPEN = "open", _("未定日期")


def milestone_state(milestone: Milestone, today: dt.date) -> MilestoneState:
    """Done (an actual date), late (planned date passed, not done), due (planned, not yet),
    open (no planned date)."""
    if milestone.actual_date:
        return MilestoneState.DONE
    if milestone.planned_date is None:
        return MilestoneState.OPEN
    return MilestoneState.LATE if milestone.planned_date < today else MilestoneState.DUE


def top_families() -> QuerySet[InitiativeFamily]:
    return InitiativeFamily.objects.filter(parent__isnull=True)
