"""Places, people and appointments, initiatives, indicators, progress reports, summaries."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.i18n import parenthesized


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
    that a subtree (all units of a city) is one indexed ``startswith`` query."""

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


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=32)
    slug = models.SlugField(_("网址名"), max_length=80, unique=True)
    bio = models.TextField(_("简介"), blank=True)

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


class InitiativeFamily(models.Model):
    """An editable taxonomy: 党建+, 网格化+N, 红色物业, 城市更新 ... and their sub-kinds."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("名称"), max_length=64, unique=True)
    slug = models.SlugField(_("网址名"), max_length=80, unique=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("工作类别")
        verbose_name_plural = _("工作类别")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    WEEK = "week", _("每周")
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    ACTIVE = "active", _("进行中")
    COMPLETED = "completed", _("已完成")
    SUSPENDED = "suspended", _("已暂停")


class Initiative(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("名称"), max_length=128)
    family = models.ForeignKey(
        InitiativeFamily,
        verbose_name=_("类别"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    description = models.TextField(_("说明"), blank=True)
    lead = models.ForeignKey(
        Person,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_initiatives",
    )
    start_date = models.DateField(_("开始日期"))
    target_date = models.DateField(_("目标日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    frequency = models.CharField(
        _("报告周期"), max_length=8, choices=Frequency.choices, default=Frequency.MONTH
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作")
        ordering = ["region", "title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="initiative_unique_title"),
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_date__gte=F("start_date")),
                name="initiative_target_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", kwargs={"pk": self.pk})


class Milestone(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("重点工作"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("节点"), max_length=64, help_text=_("如：签约、拆迁、开工、竣工"))
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    actual_date = models.DateField(_("实际日期"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["initiative", "position", "planned_date"]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.name}"


class Direction(models.TextChoices):
    UP = "up", _("越高越好")
    DOWN = "down", _("越低越好")


class Aggregation(models.TextChoices):
    SUM = "sum", _("各期累加")
    LATEST = "latest", _("取最新值")


class Indicator(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("重点工作"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("指标"), max_length=64)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    baseline = models.DecimalField(_("基线值"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("方向"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    aggregation = models.CharField(
        _("汇总方式"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    allow_negative = models.BooleanField(_("允许负值"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["initiative", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name"], name="indicator_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}{parenthesized(self.unit)}" if self.unit else self.name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


class ProgressReport(models.Model):
    """One report per initiative and period. Status changes only through the services in
    ``initiatives.services``, which lock the row first."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("重点工作"), on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    due_date = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("工作进展"), blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["-period_start", "initiative"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period_start"], name="report_one_per_initiative_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "period_start"]),
            models.Index(fields=["period_start", "period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.period_start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:report_detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class IndicatorValue(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("本期数值"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["report", "indicator__position", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


def report_photo_path(instance: "ReportPhoto", filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to=report_photo_path)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证照片")
        verbose_name_plural = _("佐证照片")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class PeriodKind(models.TextChoices):
    WEEK = "week", _("周")
    MONTH = "month", _("月")


class ScopeKind(models.TextChoices):
    UNIT = "unit", _("街道/镇")
    DISTRICT = "district", _("区县")
    CITY = "city", _("市")
    FAMILY = "family", _("工作类别")


class Summary(models.Model):
    """Figures for one scope and period, built by Celery. Exactly one per scope and period:
    a build is an upsert on (scope_kind, region/family, period_kind, period_start)."""

    scope_kind = models.CharField(_("范围"), max_length=16, choices=ScopeKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="summaries",
    )
    family = models.ForeignKey(
        InitiativeFamily,
        verbose_name=_("工作类别"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="summaries",
    )
    period_kind = models.CharField(_("周期"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    expected = models.PositiveIntegerField(_("应报"), default=0)
    filed = models.PositiveIntegerField(_("已报"), default=0)
    on_time = models.PositiveIntegerField(_("按时"), default=0)
    approved = models.PositiveIntegerField(_("已通过"), default=0)
    returned = models.PositiveIntegerField(_("已退回"), default=0)
    overdue = models.PositiveIntegerField(_("逾期"), default=0)
    figures = models.JSONField(_("明细"), default=dict, blank=True)
    narrative = models.TextField(_("综述"), blank=True)
    built_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("汇总")
        verbose_name_plural = _("汇总")
        ordering = ["-period_start", "scope_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "region", "period_kind", "period_start"],
                condition=Q(region__isnull=False),
                name="summary_one_per_region_period",
            ),
            models.UniqueConstraint(
                fields=["scope_kind", "family", "period_kind", "period_start"],
                condition=Q(family__isnull=False),
                name="summary_one_per_family_period",
            ),
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(family__isnull=True))
                | (Q(region__isnull=True) & Q(family__isnull=False)),
                name="summary_scope_is_region_or_family",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.family
        return f"{scope} {self.get_period_kind_display()} {self.period_start}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:summary_detail", kwargs={"pk": self.pk})
