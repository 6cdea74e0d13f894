"""The outbox."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.text import NOTIFICATION_BODY_MAX, text_limit


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    """An in-portal notice, emailed by a task. Written in the same transaction as the
    action it reports, so a broker that is down loses nothing: ``emailed_at`` stays empty
    and the periodic sweep sends it later. ``key`` makes repeated reminders idempotent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("去重键"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True, **text_limit(NOTIFICATION_BODY_MAX))
    url = models.CharField(_("链接"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    # Each notification's email fails on its own: attempts, the last error and when to try
    # again are kept; after EMAIL_MAX_ATTEMPTS it is failed until an admin retries it.
    email_status = models.CharField(
        _("邮件状态"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    email_last_error = models.CharField(_("最近一次错误"), max_length=500, blank=True)
    email_next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_unique_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "email_next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return self.title
