from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ImportRecord


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
        "changes",
        "extracted",
        "article",
        "created_by",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": ("filename", "status", "article", "created_by", "created_at")}),
        (_("原文"), {"fields": ("encoding", "content_hash", "raw_text")}),
        (_("清理与提取"), {"fields": ("cleaned_text", "changes", "extracted")}),
    )

    def has_add_permission(self, request):
        return False
