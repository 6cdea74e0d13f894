"""A user's place in the organisation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserProfile(models.Model):
    """Ties an official to their 街道/镇 and a reviewer to their 区/县."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    unit = models.ForeignKey(
        "initiatives.Region",
        verbose_name=_("所属街道/镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    district = models.ForeignKey(
        "initiatives.Region",
        verbose_name=_("负责审核的区县"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewers",
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self) -> str:
        return str(self.user)
