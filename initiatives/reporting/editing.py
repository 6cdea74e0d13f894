"""The report form page: its forms, every error on its own field, and what was typed kept
across a reload.

An error from a form and one from the services (``WorkflowError.fields``: what a
submission still lacks) are shown the same way: on the field, marked, with its message, and
listed once at the top with a link to the field. When a save fails, what was typed is kept
in the session (photos aside: browsers never keep a chosen file), so that reloading the
page, or coming back to it later, shows it again with its errors until it is saved or
discarded."""

from dataclasses import dataclass, field

from django.http import QueryDict

from ..catalog.models import Indicator, Milestone
from .forms import (
    ExistingPhotoFormSet,
    IndicatorValueFormSet,
    MilestoneProgressFormSet,
    NewPhotoFormSet,
    ReportForm,
)
from .models import MilestoneProgressState, ProgressReport
from .services.entries import (
    NARRATIVE_FIELD,
    incomplete,
    milestone_date_field,
    milestone_field,
    value_field,
)
from .services.workflow import report_version

STASH_KEY = "report-form:{pk}"
# Posted names never kept: the CSRF token and the button.
UNKEPT = {"csrfmiddlewaretoken", "action"}


@dataclass
class ValueRow:
    indicator: Indicator
    form: object
    errors: list[str] = field(default_factory=list)
    note_errors: list[str] = field(default_factory=list)


@dataclass
class MilestoneRow:
    milestone: Milestone
    form: object
    state_errors: list[str] = field(default_factory=list)
    date_errors: list[str] = field(default_factory=list)
    note_errors: list[str] = field(default_factory=list)


@dataclass
class FormError:
    """One line of the list at the top: the field's label, its message, a link to it."""

    anchor: str
    label: str
    message: str


def _prefill_milestone(milestone) -> dict:
    """This report's entry, else what the latest approved report said, else the
    milestone's own completion date."""
    if milestone.this_state:
        state, date, note = milestone.this_state, milestone.this_date, milestone.this_note
    elif milestone.reported_state:
        state, date, note = milestone.reported_state, milestone.reported_date, ""
    elif milestone.actual_date:
        state, date, note = MilestoneProgressState.DONE, milestone.actual_date, ""
    else:
        state, date, note = "", None, ""
    return {"state": state, "actual_date": date, "note": note or ""}


def build_forms(report: ProgressReport, rows, milestones, photos, data=None, files=None) -> dict:
    """The page's forms, bound to ``data`` (a post, or what a failed post kept) or filled
    from the report: each value written with its indicator's precision."""
    initial_values = [
        {"value": row.format_number(row.this_value), "note": row.this_note or ""} for row in rows
    ]
    return {
        "form": ReportForm(
            data,
            initial={"narrative": report.narrative, "version": report_version(report)},
        ),
        "values": IndicatorValueFormSet(
            data, prefix="values", indicators=rows, initial=initial_values
        ),
        "milestone_forms": MilestoneProgressFormSet(
            data,
            prefix="milestones",
            milestones=milestones,
            initial=[_prefill_milestone(m) for m in milestones],
        ),
        "new_photos": NewPhotoFormSet(data, files, prefix="photos"),
        "existing_photos": ExistingPhotoFormSet(
            data,
            prefix="existing",
            initial=[{"photo_id": p.pk, "caption": p.caption} for p in photos],
        ),
    }


def missing_for_submit(report: ProgressReport, forms: dict) -> dict[str, str]:
    """When a submission fails in the form already, what it would also lack (so that every
    error shows at once): fields left empty, from what was posted."""

    def typed(form, name) -> bool:
        return bool(str(form[name].value() or "").strip())

    values = forms["values"].forms
    milestones = forms["milestone_forms"].forms
    problem = incomplete(
        report.initiative,
        narrative=str(forms["form"]["narrative"].value() or ""),
        filled={f.indicator.pk for f in values if typed(f, "value")},
        stated={f.milestone.pk for f in milestones if typed(f, "state")},
    )
    return problem.fields if problem is not None else {}


def _errors(form, name: str) -> list[str]:
    return list(form.errors.get(name, [])) if form.is_bound else []


def field_rows(forms: dict, extra: dict[str, str]) -> dict:
    """Rows for the template, each with its errors: the form's own and the services'
    (``extra``: field key -> message); and the list of every error for the top."""
    value_rows = []
    for vform in forms["values"].forms:
        pk = vform.indicator.pk
        errors = _errors(vform, "value")
        if value_field(pk) in extra:
            errors.append(extra[value_field(pk)])
        value_rows.append(ValueRow(vform.indicator, vform, errors, _errors(vform, "note")))
    milestone_rows = []
    for mform in forms["milestone_forms"].forms:
        pk = mform.milestone.pk
        state_errors = _errors(mform, "state")
        date_errors = _errors(mform, "actual_date")
        if milestone_field(pk) in extra:
            state_errors.append(extra[milestone_field(pk)])
        if milestone_date_field(pk) in extra and not date_errors:
            date_errors.append(extra[milestone_date_field(pk)])
        milestone_rows.append(
            MilestoneRow(mform.milestone, mform, state_errors, date_errors, _errors(mform, "note"))
        )
    narrative_errors = _errors(forms["form"], "narrative")
    if NARRATIVE_FIELD in extra:
        narrative_errors.append(extra[NARRATIVE_FIELD])

    listed = [
        FormError(forms["form"]["narrative"].auto_id, str(forms["form"]["narrative"].label), m)
        for m in narrative_errors
    ]
    for row in value_rows:
        listed += [FormError(row.form["value"].auto_id, row.indicator.name, m) for m in row.errors]
        listed += [
            FormError(row.form["note"].auto_id, row.indicator.name, m) for m in row.note_errors
        ]
    for row in milestone_rows:
        name = row.milestone.name
        for key, messages in (
            ("state", row.state_errors),
            ("actual_date", row.date_errors),
            ("note", row.note_errors),
        ):
            listed += [FormError(row.form[key].auto_id, name, m) for m in messages]
    for formset in (forms["new_photos"], forms["existing_photos"]):
        for pform in formset.forms:
            for key in pform.fields:
                listed += [
                    FormError(pform[key].auto_id, str(pform[key].label), m)
                    for m in _errors(pform, key)
                ]
    return {
        "value_rows": value_rows,
        "milestone_rows": milestone_rows,
        "narrative_errors": narrative_errors,
        "error_list": listed,
    }


# --- what was typed, kept across a reload ---------------------------------------------


def stash(request, report: ProgressReport, *, data, error: str, fields=None, stale=False):
    """Keep a failed post (``data``: a QueryDict, or None when only errors are to be shown)
    with its errors for the next visit of the form."""
    kept = None
    if data is not None:
        kept = {key: data.getlist(key) for key in data if key not in UNKEPT}
    request.session[STASH_KEY.format(pk=report.pk)] = {
        "data": kept,
        "error": str(error),
        "fields": dict(fields or {}),
        "stale": stale,
    }


def unstash(request, report: ProgressReport) -> dict | None:
    """What a failed post kept (its data as a QueryDict), or None."""
    kept = request.session.get(STASH_KEY.format(pk=report.pk))
    if not kept:
        return None
    data = None
    if kept.get("data") is not None:
        data = QueryDict(mutable=True)
        for key, values in kept["data"].items():
            data.setlist(key, values)
    return {**kept, "data": data}


def discard(request, report: ProgressReport) -> None:
    request.session.pop(STASH_KEY.format(pk=report.pk), None)
