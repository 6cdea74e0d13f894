"""Django admin for series, outlets and articles. Articles' blocks are edited inline in
their order; after every save the article's search text, revision and the public cache are
refreshed by the same service the editorial pages use. States change on the editorial
pages, where the workflow's rules apply; there too an approved article is changed by a
reviewed draft, so editors only view approved articles here (admins may change them)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import is_portal_admin

from .models import ArticleBlock, ArticleRevision, InterviewArticle, Outlet, Series
from .services.editing import article_refresh


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "launched_on"]
    list_select_related = ["city"]
    search_fields = ["title"]
    filter_horizontal = ["outlets"]
    autocomplete_fields = ["city"]


def changes_live_directly(request, article) -> bool:
    """An approved article changes without review only in an admin's hands."""
    return article is None or not article.is_live or is_portal_admin(request.user)


class ArticleBlockInline(admin.StackedInline):
    model = ArticleBlock
    extra = 0
    fields = ["position", "kind", "text", "image", "caption"]
    ordering = ["position", "pk"]

    def has_add_permission(self, request, obj=None):
        return changes_live_directly(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return changes_live_directly(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return changes_live_directly(request, obj) and super().has_delete_permission(request, obj)


class ArticleRevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ["created_at", "created_by", "note"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InterviewArticle)
class InterviewArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "series", "region", "published_at", "updated_at"]
    list_filter = ["status", "series"]
    list_select_related = ["series", "region"]
    search_fields = ["headline", "subtitle"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "status",
        "draft_state",
        "scheduled_at",
        "review_comment",
        "created_by",
        "created_at",
    ]
    filter_horizontal = ["outlets", "initiatives"]
    autocomplete_fields = ["region"]
    inlines = [ArticleBlockInline, ArticleRevisionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["headline", "subtitle", "slug", "editor_note", "series", "outlets"]}),
        (
            _("署名与来源"),
            {"fields": ["reporters", "correspondents", "byline", "published_at", "original_url"]},
        ),
        (_("受访"), {"fields": ["region", "person", "interviewee_post", "initiatives"]}),
        (
            _("流程"),
            {
                "fields": [
                    "status",
                    "draft_state",
                    "scheduled_at",
                    "review_comment",
                    "created_by",
                    "created_at",
                ]
            },
        ),
    ]

    def has_change_permission(self, request, obj=None):
        return changes_live_directly(request, obj) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_refresh(
            article=form.instance, by=request.user, note=_("后台修改") if change else _("后台创建")
        )


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "created_at", "created_by", "note"]
    list_select_related = ["article", "created_by"]
    readonly_fields = ["article", "content", "note", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
