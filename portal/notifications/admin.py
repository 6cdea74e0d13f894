from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .services import notifications_retry_email


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Admins see each email's state (failed ones with their last error) and retry them."""

    list_display = (
        "title",
        "recipient",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "email_next_attempt_at",
        "email_last_error",
        "emailed_at",
    )
    list_filter = ("email_status", "read_at", "emailed_at")
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username", "email_last_error")
    readonly_fields = (
        "created_at",
        "email_status",
        "email_attempts",
        "email_last_error",
        "email_next_attempt_at",
        "emailed_at",
    )
    actions = ("retry_email",)

    @admin.action(description=_("重新发送邮件"), permissions=("change",))
    def retry_email(self, request, queryset):
        count = notifications_retry_email(notifications=queryset)
        self.message_user(
            request, _("已安排重新发送 %(n)d 条通知的邮件。") % {"n": count}, messages.SUCCESS
        )
