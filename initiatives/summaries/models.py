"""Summaries: the figures of one scope (a unit, district, city or initiative family) for
one week or month, built by Celery."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..catalog.models import InitiativeFamily
from ..places.models import Region


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
    a build is an upsert on (scope_kind, region/family, period_kind, period_start): one
    ``INSERT ... ON CONFLICT DO UPDATE``. The unique keys are not partial (a NULL region
    or family never collides) so that both databases can name them as the conflict
    target."""

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
    outstanding = models.PositiveIntegerField(_("累计逾期未报"), default=0)
    figures = models.JSONField(_("明细"), default=dict, blank=True)
    built_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("汇总")
        verbose_name_plural = _("汇总")
        ordering = ["-period_start", "scope_kind"]
        indexes = [
            # The summary list's order (views.SummaryListView): pages without sorting.
            models.Index(F("period_start").desc(), "scope_kind", "id", name="summary_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "region", "period_kind", "period_start"],
                name="summary_one_per_region_period",
            ),
            models.UniqueConstraint(
                fields=["scope_kind", "family", "period_kind", "period_start"],
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

    @property
    def narrative(self) -> str:
        """The paragraph, in the active language, rendered from the stored figures
        (``narrative.summary_text``): not stored, so that every reader (pages, exports,
        the API, the digest) gets it in their own language and it can never disagree
        with the figures it describes."""
        from .narrative import summary_text

        return summary_text(self.figures or {})

    @property
    def is_unit_scope(self) -> bool:
        return self.scope_kind == ScopeKind.UNIT
