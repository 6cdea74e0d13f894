"""Each indicator's progress against its target, computed in SQL, following what its values
mean (``Indicator.measure``) and which way is better (``direction``).

``achieved`` is how far the approved reports have moved the indicator from its baseline
towards its target, counted in the better direction:
- an amount per period (本期完成量): the sum of the reported values (flowers planted, or
  for a downward indicator, bare soil cleared);
- a total to date (累计完成量): the latest reported value;
- a level (期末实际水平: what remains, a rank): the latest value's distance from the
  baseline, in the better direction (bare soil 2100 -> 1470 m²: 630 achieved).
Nothing approved yet: nothing achieved.

Two statements of the same rules: ``indicators_with_progress`` annotates a queryset in SQL
(for lists that filter or order by progress), ``add_progress`` sets the same attributes on
indicators already read, from one plain query (the latest value and the sum per indicator,
by window functions) and ``progress_of``. The second is what pages of one initiative use:
the annotation nests a subquery per measure and per reference, and compiling it cost more
CPU than any other part of the report form (8 ms a request). A test holds both equal on
every measure, direction, period cut and set of statuses.

``needed`` is the way from baseline to target (2100 -> 0: 2100); ``current`` the level
reached (baseline plus achieved, or minus for a downward indicator: 1470); ``percent`` is
achieved / needed * 100 (30 %), NULL where the target equals the baseline. A downward
indicator so reads "已减少 630 / 2100 平方米 · 30%"."""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber
from django.utils.translation import gettext as _

from ..catalog.models import Direction, Indicator, Measure, Milestone
from ..catalog.selectors import MilestoneState, milestone_state
from .models import IndicatorValue, MilestoneProgress, MilestoneProgressState, ReportStatus

DONE = MilestoneProgressState.DONE

AMOUNT = DecimalField(max_digits=20, decimal_places=2)


def indicators_with_progress(
    queryset: QuerySet[Indicator] | None = None,
    *,
    until: dt.date | None = None,
    statuses: Iterable[str] = (ReportStatus.APPROVED,),
) -> QuerySet[Indicator]:
    """Annotate ``achieved``, ``needed``, ``current`` and ``percent`` on indicators, counting
    reports in ``statuses`` whose period ends on or before ``until`` (all periods when None).
    One query."""
    queryset = Indicator.objects.all() if queryset is None else queryset
    values = IndicatorValue.objects.filter(
        indicator=OuterRef("pk"), report__status__in=list(statuses)
    )
    if until is not None:
        values = values.filter(report__period_end__lte=until)
    summed = values.order_by().values("indicator").annotate(total=Sum("value")).values("total")
    latest = values.order_by("-report__period_end", "-pk").values("value")[:1]
    zero = Value(0, AMOUNT)
    upward = Q(direction=Direction.UP)
    latest_or_baseline = Coalesce(Subquery(latest, output_field=AMOUNT), F("baseline"))
    achieved = Case(
        When(measure=Measure.AMOUNT, then=Coalesce(Subquery(summed, output_field=AMOUNT), zero)),
        When(measure=Measure.TOTAL, then=Coalesce(Subquery(latest, output_field=AMOUNT), zero)),
        When(upward, then=latest_or_baseline - F("baseline")),
        default=F("baseline") - latest_or_baseline,
        output_field=AMOUNT,
    )
    needed = Case(
        When(upward, then=F("target") - F("baseline")),
        default=F("baseline") - F("target"),
        output_field=AMOUNT,
    )
    current = Case(
        When(upward, then=F("baseline") + F("achieved")),
        default=F("baseline") - F("achieved"),
        output_field=AMOUNT,
    )
    # In floating point: SQLite would otherwise divide integers (10 / 4000 -> 0).
    percent = ExpressionWrapper(
        Cast(F("achieved"), FloatField())
        * Value(100.0)
        / NullIf(Cast(F("needed"), FloatField()), Value(0.0)),
        output_field=FloatField(),
    )
    return (
        queryset.annotate(achieved=achieved)
        .annotate(needed=needed, current=current)
        .annotate(percent=percent)
    )


def progress_of(
    *, measure: str, direction: str, baseline, target, latest, total
) -> tuple[Decimal, Decimal, Decimal, float | None]:
    """(achieved, needed, current, percent) of one indicator, as
    ``indicators_with_progress`` computes them in SQL: ``latest`` is the latest counted
    value (None: none), ``total`` the sum of the counted values (None: none)."""
    baseline, target = Decimal(baseline), Decimal(target)
    upward = direction == Direction.UP
    if measure == Measure.AMOUNT:
        achieved = Decimal(total) if total is not None else Decimal(0)
    elif measure == Measure.TOTAL:
        achieved = Decimal(latest) if latest is not None else Decimal(0)
    else:
        level = Decimal(latest) if latest is not None else baseline
        achieved = level - baseline if upward else baseline - level
    needed = target - baseline if upward else baseline - target
    current = baseline + achieved if upward else baseline - achieved
    # As the SQL: both sides cast to double precision, then achieved * 100 / needed.
    percent = None if float(needed) == 0.0 else float(achieved) * 100.0 / float(needed)
    return achieved, needed, current, percent


def _latest_first(prefix: str = "") -> list:
    return [F(f"{prefix}report__period_end").desc(), F(f"{prefix}pk").desc()]


def latest_values(
    indicator_ids: Iterable[int],
    *,
    until: dt.date | None = None,
    statuses: Iterable[str] = (ReportStatus.APPROVED,),
) -> dict[int, tuple[Decimal, Decimal]]:
    """Indicator id -> (latest counted value, sum of the counted values), for the indicators
    that have one: one query, one row per indicator."""
    ids = list(indicator_ids)
    if not ids:
        return {}
    values = IndicatorValue.objects.filter(
        indicator_id__in=ids, report__status__in=list(statuses)
    ).order_by()
    if until is not None:
        values = values.filter(report__period_end__lte=until)
    rows = (
        values.annotate(
            total=Window(Sum("value"), partition_by=[F("indicator_id")]),
            rank=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=_latest_first()),
        )
        .filter(rank=1)
        .values_list("indicator_id", "value", "total")
    )
    return {indicator_id: (latest, total) for indicator_id, latest, total in rows}


def add_progress(
    indicators: Sequence[Indicator],
    *,
    until: dt.date | None = None,
    statuses: Iterable[str] = (ReportStatus.APPROVED,),
) -> Sequence[Indicator]:
    """Set ``achieved``, ``needed``, ``current`` and ``percent`` on ``indicators`` as
    ``indicators_with_progress`` annotates them. One query (none without indicators)."""
    found = latest_values((i.pk for i in indicators), until=until, statuses=statuses)
    for indicator in indicators:
        latest, total = found.get(indicator.pk, (None, None))
        indicator.achieved, indicator.needed, indicator.current, indicator.percent = progress_of(
            measure=indicator.measure,
            direction=indicator.direction,
            baseline=indicator.baseline,
            target=indicator.target,
            latest=latest,
            total=total,
        )
    return indicators


def progress_phrase(indicator: Indicator) -> str:
    """``已完成 1200 / 5700 米`` or, for a downward indicator, ``已减少 630 / 2100 平方米``:
    achieved of needed, from an indicator annotated by ``indicators_with_progress``."""
    values = {
        "done": indicator.format_number(indicator.achieved),
        "needed": indicator.format_number(indicator.needed),
        "unit": indicator.unit,
    }
    if indicator.is_downward:
        text = _("已减少 %(done)s / %(needed)s %(unit)s") % values
    else:
        text = _("已完成 %(done)s / %(needed)s %(unit)s") % values
    return text.strip()


def shows_level(indicator: Indicator) -> bool:
    """Whether the level reached says more than the progress phrase: a downward indicator
    (what remains) or one that did not start from zero."""
    return indicator.is_downward or indicator.baseline != 0


def milestones_with_progress(
    queryset: QuerySet[Milestone] | None = None,
    *,
    statuses: Iterable[str] = (ReportStatus.APPROVED,),
) -> QuerySet[Milestone]:
    """Annotate ``reported_state`` and ``reported_date`` on milestones: what the latest report
    in ``statuses`` (by period) said of each (None when none did). One query."""
    queryset = Milestone.objects.all() if queryset is None else queryset
    latest = MilestoneProgress.objects.filter(
        milestone=OuterRef("pk"), report__status__in=list(statuses)
    ).order_by("-report__period_end", "-pk")
    return queryset.annotate(
        reported_state=Subquery(latest.values("state")[:1]),
        reported_date=Subquery(latest.values("actual_date")[:1]),
    )


def add_milestone_progress(
    milestones: Sequence[Milestone], *, statuses: Iterable[str] = (ReportStatus.APPROVED,)
) -> Sequence[Milestone]:
    """Set ``reported_state`` and ``reported_date`` on ``milestones`` as
    ``milestones_with_progress`` annotates them. One query (none without milestones)."""
    ids = [m.pk for m in milestones]
    found = {}
    if ids:
        rows = (
            MilestoneProgress.objects.filter(
                milestone_id__in=ids, report__status__in=list(statuses)
            )
            .order_by()
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("milestone_id")], order_by=_latest_first())
            )
            .filter(rank=1)
            .values_list("milestone_id", "state", "actual_date")
        )
        found = {milestone_id: (state, day) for milestone_id, state, day in rows}
    for milestone in milestones:
        milestone.reported_state, milestone.reported_date = found.get(milestone.pk, (None, None))
    return milestones


def milestone_reported_state(milestone: Milestone, today: dt.date) -> MilestoneState:
    """The state the pages show for a milestone annotated by ``milestones_with_progress``."""
    done_on = milestone.reported_date if milestone.reported_state == DONE else None
    return milestone_state(
        milestone,
        today,
        done_on=done_on,
        started=milestone.reported_state == MilestoneProgressState.IN_PROGRESS,
    )


def milestone_done_on(milestone: Milestone) -> dt.date | None:
    """The day the milestone was reached: its own date, or the approved report's."""
    if milestone.actual_date:
        return milestone.actual_date
    return milestone.reported_date if milestone.reported_state == DONE else None
