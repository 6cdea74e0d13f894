"""Reads of the catalogue."""

import datetime as dt

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role, district_of, unit_of, user_roles

from ..places.tree import in_district
from .models import Initiative, InitiativeFamily, Milestone


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """The initiatives whose reports ``user`` works with: their unit's (official), their
    district's units' (reviewer), all (admin), none otherwise. What admin lists."""
    roles = user_roles(user)
    if Role.ADMIN in roles:
        return Initiative.objects.all()
    visible = Q(pk__in=[])
    if Role.OFFICIAL in roles and (unit := unit_of(user)) is not None:
        visible |= Q(region=unit)
    if Role.REVIEWER in roles and (district := district_of(user)) is not None:
        visible |= in_district(district, "region__path")
    return Initiative.objects.filter(visible)


class MilestoneState(models.TextChoices):
    DONE = "done", _("已完成")
    LATE = "late", _("已逾期")
    PROGRESS = "progress", _("进行中")
    DUE = "due", _("未到期")
    OPEN = "open", _("未定日期")


def milestone_state(
    milestone: Milestone,
    today: dt.date,
    *,
    done_on: dt.date | None = None,
    started: bool = False,
) -> MilestoneState:
    """Done (an actual date: the milestone's own, or ``done_on`` as reported), late (planned
    date passed, not done), in progress (``started``: reported under way, not late), due
    (planned, not yet), open (no planned date)."""
    if milestone.actual_date or done_on:
        return MilestoneState.DONE
    if milestone.planned_date is not None and milestone.planned_date < today:
        return MilestoneState.LATE
    if started:
        return MilestoneState.PROGRESS
    return MilestoneState.OPEN if milestone.planned_date is None else MilestoneState.DUE


def top_families() -> QuerySet[InitiativeFamily]:
    return InitiativeFamily.objects.filter(parent__isnull=True)
