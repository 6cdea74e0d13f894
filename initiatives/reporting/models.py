"""Progress reports of an initiative for a period, their indicator values, milestone
progress and photos; the reasons their history records carry."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.storage import private_storage
from portal.text import COMMENT_MAX, NARRATIVE_MAX, text_limit

from ..catalog.models import Indicator, Initiative, Milestone


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


class HistoryReason(models.TextChoices):
    """What each history record of a report was (its change reason); the report page's
    timeline shows the label."""

    CREATED = "created", _("创建报告")
    OPENED = "opened", _("系统开启本期报告")
    SAVED = "saved", _("保存草稿")
    SUBMITTED = "submitted", _("提交审核")
    RESUBMITTED = "resubmitted", _("修改后重新提交")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过")


class ProgressReport(models.Model):
    """One report per initiative and period. Status changes only through the services in
    ``reporting.services.workflow``, which lock the row first."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("重点工作"), on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    due_date = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("工作进展"), blank=True, **text_limit(NARRATIVE_MAX))
    review_comment = models.TextField(_("审核意见"), blank=True, **text_limit(COMMENT_MAX))
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["-period_start", "initiative"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period_start"], name="report_one_per_initiative_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "period_start"]),
            models.Index(fields=["period_start", "period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.period_start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:report_detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)

    @property
    def is_editable(self) -> bool:
        """A draft, or a report returned for revision: the unit may change it."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == ReportStatus.RETURNED

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED


class IndicatorValue(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("本期数值"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["report", "indicator__position", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class MilestoneProgressState(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")


class MilestoneProgress(models.Model):
    """Where a milestone stood at the end of the report's period, as the unit reports it:
    its state, and the day it was reached once done. The milestone's state on the public
    pages is that of the latest approved report (``reporting/progress.py``)."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("报告"),
        on_delete=models.CASCADE,
        related_name="milestone_progress",
    )
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("节点"), on_delete=models.PROTECT, related_name="progress"
    )
    state = models.CharField(_("进展"), max_length=16, choices=MilestoneProgressState.choices)
    actual_date = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节点进展")
        verbose_name_plural = _("节点进展")
        ordering = ["report", "milestone__position", "milestone__planned_date", "milestone"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "milestone"], name="milestone_progress_one_per_milestone"
            ),
            # A date exactly when done: the day it was reached.
            models.CheckConstraint(
                condition=Q(state=MilestoneProgressState.DONE, actual_date__isnull=False)
                | (~Q(state=MilestoneProgressState.DONE) & Q(actual_date__isnull=True)),
                name="milestone_progress_date_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone.name}: {self.get_state_display()}"

    @property
    def is_done(self) -> bool:
        return self.state == MilestoneProgressState.DONE


def report_photo_path(instance: "ReportPhoto", filename: str) -> str:
    """A random name under the report's folder (the extension from the decoded format):
    nothing in it can be guessed or tells what the photo shows."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"reports/{instance.report_id}/{secrets.token_urlsafe(24)}{extension}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="photos"
    )
    # In the private storage (no URL serves it): read through ``ReportPhotoView`` only.
    image = models.ImageField(
        _("照片"), upload_to=report_photo_path, storage=private_storage, max_length=255
    )
    thumbnail = models.ImageField(
        _("缩略图"),
        upload_to=report_photo_path,
        storage=private_storage,
        max_length=255,
        blank=True,
    )
    # From the decoded image, never from the file name.
    content_type = models.CharField(_("文件类型"), max_length=40, blank=True)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证照片")
        verbose_name_plural = _("佐证照片")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
