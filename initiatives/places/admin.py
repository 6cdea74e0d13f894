"""Admin for places, profiles, people and appointments. Every changelist joins what its
columns show (no query per row); a region moves only through ``tree.region_move``."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from portal.forms import ColumnNamesExportForm, SlugFromNameForm

from .models import FIGURE_FIELDS, Appointment, Person, Region, RegionKind, RegionProfile
from .resources import RegionResource
from .services import clean_figures
from .tree import check_parent, region_move


class RegionForm(SlugFromNameForm):
    class Meta:
        model = Region
        fields = ("parent", "name", "kind", "code", "withdrawn", "slug")

    def clean(self):
        cleaned = super().clean()
        parent, kind = cleaned.get("parent"), cleaned.get("kind")
        if kind:
            try:
                check_parent(kind=kind, parent=parent, path=self.instance.path)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        return cleaned


class ProvinceFilter(admin.SimpleListFilter):
    """Regions in one province's subtree (31 choices)."""

    title = _("省份")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        provinces = Region.objects.filter(kind=RegionKind.PROVINCE).order_by("code", "name")
        return [(str(r.pk), r.name) for r in provinces]

    def queryset(self, request, queryset):
        province = _chosen(self.value(), kind=RegionKind.PROVINCE)
        return queryset.filter(path__startswith=province.path) if province else queryset


class CityFilter(admin.SimpleListFilter):
    """Regions in one city's subtree; offered once a province is chosen (its cities only,
    never the 337 of the country)."""

    title = _("城市")
    parameter_name = "city"

    def lookups(self, request, model_admin):
        province = _chosen(request.GET.get(ProvinceFilter.parameter_name), RegionKind.PROVINCE)
        if province is None:
            return []
        cities = Region.objects.filter(parent=province, kind=RegionKind.CITY)
        return [(str(r.pk), r.name) for r in cities.order_by("code", "name")]

    def queryset(self, request, queryset):
        city = _chosen(self.value(), kind=RegionKind.CITY)
        return queryset.filter(path__startswith=city.path) if city else queryset


def _chosen(value, kind) -> Region | None:
    if not value or not str(value).isdigit():
        return None
    return Region.objects.filter(pk=int(value), kind=kind).first()


@admin.register(Region)
class RegionAdmin(ImportExportModelAdmin):
    form = RegionForm
    resource_classes = [RegionResource]
    export_form_class = ColumnNamesExportForm
    from_encoding = "utf-8-sig"
    # A BOM, so that Excel on Chinese Windows reads the CSV as UTF-8.
    to_encoding = "utf-8-sig"
    list_display = ("name", "kind", "code", "parent", "withdrawn", "slug")
    list_select_related = ("parent",)
    list_filter = (ProvinceFilter, CityFilter, "kind", "withdrawn")
    # A code searches by prefix: 3703 finds 淄博市 and everything in it.
    search_fields = ("name", "^code", "slug")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    ordering = ("path",)
    list_per_page = 100

    def has_import_permission(self, request):
        """An import adds and changes regions: both permissions (django-import-export
        lets every staff user in when no permission code is set)."""
        return request.user.has_perm("initiatives.add_region") and request.user.has_perm(
            "initiatives.change_region"
        )

    def save_model(self, request, obj, form, change):
        if change:
            region_move(region=obj, parent=obj.parent)
        else:
            super().save_model(request, obj, form, change)


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
