"""What a report carries besides its narrative and photos: a value per indicator and the
progress of each milestone. Cleaned here (the same rules as the form's, so that a caller
that skips the form meets them too) and written by ``workflow.report_save``.

Each problem names its field (``value_field``, ``milestone_field``), so that the form marks
the very input it concerns."""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import WorkflowError
from portal.i18n import join_messages, join_names, join_sentences

from ...catalog.amounts import exceeds_precision
from ...catalog.models import Indicator, Initiative, Milestone
from ..models import HistoryReason, IndicatorValue, MilestoneProgress, MilestoneProgressState

NARRATIVE_FIELD = "narrative"


def value_field(indicator_id: int) -> str:
    return f"value:{indicator_id}"


def milestone_field(milestone_id: int) -> str:
    """A milestone's state."""
    return f"milestone:{milestone_id}"


def milestone_date_field(milestone_id: int) -> str:
    return f"milestone:{milestone_id}:date"


def precision_message(indicator: Indicator) -> str:
    """Why a value with too many decimals is refused (the form says the same)."""
    if indicator.precision == 0:
        return _("“%(name)s”按整数填报（%(unit)s），请不要填写小数。") % {
            "name": indicator.name,
            "unit": indicator.unit or _("个数"),
        }
    return _("“%(name)s”最多保留 %(n)d 位小数。") % {
        "name": indicator.name,
        "n": indicator.precision,
    }


def milestone_problem(state: str, actual_date: dt.date | None, today: dt.date) -> str:
    """What is wrong with a milestone's reported state and date, or ""."""
    if state == MilestoneProgressState.DONE and actual_date is None:
        return _("已完成的节点请填写完成日期。")
    if state != MilestoneProgressState.DONE and actual_date is not None:
        return _("只有“已完成”的节点才填写完成日期。")
    if actual_date is not None and actual_date > today:
        return _("完成日期不能晚于今天。")
    return ""


def _refuse(indicator: Indicator, message: str) -> WorkflowError:
    return WorkflowError(message, fields={value_field(indicator.pk): message})


def clean_values(
    initiative: Initiative, values: Mapping[int, object]
) -> tuple[dict[int, tuple[Decimal | None, str]], dict[int, Indicator]]:
    """Indicator id -> (value rounded to the indicator's precision, or None; note)."""
    indicators = {indicator.pk: indicator for indicator in initiative.indicators.all()}
    cleaned: dict[int, tuple[Decimal | None, str]] = {}
    for indicator_id, raw in values.items():
        indicator = indicators.get(int(indicator_id))
        if indicator is None:
            raise WorkflowError(_("提交的指标不属于这项重点工作，请刷新页面后重试。"))
        value, note = raw if isinstance(raw, tuple) else (raw, "")
        if value in (None, ""):
            cleaned[indicator.pk] = (None, note or "")
            continue
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            raise _refuse(indicator, _("“%(name)s”的数值应为数字。") % {"name": indicator.name})
        if not value.is_finite():
            raise _refuse(indicator, _("“%(name)s”的数值应为数字。") % {"name": indicator.name})
        if value < 0 and not indicator.allow_negative:
            raise _refuse(indicator, _("“%(name)s”不能为负数。") % {"name": indicator.name})
        if exceeds_precision(value, indicator.precision):
            raise _refuse(indicator, precision_message(indicator))
        quantum = Decimal(1).scaleb(-indicator.precision)
        cleaned[indicator.pk] = (value.quantize(quantum, rounding=ROUND_HALF_UP), note or "")
    return cleaned, indicators


def clean_milestones(
    initiative: Initiative, milestones: Mapping[int, object]
) -> dict[int, tuple[str | None, dt.date | None, str]]:
    """Milestone id -> (state or None, completion date, note)."""
    known: dict[int, Milestone] = {m.pk: m for m in initiative.milestones.all()}
    today = timezone.localdate()
    cleaned: dict[int, tuple[str | None, dt.date | None, str]] = {}
    for milestone_id, raw in milestones.items():
        milestone = known.get(int(milestone_id))
        if milestone is None:
            raise WorkflowError(_("提交的节点不属于这项重点工作，请刷新页面后重试。"))
        state, actual_date, note = raw
        state = state or None
        if state is not None and state not in MilestoneProgressState.values:
            raise WorkflowError(_("节点“%(name)s”的进展无效。") % {"name": milestone.name})
        problem = milestone_problem(state or "", actual_date, today)
        if problem:
            message = _("节点“%(name)s”：%(problem)s") % {
                "name": milestone.name,
                "problem": problem,
            }
            raise WorkflowError(message, fields={milestone_date_field(milestone.pk): problem})
        cleaned[milestone.pk] = (state, actual_date, note or "")
    return cleaned


def write_values(report, cleaned, indicators, *, by) -> set[int]:
    """Create, change or delete the report's values (each change in the value's history).
    Returns the ids of the indicators that have a value afterwards."""
    current = {value.indicator_id: value for value in report.values.all()}
    filled = set(current)
    for indicator_id, (value, note) in cleaned.items():
        row = current.get(indicator_id)
        if value is None:
            filled.discard(indicator_id)
            if row is not None:
                row._history_user = by
                row._change_reason = HistoryReason.SAVED
                row.delete()
            continue
        filled.add(indicator_id)
        if row is None:
            row = IndicatorValue(report=report, indicator_id=indicator_id, value=value, note=note)
        elif row.value == value and row.note == note:
            continue
        row.value, row.note = value, note
        try:
            # The report and the indicator are the caller's, checked already: validating
            # the keys would read each row again.
            row.full_clean(exclude=["report", "indicator"], validate_constraints=False)
        except ValidationError as exc:
            indicator = indicators[indicator_id]
            raise _refuse(
                indicator,
                _("“%(name)s”：%(error)s")
                % {"name": indicator.name, "error": join_messages(exc.messages)},
            )
        row._history_user = by
        row._change_reason = HistoryReason.SAVED
        row.save()
    return filled


def write_milestones(report, cleaned, *, by) -> set[int]:
    """Create, change or delete the report's milestone entries. Returns the ids of the
    milestones that have a state afterwards."""
    current = {row.milestone_id: row for row in report.milestone_progress.all()}
    stated = set(current)
    for milestone_id, (state, actual_date, note) in cleaned.items():
        row = current.get(milestone_id)
        if state is None:
            stated.discard(milestone_id)
            if row is not None:
                row._history_user = by
                row._change_reason = HistoryReason.SAVED
                row.delete()
            continue
        stated.add(milestone_id)
        if row is None:
            row = MilestoneProgress(report=report, milestone_id=milestone_id)
        elif (row.state, row.actual_date, row.note) == (state, actual_date, note):
            continue
        row.state, row.actual_date, row.note = state, actual_date, note
        row.full_clean(exclude=["report", "milestone"], validate_constraints=False)
        row._history_user = by
        row._change_reason = HistoryReason.SAVED
        row.save()
    return stated


def incomplete(
    initiative: Initiative, *, narrative: str, filled: set[int], stated: set[int]
) -> WorkflowError | None:
    """What a submission lacks: the narrative, a value of every indicator (``filled``: the
    ids that have one), a state of every milestone (``stated``); every missing field at
    once, or None."""
    fields: dict[str, str] = {}
    sentences = []
    if not (narrative or "").strip():
        fields[NARRATIVE_FIELD] = _("提交前请填写“工作进展”。")
        sentences.append(fields[NARRATIVE_FIELD])
    unfilled = [i for i in initiative.indicators.all() if i.pk not in filled]
    if unfilled:
        sentences.append(
            _("提交前请填写所有指标的本期数值，尚未填写：%(names)s。")
            % {"names": join_names(i.name for i in unfilled)}
        )
        fields.update({value_field(i.pk): _("提交前请填写本期数值。") for i in unfilled})
    unstated = [m for m in initiative.milestones.all() if m.pk not in stated]
    if unstated:
        sentences.append(
            _("提交前请选择每个节点的进展，尚未选择：%(names)s。")
            % {"names": join_names(m.name for m in unstated)}
        )
        fields.update({milestone_field(m.pk): _("提交前请选择这个节点的进展。") for m in unstated})
    return WorkflowError(join_sentences(sentences), fields=fields) if fields else None


def check_complete(report, *, filled: set[int] | None = None, stated: set[int] | None = None):
    """Refuse to submit a report, as saved, that lacks anything ``incomplete`` names.
    ``filled`` and ``stated``: what ``write_values`` and ``write_milestones`` returned, when
    the caller has just written them (else they are read)."""
    if filled is None:
        filled = set(report.values.values_list("indicator_id", flat=True))
    if stated is None:
        stated = set(report.milestone_progress.values_list("milestone_id", flat=True))
    problem = incomplete(
        report.initiative, narrative=report.narrative, filled=filled, stated=stated
    )
    if problem is not None:
        raise problem
