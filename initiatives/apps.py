from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("街道工作与进度报告")

    def ready(self):
        from .public import invalidation

        invalidation.connect()
