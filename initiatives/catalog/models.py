"""The initiative catalogue: families (an editable taxonomy), initiatives of a unit with
their reporting frequency, milestones and indicators (baseline, target, direction)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import parenthesized
from portal.text import DESCRIPTION_MAX, text_limit

from ..places.models import Person, Region
from .amounts import MAX_DECIMALS, exceeds_precision, format_amount, format_number, precision


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
    description = models.TextField(_("说明"), blank=True, **text_limit(DESCRIPTION_MAX))

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
    description = models.TextField(_("说明"), blank=True, **text_limit(DESCRIPTION_MAX))
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


class Measure(models.TextChoices):
    """What one report's value of an indicator means. The progress maths follows it
    (``reporting/progress.py``): amounts add up over the periods; a total to date and a
    level are read from the latest period."""

    AMOUNT = "amount", _("本期完成量（各期相加）")
    TOTAL = "total", _("累计完成量（截至期末）")
    LEVEL = "level", _("期末实际水平（如剩余量、名次）")


DECIMALS_CHOICES = [(0, _("整数")), (1, _("1 位小数")), (2, _("2 位小数"))]


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
    measure = models.CharField(
        _("数值含义"),
        max_length=8,
        choices=Measure.choices,
        default=Measure.AMOUNT,
        help_text=_("每期填报的数值是什么：本期完成量各期相加；累计完成量和期末水平取最新一期。"),
    )
    decimals = models.PositiveSmallIntegerField(
        _("小数位数"),
        null=True,
        blank=True,
        choices=DECIMALS_CHOICES,
        help_text=_(
            "留空则按计量单位：个、座、件、次等计数单位和米、平方米、元填整数，其他保留 2 位小数。"
        ),
    )
    allow_negative = models.BooleanField(_("允许负值"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["initiative", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name"], name="indicator_unique_name"),
            models.CheckConstraint(
                condition=Q(decimals__isnull=True) | Q(decimals__lte=MAX_DECIMALS),
                name="indicator_decimals_at_most_two",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}{parenthesized(self.unit)}" if self.unit else self.name

    def clean(self):
        errors = {}
        places = self.precision
        for name in ("baseline", "target"):
            value = getattr(self, name)
            if value is not None and exceeds_precision(Decimal(value), places):
                errors[name] = (
                    _("该指标按整数填报，%(field)s也应为整数。")
                    if places == 0
                    else _("该指标保留 %(n)d 位小数，%(field)s不能有更多小数。")
                ) % {"field": self._meta.get_field(name).verbose_name, "n": places}
        if self.baseline is not None and self.target is not None and not errors:
            if self.is_downward and self.target > self.baseline:
                errors["target"] = _("方向为“越低越好”时，目标值不能大于基线值。")
            elif not self.is_downward and self.target < self.baseline:
                errors["target"] = _("方向为“越高越好”时，目标值不能小于基线值。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_downward(self) -> bool:
        """Lower is better (bare soil cleared towards zero)."""
        return self.direction == Direction.DOWN

    @property
    def precision(self) -> int:
        """Decimals of this indicator's figures: its own, or its unit's (counts are whole)."""
        return precision(self.decimals, self.unit)

    @property
    def is_count(self) -> bool:
        return self.precision == 0

    def format(self, value) -> str:
        """``1250 平方米``: a figure of this indicator as every page and export writes it."""
        return format_amount(value, self.precision, self.unit)

    def format_number(self, value) -> str:
        """The figure without its unit (form inputs, table cells under a headed column)."""
        return format_number(value, self.precision)

    @property
    def meaning(self) -> str:
        """What to enter, in words, for the report form."""
        return str(MEANINGS[(self.measure, self.is_downward)])


# What the report form says next to an indicator's field: (measure, lower is better).
MEANINGS = {
    (Measure.AMOUNT, False): _("填写本期新完成的数量，各期相加计入进度。"),
    (Measure.AMOUNT, True): _("填写本期减少的数量，各期相加计入进度。"),
    (Measure.TOTAL, False): _("填写从开始到本期末累计完成的总量（不是本期新增量）。"),
    (Measure.TOTAL, True): _("填写从开始到本期末累计减少的总量（不是本期减少量）。"),
    (Measure.LEVEL, False): _("填写本期末的实际数值（越高越好）。"),
    (Measure.LEVEL, True): _("填写本期末的实际数值，如还剩多少、排第几（越低越好）。"),
}
