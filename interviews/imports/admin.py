from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import ImportJob, ImportRecord
from .selectors import RULE_LABELS


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ("filename", "status", "encoding", "article", "created_by", "created_at")
    list_filter = ("status", "encoding")
    list_select_related = ("article", "created_by")
    search_fields = ("filename", "content_hash", "article__headline")
    date_hierarchy = "created_at"
    # The record is evidence of what the importer did: it is read, not edited.
    readonly_fields = (
        "filename",
        "encoding",
        "content_hash",
        "raw_text",
        "cleaned_text",
        "changes_by_rule",
        "extracted",
        "article",
        "created_by",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": ("filename", "status", "article", "created_by", "created_at")}),
        (_("原文"), {"fields": ("encoding", "content_hash", "raw_text")}),
        (_("清理与提取"), {"fields": ("cleaned_text", "changes_by_rule", "extracted")}),
    )

    @admin.display(description=_("清理改动"))
    def changes_by_rule(self, obj):
        """Every change of the cleanup under its rule's label (the rule codes are the
        importer's, not the editor's)."""
        groups: dict[str, list[dict]] = {}
        for change in obj.changes or []:
            groups.setdefault(change.get("rule", ""), []).append(change)
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>（{}）<ul>{}</ul></li>",
                (
                    (
                        RULE_LABELS.get(rule, rule),
                        len(items),
                        format_html_join(
                            "",
                            "<li>{} → {}</li>",
                            (
                                (c.get("before_excerpt", ""), c.get("after_excerpt", ""))
                                for c in items
                            ),
                        ),
                    )
                    for rule, items in groups.items()
                ),
            ),
        )

    def has_add_permission(self, request):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Large uploads the worker parses; read only (the bytes are not shown)."""

    list_display = ("filename", "status", "outcome", "size", "created_by", "created_at")
    list_filter = ("status", "outcome")
    list_select_related = ("created_by",)
    search_fields = ("filename",)
    exclude = ("data",)
    readonly_fields = (
        "filename",
        "size",
        "status",
        "outcome",
        "message",
        "record",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
