"""The initiative catalogue: families (an editable taxonomy), initiatives of a unit with
their reporting frequency, milestones and indicators (baseline, target, direction)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import parenthesized

from ..places.models import Person, Region


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

    @property
    def is_active(self) -> bool:
        return self.status == InitiativeStatus.ACTIVE


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

    @property
    def is_downward(self) -> bool:
        """Lower is better (bare soil cleared towards zero)."""
        return self.direction == Direction.DOWN
