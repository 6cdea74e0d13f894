"""Summaries through the API: those the token's user may see (an official: their unit's;
a reviewer: their district's and its units'; an admin: all), as JSON, and each as the
same CSV the summary page exports."""

from django.core.validators import RegexValidator
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from initiatives.summaries import exports
from initiatives.summaries.models import PeriodKind, ScopeKind, Summary
from initiatives.summaries.narrative import period_label
from initiatives.summaries.selectors import reading

from .filters import month_bounds
from .pagination import ApiCursorPagination
from .reports import UnitRefSerializer


class SummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scope_kind = serializers.ChoiceField(choices=ScopeKind.choices)
    region = UnitRefSerializer(allow_null=True)
    family = serializers.CharField(source="family.slug", allow_null=True, default=None)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    period_label = serializers.SerializerMethodField()
    expected = serializers.IntegerField()
    filed = serializers.IntegerField()
    on_time = serializers.IntegerField()
    approved = serializers.IntegerField()
    returned = serializers.IntegerField()
    overdue = serializers.IntegerField()
    built_at = serializers.DateTimeField()

    def get_period_label(self, summary) -> str:
        return str(period_label(summary.period_kind, summary.period_start, summary.period_end))


class SummaryDetailSerializer(SummarySerializer):
    narrative = serializers.SerializerMethodField(help_text="In the caller's language.")
    figures = serializers.JSONField(help_text="Everything the build counted (its own schema).")

    def get_narrative(self, summary) -> str:
        return summary.narrative


class SummaryFilter(filters.FilterSet):
    scope = filters.ChoiceFilter(field_name="scope_kind", choices=ScopeKind.choices)
    period_kind = filters.ChoiceFilter(choices=PeriodKind.choices)
    unit = filters.CharFilter(field_name="region__code", label=_("单位的统计用区划代码（12 位）"))
    family = filters.CharFilter(field_name="family__slug", label=_("工作类别（网址名）"))
    period = filters.CharFilter(
        method="overlapping_month",
        label=_("报告周期与之重叠的月份（YYYY-MM）"),
        validators=[
            RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份应写成 YYYY-MM，例如 2026-10。"))
        ],
    )

    def overlapping_month(self, queryset, name, value):
        first, following = month_bounds(value)
        return queryset.filter(period_start__lt=following, period_end__gte=first)


class SummaryPagination(ApiCursorPagination):
    ordering = ("-period_start", "-pk")


class SummaryListView(generics.ListAPIView):
    """The summaries the caller may see, newest period first."""

    serializer_class = SummarySerializer
    pagination_class = SummaryPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = SummaryFilter

    def get_queryset(self):
        return reading.summaries_visible_to(self.request.user).order_by("-period_start", "-pk")


def _summary_or_404(request, pk) -> Summary:
    summary = reading.summaries_visible_to(request.user).filter(pk=pk).first()
    if summary is None:
        raise exceptions.NotFound(_("没有找到这份汇总。"))
    return summary


class SummaryDetailView(APIView):
    @extend_schema(responses=SummaryDetailSerializer)
    def get(self, request, pk: int):
        return Response(SummaryDetailSerializer(_summary_or_404(request, pk)).data)


class CsvRenderer(JSONRenderer):
    """Lets ``Accept: text/csv`` through content negotiation; the view answers the file
    itself, and an error still goes out as its problem JSON."""

    media_type = "text/csv"
    format = "csv"


class SummaryCsvView(APIView):
    """The summary as CSV (UTF-8 with BOM, text cells made inert for spreadsheets)."""

    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")}
    )
    def get(self, request, pk: int):
        summary = _summary_or_404(request, pk)
        content, content_type = exports.summary_csv(summary)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = exports.content_disposition(summary, "csv")
        return response
