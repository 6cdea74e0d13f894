"""Admin for places, profiles, people, appointments, initiative families and initiatives.
Every changelist joins what its columns show (no query per row)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from portal.text import unique_slug

from ..models import (
    Appointment,
    Indicator,
    Initiative,
    InitiativeFamily,
    Milestone,
    Person,
    Region,
    RegionProfile,
)
from ..resources import RegionResource
from ..services.places import FIGURE_FIELDS, check_kind, clean_figures, region_repath_descendants


class SlugFromNameForm(forms.ModelForm):
    """The slug may be left empty: it is then made from the name in pinyin."""

    slug_source = "name"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("留空则按名称自动生成拼音网址名。")

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get(self.slug_source)
        if "slug" in self.fields and not cleaned.get("slug") and source:
            cleaned["slug"] = unique_slug(
                source, model=self._meta.model, exclude_pk=self.instance.pk
            )
            self.instance.slug = cleaned["slug"]
        return cleaned


class RegionForm(SlugFromNameForm):
    class Meta:
        model = Region
        fields = ("parent", "name", "kind", "code", "slug")

    def clean(self):
        cleaned = super().clean()
        parent, kind = cleaned.get("parent"), cleaned.get("kind")
        if kind:
            try:
                check_kind(kind=kind, parent=parent)
            except ValidationError as exc:
                self.add_error("kind", exc.message_dict["kind"])
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            self.add_error("parent", _("不能把区划设在它自己或它的下级之下。"))
        return cleaned


@admin.register(Region)
class RegionAdmin(ImportExportModelAdmin):
    form = RegionForm
    resource_classes = [RegionResource]
    from_encoding = "utf-8-sig"
    list_display = ("name", "kind", "code", "parent", "slug")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("name", "code", "slug")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    ordering = ("path",)
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        old_path = Region.objects.filter(pk=obj.pk).values_list("path", flat=True).first()
        super().save_model(request, obj, form, change)
        if old_path:
            region_repath_descendants(region=obj, old_path=old_path)


class RegionProfileForm(forms.ModelForm):
    class Meta:
        model = RegionProfile
        fields = ("region", "as_of", *FIGURE_FIELDS, "source", "source_url")

    def clean(self):
        cleaned = super().clean()
        figures = {name: cleaned.get(name) for name in FIGURE_FIELDS}
        try:
            clean_figures(figures)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    self.add_error(name, messages)
            else:
                raise
        return cleaned


@admin.register(RegionProfile)
class RegionProfileAdmin(admin.ModelAdmin):
    form = RegionProfileForm
    list_display = (
        "region",
        "as_of",
        "area_km2",
        "population",
        "communities",
        "party_branches",
        "party_members",
        "source",
    )
    list_select_related = ("region",)
    list_filter = ("region__kind",)
    search_fields = ("region__name", "source")
    date_hierarchy = "as_of"
    autocomplete_fields = ("region",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    fields = ("region", "post", "post_title", "start_date", "end_date", "note")
    autocomplete_fields = ("region",)


class PersonForm(SlugFromNameForm):
    class Meta:
        model = Person
        fields = ("name", "slug", "bio")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    inlines = [AppointmentInline]
    list_display = ("name", "slug", "appointment_count")
    search_fields = ("name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_appointments=Count("appointments"))

    @admin.display(description=_("任职数"), ordering="_appointments")
    def appointment_count(self, obj):
        return obj._appointments


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("person", "region", "post", "post_title", "start_date", "end_date")
    list_select_related = ("person", "region")
    list_filter = ("post", "region__kind")
    search_fields = ("person__name", "region__name", "post_title")
    autocomplete_fields = ("person", "region")
    date_hierarchy = "start_date"


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
        "aggregation",
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
