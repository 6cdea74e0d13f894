"""Admin for initiative families and initiatives with their indicators and milestones.
Every changelist joins what its columns show (no query per row)."""

from django.contrib import admin

from portal.forms import SlugFromNameForm

from .models import Indicator, Initiative, InitiativeFamily, Milestone
from .selectors import initiatives_visible_to


class InitiativeFamilyForm(SlugFromNameForm):
    class Meta:
        model = InitiativeFamily
        fields = ("parent", "name", "slug", "description")


@admin.register(InitiativeFamily)
class InitiativeFamilyAdmin(admin.ModelAdmin):
    form = InitiativeFamilyForm
    list_display = ("name", "parent", "slug")
    list_select_related = ("parent",)
    list_filter = ("parent",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("parent",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("position", "name", "planned_date", "actual_date")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = (
        "position",
        "name",
        "unit",
        "baseline",
        "target",
        "direction",
        "measure",
        "decimals",
        "allow_negative",
    )


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    inlines = [IndicatorInline, MilestoneInline]
    list_display = (
        "title",
        "region",
        "family",
        "status",
        "frequency",
        "lead",
        "start_date",
        "target_date",
    )
    list_select_related = ("region", "family", "lead")
    list_filter = ("status", "frequency", "family", "region__kind")
    search_fields = ("title", "region__name", "family__name", "lead__name")
    autocomplete_fields = ("region", "family", "lead")
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=initiatives_visible_to(request.user).values("pk"))
