"""Admin for reports: reviewers see their district's reports, read-only, with the history
diff, filter them by district and unit, and approve many at once through the same service
as the browser. Every view, simple-history's included, sees only ``get_queryset``'s
reports (``reports_visible_to``, the portal's own rule)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from portal.accounts.roles import district_of
from portal.errors import WorkflowError
from portal.i18n import join_messages, labelled

from ..catalog.models import Initiative
from ..places.models import DISTRICT_KINDS, UNIT_KINDS, Region
from ..places.tree import in_district
from .models import IndicatorValue, ProgressReport, ReportPhoto
from .selectors import reports_visible_to
from .services.workflow import report_approve


class DistrictFilter(admin.SimpleListFilter):
    """The districts whose units have initiatives (a reviewer's own district only)."""

    title = gettext_lazy("区县")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        districts = Region.objects.filter(
            kind__in=DISTRICT_KINDS,
            pk__in=Initiative.objects.filter(region__kind__in=UNIT_KINDS).values("region__parent"),
        )
        if not request.user.is_superuser:
            own = district_of(request.user)
            districts = districts.filter(pk=own.pk if own else None)
        return [(d.pk, d.name) for d in districts.order_by("path")]

    def queryset(self, request, queryset):
        district = Region.objects.filter(pk=_id(self.value()), kind__in=DISTRICT_KINDS).first()
        if district is None:
            return queryset
        return queryset.filter(in_district(district, "initiative__region__path"))


class UnitFilter(admin.SimpleListFilter):
    """The units of the chosen district, or of the reviewer's own; an admin who has not
    chosen a district sees no list (the national tree has 41,000 units: search instead)."""

    title = gettext_lazy("单位")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        district_id = _id(request.GET.get(DistrictFilter.parameter_name))
        if not request.user.is_superuser:
            own = district_of(request.user)
            district_id = own.pk if own else None
        district = Region.objects.filter(pk=district_id).first() if district_id else None
        if district is None:
            # No list to choose from, but a unit already chosen (a link) stays applied.
            chosen = Region.objects.filter(pk=_id(self.value()), kind__in=UNIT_KINDS)
            return [(u.pk, u.name) for u in chosen]
        units = Region.objects.filter(
            in_district(district), kind__in=UNIT_KINDS, initiatives__isnull=False
        ).distinct()
        return [(u.pk, u.name) for u in units.order_by("name")]

    def queryset(self, request, queryset):
        unit_id = _id(self.value())
        return queryset if unit_id is None else queryset.filter(initiative__region_id=unit_id)


def _id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
    """The photo through the portal's permission-checked view (the private storage has no
    URL of its own)."""

    model = ReportPhoto
    fields = ("preview", "caption", "position", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("照片"))
    def preview(self, obj):
        if obj.pk is None:
            return "—"
        args = [obj.report_id, obj.pk]
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" '
            'style="max-width:160px;max-height:120px"></a>',
            reverse("initiatives:report_photo", args=args),
            reverse("initiatives:report_photo_thumbnail", args=args),
            obj.caption,
        )


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
        "reviewer",
    )
    list_filter = ("status", DistrictFilter, UnitFilter, "initiative__family", "period_start")
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

    @admin.display(description=gettext_lazy("审核人"), ordering="reviewed_by__last_name")
    def reviewer(self, obj):
        user = obj.reviewed_by
        return (user.get_full_name() or user.username) if user else "—"

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

    def has_change_history_permission(self, request, obj=None):
        return False

    def _visible_or_404(self, request, object_id) -> None:
        """simple-history's views load the report and its historical rows by id, without
        ``get_queryset``: a report the user may not read (another district's, a draft, a
        deleted one) looks here exactly as one that does not exist."""
        if not self.get_queryset(request).filter(pk=_id(unquote(object_id))).exists():
            raise Http404(_("没有找到这份报告。"))

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version is read, never saved back: saving it would revert the report
        (status, reviewer, approval time) around the workflow's services. Not even an
        admin reverts here."""
        self._visible_or_404(request, object_id)
        if request.method != "GET":
            raise PermissionDenied(_("报告的历史版本只能查看，不能恢复。"))
        return super().history_form_view(request, object_id, version_id, extra_context)

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
