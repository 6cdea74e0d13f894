"""Admin for reports: reviewers see their district's reports, read-only, with the history
diff, and approve many at once through the same service as the browser."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from portal.errors import WorkflowError
from portal.i18n import join_messages, labelled

from .models import IndicatorValue, ProgressReport, ReportPhoto
from .selectors import reports_visible_to
from .services.workflow import report_approve

READ_ONLY = (
    "initiative",
    "period_start",
    "period_end",
    "due_date",
    "status",
    "narrative",
    "review_comment",
    "return_count",
    "created_by",
    "created_at",
    "updated_at",
    "submitted_at",
    "last_submitted_at",
    "reviewed_by",
    "approved_at",
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IndicatorValueInline(_ReadOnlyInline):
    model = IndicatorValue
    fields = ("indicator", "value", "note")
    readonly_fields = fields


class ReportPhotoInline(_ReadOnlyInline):
    model = ReportPhoto
    fields = ("image", "caption", "position", "uploaded_at")
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    """Every field is read-only: a report changes only through the reporting services
    (the action below, or the portal's pages), so that its history stays meaningful."""

    list_display = (
        "initiative",
        "unit",
        "period_start",
        "period_end",
        "status",
        "last_submitted_at",
        "reviewed_by",
    )
    list_filter = ("status", "initiative__family", "period_start")
    list_select_related = ("initiative__region", "reviewed_by")
    search_fields = ("initiative__title", "initiative__region__name", "narrative")
    date_hierarchy = "period_start"
    readonly_fields = READ_ONLY
    inlines = (IndicatorValueInline, ReportPhotoInline)
    actions = ("approve_selected",)
    history_list_display = ("status", "review_comment")

    @admin.display(description=gettext_lazy("单位"), ordering="initiative__region__name")
    def unit(self, obj):
        return obj.initiative.region

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=reports_visible_to(request.user).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def revert_disabled(self, request, obj=None):
        return True

    @admin.action(description=gettext_lazy("批量通过"), permissions=("change",))
    def approve_selected(self, request, queryset):
        approved, skipped = 0, []
        for report in queryset.select_related("initiative__region"):
            try:
                report_approve(report=report, by=request.user)
            except (WorkflowError, PermissionDenied) as exc:
                skipped.append(labelled(report, exc))
            else:
                approved += 1
        self.message_user(request, _("已通过 %(n)d 份报告。") % {"n": approved}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("跳过 %(n)d 份：%(list)s") % {"n": len(skipped), "list": join_messages(skipped)},
                messages.WARNING,
            )
