"""Summary pages: list, detail with charts, exports, and the reporting-rate page.

Officials see their unit, reviewers their district and its units, admins everything;
editors and the public are refused (403, or the login page). Another scope's summary
answers 404: its data never shows."""

import datetime as dt

from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from portal.roles import Role, RoleRequiredMixin

from .. import exports
from ..models import Initiative, PeriodKind, ScopeKind
from ..narrative import period_label, summary_text
from ..periods import period_bounds
from ..selectors import summaries as sel
from ..services.summaries import last_complete_period


class SummaryAccessMixin(RoleRequiredMixin):
    required_roles = (Role.OFFICIAL, Role.REVIEWER)


class SummaryFilterForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("周期"), required=False, choices=[("", _("全部")), *PeriodKind.choices]
    )
    scope_kind = forms.ChoiceField(
        label=_("范围"), required=False, choices=[("", _("全部")), *ScopeKind.choices]
    )


class SummaryListView(SummaryAccessMixin, ListView):
    template_name = "initiatives/summary_list.html"
    context_object_name = "summaries"
    paginate_by = 30

    def get_queryset(self):
        self.form = SummaryFilterForm(self.request.GET or None)
        qs = sel.summaries_visible_to(self.request.user)
        if self.form.is_valid():
            if kind := self.form.cleaned_data["period_kind"]:
                qs = qs.filter(period_kind=kind)
            if scope := self.form.cleaned_data["scope_kind"]:
                qs = qs.filter(scope_kind=scope)
        return qs.defer("figures").order_by("-period_start", "scope_kind", "region__path", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class SummaryDetailView(SummaryAccessMixin, DetailView):
    template_name = "initiatives/summary_detail.html"
    context_object_name = "summary"

    def get_queryset(self):
        return sel.summaries_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        history = sel.summary_history(self.object)
        return super().get_context_data(
            rate_chart=sel.rate_chart(history),
            progress_chart=sel.progress_chart(self.object),
            counts=self.object.figures.get("counts", {}),
            narrative=summary_text(self.object.figures) or self.object.narrative,
            period_label=period_label(
                self.object.period_kind, self.object.period_start, self.object.period_end
            ),
            **kwargs,
        )


class SummaryExportView(SummaryDetailView):
    """The summary as a file offices circulate: XLSX, DOCX or CSV."""

    def render_to_response(self, context, **response_kwargs):
        fmt = self.kwargs["fmt"]
        content, content_type = exports.EXPORTERS[fmt](self.object)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = exports.content_disposition(self.object, fmt)
        return response


class PeriodForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("周期"), choices=PeriodKind.choices, required=False)
    date = forms.DateField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效的日期，格式如 2026-10-08。")},
    )

    def period(self) -> tuple[str, dt.date, dt.date]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        kind = data.get("period_kind") or PeriodKind.WEEK
        day = data.get("date") or last_complete_period(kind)
        start, end = period_bounds(kind, day)
        return kind, start, end


class ReportingRateView(SummaryAccessMixin, TemplateView):
    """Expected, filed, on time, overdue per unit for one week or month, counted live."""

    template_name = "initiatives/reporting_rate.html"

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        kind, start, end = form.period()
        units = sel.reporting_rate_units(self.request.user)
        rows = []
        if units is not None:
            rows = list(
                sel.reporting_rates(
                    units=units.select_related("parent"),
                    period_start=start,
                    period_end=end,
                    as_of=timezone.now(),
                )
            )
            totals = sel.reporting_totals(
                initiatives=Initiative.objects.filter(region__in=units),
                period_start=start,
                period_end=end,
                as_of=timezone.now(),
            )
        else:
            totals = dict.fromkeys(sel.COUNT_FIELDS, 0)
        totals["rate"] = sel.rate_percent(totals["filed"], totals["expected"])
        return super().get_context_data(
            form=form,
            rows=rows,
            totals=totals,
            period_label=period_label(kind, start, end),
            **kwargs,
        )
