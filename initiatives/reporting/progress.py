"""Each indicator's progress against its target, computed in SQL.

``current`` is what the approved reports add up to: for an indicator that sums over
periods, baseline plus the sum of reported values; for one that takes the latest value,
the value of the latest approved period (the baseline while none is approved).
``percent`` is the share of the way from baseline to target that has been covered:
(current - baseline) / (target - baseline) * 100. The same formula serves indicators whose
direction is down (bare soil 500 m² -> target 0, now 100 m²: 80 %). It is NULL where the
target equals the baseline."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from ..catalog.models import Aggregation, Indicator
from .models import IndicatorValue, ReportStatus

AMOUNT = DecimalField(max_digits=20, decimal_places=2)


def indicators_with_progress(
    queryset: QuerySet[Indicator] | None = None,
    *,
    until: dt.date | None = None,
    statuses: Iterable[str] = (ReportStatus.APPROVED,),
) -> QuerySet[Indicator]:
    """Annotate ``current`` and ``percent`` on indicators, counting reports in ``statuses``
    whose period ends on or before ``until`` (all periods when None). One query."""
    queryset = Indicator.objects.all() if queryset is None else queryset
    values = IndicatorValue.objects.filter(
        indicator=OuterRef("pk"), report__status__in=list(statuses)
    )
    if until is not None:
        values = values.filter(report__period_end__lte=until)
    summed = values.order_by().values("indicator").annotate(total=Sum("value")).values("total")
    latest = values.order_by("-report__period_end", "-pk").values("value")[:1]
    current = Case(
        When(
            aggregation=Aggregation.SUM,
            then=F("baseline") + Coalesce(Subquery(summed, output_field=AMOUNT), Value(0, AMOUNT)),
        ),
        default=Coalesce(Subquery(latest, output_field=AMOUNT), F("baseline")),
        output_field=AMOUNT,
    )
    # In floating point: SQLite would otherwise divide integers (10 / 4000 -> 0).
    percent = ExpressionWrapper(
        Cast(F("current") - F("baseline"), FloatField())
        * Value(100.0)
        / NullIf(Cast(F("target") - F("baseline"), FloatField()), Value(0.0)),
        output_field=FloatField(),
    )
    return queryset.annotate(current=current).annotate(percent=percent)
