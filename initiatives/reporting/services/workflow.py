"""The report workflow: create, save, submit, return, approve (what a report carries is
cleaned in ``entries``).

Every service takes keyword arguments only, runs in one transaction, checks the acting
user's object permission (``reporting/rules.py``), then locks the report row with
``select_for_update`` and checks its state on the locked row: of two reviewers acting at
once, the second sees the first one's decision and gets a clear message. Each write
records who did it and why in the report's history (django-simple-history), which the
report page shows as its timeline."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.roles import Role
from portal.errors import StaleReportError, WorkflowError
from portal.i18n import join_sentences
from portal.notifications import keys
from portal.notifications.services import notification_create
from portal.queue import enqueue_debounced_on_commit
from portal.text import COMMENT_MAX, NARRATIVE_MAX

from ...catalog.models import Initiative, InitiativeStatus
from ...places.tree import containing_ids
from ..models import HistoryReason, ProgressReport, ReportPhoto, ReportStatus
from ..periods import due_date, period_bounds
from . import entries
from .photos import PHOTO_MAX_COUNT, photo_clean, photo_files_removed_on_failure, photo_store


def report_version(report: ProgressReport) -> str:
    """What the edit form carries to detect a save made by someone else in between: the
    row's last update time, in microseconds."""
    return str(int(report.updated_at.timestamp() * 1_000_000))


def _require(user, perm: str, obj) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("您无权处理这份报告。"))


def _lock(report: ProgressReport, *, entries: bool = False) -> ProgressReport:
    """The report's row, locked. ``entries``: with its initiative's indicators and
    milestones, which the changes are checked against (read once for the whole save)."""
    locked = ProgressReport.objects.select_for_update(of=("self",)).select_related(
        "initiative__region", "reviewed_by"
    )
    if entries:
        locked = locked.prefetch_related("initiative__indicators", "initiative__milestones")
    return locked.get(pk=report.pk)


def _save(report: ProgressReport, *, by, reason: str, fields: list[str]) -> None:
    # What this save writes is validated; the other fields were valid when the row was
    # read, and the database holds the constraints (validating them all read the row's
    # initiative and its siblings again on every save).
    written = {*fields, "updated_at"}
    report.full_clean(
        exclude=[f.name for f in report._meta.concrete_fields if f.name not in written]
    )
    report._history_user = by
    report._change_reason = reason
    report.save(update_fields=[*fields, "updated_at"])


def _check_length(text: str, *, limit: int, field: str, label: str) -> None:
    """Too long a text is refused with its field named (finding 9 of issue 10)."""
    if len(text or "") > limit:
        message = _("%(label)s最多 %(limit)d 个字，现在有 %(n)d 个字，请精简后再保存。") % {
            "label": label,
            "limit": limit,
            "n": len(text),
        }
        raise WorkflowError(message, fields={field: message})


def _who(user) -> str:
    if user is None:
        return _("他人")
    return user.get_full_name() or user.username


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def not_editable_error(report: ProgressReport) -> WorkflowError:
    if report.is_approved:
        return WorkflowError(_("这份报告已通过审核并锁定，不能再修改。"))
    return WorkflowError(_("这份报告已提交审核，在审核人退回之前不能修改。"))


def _not_reviewable(report: ProgressReport) -> WorkflowError:
    if report.is_approved:
        return WorkflowError(
            _("这份报告已由%(who)s于%(when)s审核通过，无需再处理。")
            % {"who": _who(report.reviewed_by), "when": _when(report.approved_at)}
        )
    if report.is_returned:
        return WorkflowError(
            _("这份报告已由%(who)s退回给填报单位，等待重新提交，现在不能审核。")
            % {"who": _who(report.reviewed_by)}
        )
    return WorkflowError(_("这份报告还是草稿，尚未提交审核。"))


def _district_reviewers(report: ProgressReport):
    """The reviewers whose district the report's unit lies in."""
    return get_user_model().objects.filter(
        is_active=True,
        groups__name=Role.REVIEWER,
        profile__district_id__in=containing_ids(report.initiative.region.path),
    )


def _unit_officials(report: ProgressReport):
    return get_user_model().objects.filter(
        is_active=True, groups__name=Role.OFFICIAL, profile__unit_id=report.initiative.region_id
    )


def _notify(recipients, *, key: str, title: str, body: str, report: ProgressReport) -> None:
    for user in recipients:
        notification_create(
            recipient=user, key=key, title=title, body=body, url=report.get_absolute_url()
        )


@transaction.atomic
def report_create(*, initiative: Initiative, period_start: dt.date, by) -> ProgressReport:
    """A draft report for the period of ``initiative`` that contains ``period_start``."""
    _require(by, "initiatives.file_report", initiative)
    start, end = period_bounds(initiative.frequency, period_start)
    if initiative.status != InitiativeStatus.ACTIVE:
        raise WorkflowError(
            _("重点工作“%(title)s”当前不在进行中，不能填报。") % {"title": initiative.title}
        )
    if start > timezone.localdate():
        raise WorkflowError(_("这个报告周期还没有开始，不能提前填报。"))
    if initiative.target_date and start > initiative.target_date or end < initiative.start_date:
        raise WorkflowError(_("这个报告周期不在该重点工作的起止时间之内。"))
    duplicate = WorkflowError(
        _("重点工作“%(title)s”在%(start)s至%(end)s的报告已经存在，请打开已有的报告继续填写。")
        % {
            "title": initiative.title,
            "start": date_format(start, "DATE_FORMAT"),
            "end": date_format(end, "DATE_FORMAT"),
        }
    )
    if ProgressReport.objects.filter(initiative=initiative, period_start=start).exists():
        raise duplicate
    report = ProgressReport(
        initiative=initiative,
        period_start=start,
        period_end=end,
        due_date=due_date(initiative.frequency, end),
        created_by=by,
    )
    report.full_clean(validate_constraints=False)
    report._history_user = by
    report._change_reason = HistoryReason.CREATED
    try:
        # Two officials clicking at once: the constraint decides, the loser reads why.
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise duplicate
    return report


def _apply_changes(
    report: ProgressReport,
    *,
    by,
    narrative: str,
    values: Mapping[int, object],
    milestones: Mapping[int, object] | None = None,
    new_photos: Sequence[tuple[UploadedFile, str]] = (),
    photo_captions: Mapping[int, str] | None = None,
    delete_photos: Iterable[int] = (),
    expected_version: str | None = None,
) -> tuple[ProgressReport, set[int], set[int]]:
    """Lock the report, check it may change, write values, milestones and photos and set
    the narrative on the locked row, which the caller saves with its reason. Returns the
    locked row and the ids of the indicators and milestones it now has entries for."""
    _require(by, "initiatives.edit_report", report)
    locked = _lock(report, entries=True)
    if not locked.is_editable:
        raise not_editable_error(locked)
    if expected_version is not None and expected_version != report_version(locked):
        last = locked.history.select_related("history_user").first()
        raise StaleReportError(
            _(
                "这份报告已被%(who)s于%(when)s修改，您这次的修改没有保存。"
                "您填写的内容仍在下方，请核对后再次保存（将覆盖对方的修改）。"
            )
            % {"who": _who(last.history_user if last else None), "when": _when(locked.updated_at)}
        )
    _check_length(narrative, limit=NARRATIVE_MAX, field="narrative", label=_("工作进展"))
    cleaned, indicators = entries.clean_values(locked.initiative, values)
    cleaned_milestones = entries.clean_milestones(locked.initiative, milestones or {})
    existing_photos = {photo.pk: photo for photo in locked.photos.all()}
    delete_ids = {int(pk) for pk in delete_photos}
    captions = {int(pk): caption for pk, caption in (photo_captions or {}).items()}
    if not (delete_ids | set(captions)) <= set(existing_photos):
        raise WorkflowError(_("要修改的照片不属于这份报告，请刷新页面后重试。"))
    cleaned_photos = []
    for upload, caption in new_photos:
        try:
            cleaned_photos.append(photo_clean(upload))
        except ValidationError as exc:
            raise WorkflowError(exc.messages[0])
        if len(caption or "") > 200:
            raise WorkflowError(_("照片说明最多 200 个字。"))
    if any(len(caption or "") > 200 for caption in captions.values()):
        raise WorkflowError(_("照片说明最多 200 个字。"))
    if len(existing_photos) - len(delete_ids) + len(new_photos) > PHOTO_MAX_COUNT:
        raise WorkflowError(_("每份报告最多上传 %(n)d 张照片。") % {"n": PHOTO_MAX_COUNT})

    filled = entries.write_values(locked, cleaned, indicators, by=by)
    stated = entries.write_milestones(locked, cleaned_milestones, by=by)

    for pk in delete_ids:
        photo = existing_photos[pk]
        photo.delete()
        # The files go only once the removal is committed.
        for name in (photo.image.name, photo.thumbnail.name):
            if name:
                transaction.on_commit(
                    lambda name=name, storage=photo.image.storage: storage.delete(name)
                )
    for pk, caption in captions.items():
        photo = existing_photos[pk]
        if pk not in delete_ids and photo.caption != caption:
            photo.caption = caption
            photo.full_clean()
            photo.save(update_fields=["caption"])
    next_position = max((p.position for p in existing_photos.values()), default=0) + 1
    for offset, ((_upload, caption), cleaned_photo) in enumerate(
        zip(new_photos, cleaned_photos, strict=True)
    ):
        photo = ReportPhoto(report=locked, caption=caption or "", position=next_position + offset)
        photo_store(photo, cleaned_photo)
        photo.full_clean()
        photo.save()

    locked.narrative = narrative
    return locked, filled, stated


@photo_files_removed_on_failure()
@transaction.atomic
def report_save(*, report: ProgressReport, by, **changes) -> ProgressReport:
    """Save a draft or a returned report: ``narrative``, ``values`` (a value, or value and
    note, per indicator id; None or "" clears it), ``milestones`` ((state, completion
    date, note) per milestone id; no state clears it), ``new_photos`` with captions,
    ``photo_captions`` changes and ``delete_photos``. ``expected_version`` (from
    ``report_version``) refuses a save when someone else saved in between."""
    locked, _filled, _stated = _apply_changes(report, by=by, **changes)
    _save(locked, by=by, reason=HistoryReason.SAVED, fields=["narrative"])
    return locked


def _refresh_summaries(report: ProgressReport) -> None:
    """Queue, after commit, the refresh of the summaries this report counts in (its unit's
    week and month in which its period ends, and their district's and city's), debounced
    per unit and period: pages show the change within seconds, not after the weekly build."""
    unit_id = report.initiative.region_id
    day = report.period_end.isoformat()
    enqueue_debounced_on_commit(
        "initiatives.refresh_unit_summaries",
        unit_id,
        day,
        key=f"summaries:{unit_id}:{day}",
        delay=settings.SUMMARY_REFRESH_DELAY,
    )


def _submit_locked(
    locked: ProgressReport, *, by, fields: Sequence[str] = (), filled=None, stated=None
) -> ProgressReport:
    """Submit a locked, editable report; ``fields`` are further fields changed on it, saved
    in the same history record; ``filled`` and ``stated`` what was just written of its
    values and milestones (``entries.check_complete``)."""
    entries.check_complete(locked, filled=filled, stated=stated)
    resubmitting = locked.is_returned
    now = timezone.now()
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at = locked.submitted_at or now
    locked.last_submitted_at = now
    _save(
        locked,
        by=by,
        reason=HistoryReason.RESUBMITTED if resubmitting else HistoryReason.SUBMITTED,
        fields=[*fields, "status", "submitted_at", "last_submitted_at"],
    )
    _refresh_summaries(locked)
    unit = locked.initiative.region.name
    _notify(
        _district_reviewers(locked),
        key=keys.report_submitted(locked.pk, locked.return_count),
        title=(
            _("%(unit)s重新提交了报告：%(report)s")
            if resubmitting
            else _("%(unit)s提交了报告：%(report)s")
        )
        % {"unit": unit, "report": locked},
        body=_("请审核%(unit)s“%(title)s”%(start)s至%(end)s的进度报告。")
        % {
            "unit": unit,
            "title": locked.initiative.title,
            "start": date_format(locked.period_start, "DATE_FORMAT"),
            "end": date_format(locked.period_end, "DATE_FORMAT"),
        },
        report=locked,
    )
    return locked


@transaction.atomic
def report_submit(*, report: ProgressReport, by) -> ProgressReport:
    """Send a draft or returned report, as saved, to the district's reviewers."""
    _require(by, "initiatives.edit_report", report)
    locked = _lock(report)
    if not locked.is_editable:
        raise not_editable_error(locked)
    return _submit_locked(locked, by=by)


@transaction.atomic
def report_return(*, report: ProgressReport, by, comment: str) -> ProgressReport:
    """Send a submitted report back to its unit with the reviewer's comment."""
    _require(by, "initiatives.review_report", report)
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("退回报告时必须填写审核意见，说明需要修改的地方。"))
    _check_length(comment, limit=COMMENT_MAX, field="comment", label=_("审核意见"))
    locked = _lock(report)
    if not locked.is_submitted:
        raise _not_reviewable(locked)
    locked.status = ReportStatus.RETURNED
    locked.review_comment = comment
    locked.return_count += 1
    locked.reviewed_by = by
    _save(
        locked,
        by=by,
        reason=HistoryReason.RETURNED,
        fields=["status", "review_comment", "return_count", "reviewed_by"],
    )
    _refresh_summaries(locked)
    _notify(
        _unit_officials(locked),
        key=keys.report_returned(locked.pk, locked.return_count),
        title=_("报告被退回：%(report)s") % {"report": locked},
        body=_("审核意见：%(comment)s") % {"comment": comment},
        report=locked,
    )
    return locked


@transaction.atomic
def report_approve(*, report: ProgressReport, by, comment: str = "") -> ProgressReport:
    """Approve a submitted report, with the reviewer's comment if any; it is locked from
    then on. ``review_comment`` holds the latest decision's comment: the approval's (or
    none), while an earlier return keeps its comment in its own history record."""
    _require(by, "initiatives.review_report", report)
    comment = (comment or "").strip()
    _check_length(comment, limit=COMMENT_MAX, field="comment", label=_("审核意见"))
    locked = _lock(report)
    if not locked.is_submitted:
        raise _not_reviewable(locked)
    locked.status = ReportStatus.APPROVED
    locked.approved_at = timezone.now()
    locked.reviewed_by = by
    locked.review_comment = comment
    _save(
        locked,
        by=by,
        reason=HistoryReason.APPROVED,
        fields=["status", "approved_at", "reviewed_by", "review_comment"],
    )
    _refresh_summaries(locked)
    body = _("%(who)s已审核通过这份报告。") % {"who": _who(by)}
    if comment:
        body = join_sentences([body, _("审核意见：%(comment)s") % {"comment": comment}])
    _notify(
        _unit_officials(locked),
        key=keys.report_approved(locked.pk),
        title=_("报告已通过审核：%(report)s") % {"report": locked},
        body=body,
        report=locked,
    )
    return locked


@photo_files_removed_on_failure()
@transaction.atomic
def report_save_and_submit(*, report: ProgressReport, by, **changes) -> ProgressReport:
    """The edit form's "提交审核" button: save what was typed and submit, all or nothing
    (a report that cannot be submitted keeps its previous saved state). One step, so one
    history record ("提交审核"), not a "保存草稿" beside it."""
    locked, filled, stated = _apply_changes(report, by=by, **changes)
    return _submit_locked(locked, by=by, fields=["narrative"], filled=filled, stated=stated)
