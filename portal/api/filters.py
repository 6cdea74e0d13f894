"""The API's list filters: unit code, district code, period (a month), status, family."""

import datetime as dt

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from initiatives.places.models import Region
from initiatives.places.tree import in_district
from initiatives.reporting.models import ReportStatus


def month_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """``YYYY-MM`` -> its first day and the first day of the next month, or None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following


class ReportFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(
        field_name="initiative__region__code", label=_("单位的统计用区划代码（12 位）")
    )
    district = django_filters.CharFilter(method="in_district", label=_("区县的统计用区划代码"))
    period = django_filters.CharFilter(
        method="overlapping_month",
        label=_("报告周期与之重叠的月份（YYYY-MM）"),
        validators=[
            RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份应写成 YYYY-MM，例如 2026-10。"))
        ],
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("状态"))
    family = django_filters.CharFilter(
        field_name="initiative__family__slug", label=_("工作类别（网址名）")
    )

    def in_district(self, queryset, name, value):
        district = Region.objects.filter(code=value).first()
        if district is None:
            return queryset.none()
        return queryset.filter(in_district(district, "initiative__region__path"))

    def overlapping_month(self, queryset, name, value):
        bounds = month_bounds(value)
        if bounds is None:
            return queryset.none()
        first, following = bounds
        return queryset.filter(period_start__lt=following, period_end__gte=first)
