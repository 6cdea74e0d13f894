"""Summary pages: list, detail with charts, exports, and the reporting-rate page.

Officials see their unit, reviewers their district and its units, admins everything;
editors and the public are refused (403, or the login page). Another scope's summary
answers 404: its data never shows."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from portal.accounts.roles import Role, RoleRequiredMixin
from portal.pagination import UncountedPaginator

from . import exports
from .forms import PeriodForm, SummaryFilterForm
from .narrative import period_label
from .selectors import counting, reading


class SummaryAccessMixin(RoleRequiredMixin):
    required_roles = (Role.OFFICIAL, Role.REVIEWER)


class SummaryListView(SummaryAccessMixin, ListView):
    template_name = "initiatives/summary_list.html"
    context_object_name = "summaries"
    paginate_by = 30
    paginator_class = UncountedPaginator  # no COUNT(*) over every summary per page

    def get_queryset(self):
        self.form = SummaryFilterForm(self.request.GET or None)
        qs = reading.summaries_visible_to(self.request.user)
        if self.form.is_valid():
            if kind := self.form.cleaned_data["period_kind"]:
                qs = qs.filter(period_kind=kind)
            if scope := self.form.cleaned_data["scope_kind"]:
                qs = qs.filter(scope_kind=scope)
        # The order of the index summary_list_order: a page is an index range scan.
        return qs.defer("figures").order_by("-period_start", "scope_kind", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class SummaryDetailView(SummaryAccessMixin, DetailView):
    template_name = "initiatives/summary_detail.html"
    context_object_name = "summary"

    def get_queryset(self):
        return reading.summaries_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        history = reading.summary_history(self.object)
        return super().get_context_data(
            rate_chart=reading.rate_chart(history),
            progress_chart=reading.progress_chart(self.object),
            counts=self.object.figures.get("counts", {}),
            narrative=self.object.narrative,
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


class ReportingRateView(SummaryAccessMixin, TemplateView):
    """Expected, filed, on time, overdue per unit for one week or month, counted live."""

    template_name = "initiatives/reporting_rate.html"

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        kind, start, end = form.period()
        units = reading.reporting_rate_units(self.request.user)
        rows = []
        if units is not None:
            rows = list(
                counting.reporting_rates(
                    units=units.select_related("parent"),
                    period_start=start,
                    period_end=end,
                    as_of=timezone.now(),
                )
            )
            # The units' initiatives are the scope's: its totals are the rows' sums (each
            # clamp of the counting rules adds up), not a second count.
            totals = {name: sum(getattr(u, name) for u in rows) for name in counting.COUNT_FIELDS}
        else:
            totals = dict.fromkeys(counting.COUNT_FIELDS, 0)
        totals["rate"] = counting.rate_percent(totals["filed"], totals["expected"])
        return super().get_context_data(
            form=form,
            rows=rows,
            totals=totals,
            period_label=period_label(kind, start, end),
            **kwargs,
        )
