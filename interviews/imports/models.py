"""What the importer did with one raw file, kept for the editor to check."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.text import IMPORT_TEXT_MAX, text_limit

from ..articles.models import InterviewArticle


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACCEPTED = "accepted", _("已接受")
    DISCARDED = "discarded", _("已放弃")


class ImportRecord(models.Model):
    """One raw file turned into a draft: the raw text, what the cleanup changed, and what
    was extracted, so the editor can check before accepting."""

    filename = models.CharField(_("文件名"), max_length=255)
    encoding = models.CharField(_("编码"), max_length=32, blank=True)
    content_hash = models.CharField(_("内容指纹"), max_length=64, unique=True)
    raw_text = models.TextField(_("原文"), **text_limit(IMPORT_TEXT_MAX))
    cleaned_text = models.TextField(_("清理后文本"), blank=True, **text_limit(IMPORT_TEXT_MAX))
    changes = models.JSONField(_("清理记录"), default=list, blank=True)
    extracted = models.JSONField(_("提取结果"), default=dict, blank=True)
    article = models.OneToOneField(
        InterviewArticle,
        verbose_name=_("草稿文章"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_record",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.status == ImportStatus.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == ImportStatus.ACCEPTED

    @property
    def is_discarded(self) -> bool:
        return self.status == ImportStatus.DISCARDED


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    """A large upload waiting for the worker: the file's bytes are kept in the database
    (not on one host's disk) until the task ``interviews.run_import_job`` has parsed
    them, within its time limit; then the outcome (and the record made) is kept."""

    filename = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("文件内容"))
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    outcome = models.CharField(_("结果"), max_length=16, blank=True)
    message = models.TextField(_("说明"), blank=True)
    record = models.ForeignKey(
        ImportRecord,
        verbose_name=_("导入记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def is_failed(self) -> bool:
        """Not imported: the worker failed, or the importer refused the file."""
        return self.status == ImportJobStatus.FAILED or self.outcome == "rejected"
