"""Admin for summaries: read-only (summaries are built, never typed), with a rebuild; each
user sees the summaries the summary pages show them."""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role, has_role

from .models import Summary
from .selectors.reading import summaries_visible_to
from .services.building import summaries_rebuild


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    list_display = (
        "scope_name",
        "scope_kind",
        "period_kind",
        "period_start",
        "expected",
        "filed",
        "on_time",
        "approved",
        "returned",
        "overdue",
        "built_at",
    )
    list_filter = ("scope_kind", "period_kind", "period_start")
    search_fields = ("region__name", "family__name")
    date_hierarchy = "period_start"
    list_select_related = ("region", "family")
    actions = ["rebuild"]
    fields = (
        "scope_kind",
        "region",
        "family",
        "period_kind",
        "period_start",
        "period_end",
        ("expected", "filed", "on_time", "approved", "returned", "overdue"),
        "narrative",
        "figures_pretty",
        "built_at",
    )
    readonly_fields = fields[:6] + (
        "expected",
        "filed",
        "on_time",
        "approved",
        "returned",
        "overdue",
        "narrative",
        "figures_pretty",
        "built_at",
    )

    @admin.display(description=_("范围名称"))
    def scope_name(self, obj):
        return obj.region or obj.family

    @admin.display(description=_("综述"))
    def narrative(self, obj):
        return obj.narrative

    @admin.display(description=_("明细"))
    def figures_pretty(self, obj):
        return format_html(
            "<pre style='white-space:pre-wrap'>{}</pre>",
            json.dumps(obj.figures, ensure_ascii=False, indent=2),
        )

    def get_queryset(self, request):
        """The summaries the summary pages show the user (``summaries_visible_to``)."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=summaries_visible_to(request.user).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_rebuild_permission(self, request):
        return has_role(request.user, Role.ADMIN)

    @admin.action(description=_("重新生成"), permissions=["rebuild"])
    def rebuild(self, request, queryset):
        count = summaries_rebuild(summaries=queryset.select_related("region", "family"))
        self.message_user(request, _("已重新生成 %(n)d 份汇总。") % {"n": count}, messages.SUCCESS)
