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
