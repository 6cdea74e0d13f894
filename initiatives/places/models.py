"""The place tree (regions with a materialised path), units' profile figures, people and
their appointments. Tree maths (levels, moves, subtrees, a unit's district) is in
``tree.py``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.text import DESCRIPTION_MAX, text_limit


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    COUNTY = "county", _("县")
    SUBDISTRICT = "subdistrict", _("街道")
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")
    GRID = "grid", _("网格")


# Kinds that file reports (基层单位) and kinds that review them.
UNIT_KINDS = (RegionKind.SUBDISTRICT, RegionKind.TOWN, RegionKind.TOWNSHIP)
DISTRICT_KINDS = (RegionKind.DISTRICT, RegionKind.COUNTY)


class Region(models.Model):
    """One node of the place tree. ``path`` is a materialised path of ids ("/1/7/42/") so
    that a subtree (all units of a city) is one indexed ``startswith`` query. A region is
    created with its path here; it is moved by ``tree.region_move``, which rewrites the
    paths of its whole subtree (the division loader writes many regions with their paths
    and remakes every path after moves: ``bulk.py``)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("层级"), max_length=16, choices=RegionKind.choices)
    code = models.CharField(
        _("统计用区划代码"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{12}$", _("区划代码应为 12 位数字。"))],
    )
    withdrawn = models.BooleanField(
        _("已撤销"),
        default=False,
        help_text=_("最近一次导入的区划代码中已没有这个代码：保留单位及其数据，只做标记。"),
    )
    slug = models.SlugField(_("网址名"), max_length=80, unique=True, allow_unicode=False)
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            super().save(update_fields=["path"])

    def get_absolute_url(self) -> str:
        return reverse("initiatives:unit_detail", kwargs={"slug": self.slug})

    @property
    def is_unit(self) -> bool:
        return self.kind in UNIT_KINDS

    @property
    def is_district(self) -> bool:
        return self.kind in DISTRICT_KINDS


class RegionProfile(models.Model):
    """A unit's profile figures as of a date, with where they came from."""

    region = models.ForeignKey(
        Region, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="profiles"
    )
    as_of = models.DateField(_("数据日期"))
    area_km2 = models.DecimalField(
        _("面积（平方公里）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    communities = models.PositiveIntegerField(_("社区数"), null=True, blank=True)
    party_branches = models.PositiveIntegerField(_("党（总）支部数"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("党员数"), null=True, blank=True)
    grids = models.PositiveIntegerField(_("网格数"), null=True, blank=True)
    grid_party_branches = models.PositiveIntegerField(_("网格党支部数"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=255, blank=True)
    source_url = models.URLField(_("来源链接"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位概况")
        verbose_name_plural = _("单位概况")
        ordering = ["region", "-as_of"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_km2__gte=0),
                name="profile_area_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.as_of}"


# The figures a profile holds, in the model's order; all of them are counts except the area.
FIGURE_FIELDS = (
    "area_km2",
    "population",
    "communities",
    "party_branches",
    "party_members",
    "grids",
    "grid_party_branches",
)


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=32)
    slug = models.SlugField(_("网址名"), max_length=80, unique=True)
    bio = models.TextField(_("简介"), blank=True, **text_limit(DESCRIPTION_MAX))

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(models.TextChoices):
    SUBDISTRICT_SECRETARY = "subdistrict_secretary", _("党工委书记")
    TOWN_SECRETARY = "town_secretary", _("党委书记")
    DIRECTOR = "director", _("主任")
    MAYOR = "mayor", _("镇长")
    ROAD_CHIEF = "road_chief", _("路长")
    PARTY_INSTRUCTOR = "party_instructor", _("党建指导员")
    BUILDING_CHIEF = "building_chief", _("楼长")
    STREET_CHIEF = "street_chief", _("街长")
    RED_STEWARD = "red_steward", _("红色管家")
    OTHER = "other", _("其他")


SECRETARY_POSTS = (Post.SUBDISTRICT_SECRETARY, Post.TOWN_SECRETARY)


class Appointment(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="appointments"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="appointments"
    )
    post = models.CharField(_("职务"), max_length=32, choices=Post.choices)
    post_title = models.CharField(
        _("职务全称"), max_length=64, blank=True, help_text=_("如：和平路路长")
    )
    start_date = models.DateField(_("任职起"), null=True, blank=True)
    end_date = models.DateField(_("任职止"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["region", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="appointment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.get_post_display()} {self.person}"

    def clean(self):
        """Whoever writes the appointment (the services, admin, an inline): the end date,
        when given, does not precede the start, and a secretary is a unit's."""
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("任职止日期不能早于任职起日期。")
        if self.post in SECRETARY_POSTS and self.region_id and not self.region.is_unit:
            errors["post"] = _("书记职务只能设在街道、镇或乡。")
        if errors:
            raise ValidationError(errors)
