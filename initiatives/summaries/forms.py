"""Forms of the summary pages: filters and the reporting-rate page's period."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ..reporting.periods import last_complete_period, period_bounds
from .models import PeriodKind, ScopeKind


class SummaryFilterForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("周期"), required=False, choices=[("", _("全部")), *PeriodKind.choices]
    )
    scope_kind = forms.ChoiceField(
        label=_("范围"), required=False, choices=[("", _("全部")), *ScopeKind.choices]
    )


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
