"""The summary's short paragraph, filled from its figures with fixed templates (no
language model): the same figures always give the same words. It is not stored: every
reader (pages, exports, the API, the digest) renders it from the stored figures in their
own language (``summary_text``, ``Summary.narrative``)."""

import datetime as dt
import functools

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext

from portal.i18n import join_clauses, join_messages, join_names, join_sentences


@functools.lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """``gettext``, kept per language and message: an export or a digest renders many
    paragraphs from the same few dozen templates, and Django's lookup through the active
    translation's catalogues cost more than the rest of the paragraph."""
    return _translated(get_language(), message)


# A unit is "behind" when its reporting rate is this many points below the scope's.
BEHIND_POINTS = 10.0
MAX_NAMED_UNITS = 3


def period_label(period_kind: str, start: dt.date, end: dt.date) -> str:
    # PeriodKind.MONTH's value: the model renders its paragraph through this module, so
    # this module does not import the models.
    if period_kind == "month":
        return _("%(year)d年%(month)d月") % {"year": start.year, "month": start.month}
    year, week, _weekday = start.isocalendar()
    return _("%(year)d年第%(week)d周（%(start)s至%(end)s）") % {
        "year": year,
        "week": week,
        "start": date_format(start, "MONTH_DAY_FORMAT"),
        "end": date_format(end, "MONTH_DAY_FORMAT"),
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _change(delta: float | None, unit: str) -> str:
    if delta is None or abs(delta) < 0.05:
        return _("与上期持平")
    if delta > 0:
        return _("较上期提高%(d).1f%(u)s") % {"d": delta, "u": unit}
    return _("较上期下降%(d).1f%(u)s") % {"d": -delta, "u": unit}


def lagging(unit: dict, counts: dict) -> bool:
    """The LAGGING rule of ``selectors.counting``: ``BEHIND_POINTS`` or more below the
    scope's rate, with a report of the period past its due date and not filed. A unit
    whose reports are not due yet is not lagging, whatever its rate."""
    return (
        unit["rate"] is not None
        and counts["rate"] is not None
        and counts["rate"] - unit["rate"] >= BEHIND_POINTS
        and unit.get("overdue", 0) > 0
    )


@functools.lru_cache(maxsize=64)
def _month_day(day: dt.date, language: str) -> str:
    """``date_format(day, "MONTH_DAY_FORMAT")`` in ``language``, made once per day and
    language: many paragraphs rendered together share the same as-of day."""
    return date_format(day, "MONTH_DAY_FORMAT")


def _outstanding(figures: dict) -> str:
    """累计逾期未报 on the as-of day (earlier periods' gaps included), or nothing."""
    outstanding = figures["counts"].get("outstanding") or 0
    if not outstanding or not figures.get("as_of"):
        return ""
    day = dt.date.fromisoformat(figures["as_of"])
    return _("截至%(day)s，累计逾期未报的进度报告%(n)d份。") % {
        "day": _month_day(day, get_language()),
        "n": outstanding,
    }


def summary_narrative(figures: dict) -> str:
    """One paragraph: what was expected and filed, who is behind and by how much, how far
    the indicators have come, what changed, and the articles published."""
    scope = figures["scope"]["name"]
    counts = figures["counts"]
    parts = []
    if counts["expected"] == 0:
        parts.append(
            _("%(period)s，%(scope)s没有应报的进度报告。")
            % {"period": figures["period"]["label"], "scope": scope}
        )
    else:
        parts.append(
            _(
                "%(period)s，%(scope)s应报进度报告%(expected)d份，已报%(filed)d份，"
                "报送率%(rate)s，其中按时报送%(on_time)d份"
            )
            % {
                "period": figures["period"]["label"],
                "scope": scope,
                "expected": counts["expected"],
                "filed": counts["filed"],
                "rate": _pct(counts["rate"]),
                "on_time": counts["on_time"],
            }
        )
        tail = []
        if counts["overdue"]:
            tail.append(_("逾期未报%(n)d份") % {"n": counts["overdue"]})
        if counts["approved"]:
            tail.append(_("已审核通过%(n)d份") % {"n": counts["approved"]})
        if counts["returned"]:
            tail.append(_("曾被退回%(n)d份") % {"n": counts["returned"]})
        sentence = join_messages([parts[-1], join_clauses(tail)])
        parts[-1] = sentence + pgettext("sentence end", "。")
    if outstanding := _outstanding(figures):
        parts.append(outstanding)

    behind = [unit for unit in figures.get("units", []) if lagging(unit, counts)]
    behind.sort(key=lambda unit: (unit["rate"], unit["name"]))
    if behind:
        named = join_names(
            _("%(name)s（%(rate)s，低%(gap).1f个百分点）")
            % {"name": u["name"], "rate": _pct(u["rate"]), "gap": counts["rate"] - u["rate"]}
            for u in behind[:MAX_NAMED_UNITS]
        )
        parts.append(
            _("报送率低于整体水平的单位：%(units)s%(more)s。")
            % {
                "units": named,
                "more": _("等%(n)d个") % {"n": len(behind)}
                if len(behind) > MAX_NAMED_UNITS
                else "",
            }
        )
    elif figures.get("units") and counts["rate"] is not None:
        parts.append(_("各单位报送率均未明显落后。"))

    if figures.get("indicator_count"):
        changes = figures.get("changes") or {}
        parts.append(
            _("%(n)d项指标平均完成目标的%(avg)s，%(change)s。")
            % {
                "n": figures["indicator_count"],
                "avg": _pct(figures["progress"]),
                "change": _change(changes.get("progress"), _("个百分点"))
                if changes
                else _("本期为首次汇总"),
            }
        )
    changes = figures.get("changes")
    if changes and changes.get("rate") is not None:
        parts.append(_("报送率%(change)s。") % {"change": _change(changes["rate"], _("个百分点"))})
    articles = figures.get("articles", {}).get("count", 0)
    if articles:
        parts.append(_("本期发布书记访谈文章%(n)d篇。") % {"n": articles})
    return join_sentences(parts)


def summary_text(figures: dict) -> str:
    """The paragraph in the active language: the period label is made again from the
    stored dates, the rest from the stored figures."""
    period = figures.get("period") or {}
    if not period.get("start"):
        return ""
    start = dt.date.fromisoformat(period["start"])
    end = dt.date.fromisoformat(period["end"])
    label = period_label(period["kind"], start, end)
    return summary_narrative({**figures, "period": {**period, "label": label}})
