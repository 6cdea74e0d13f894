import axes.apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True  # the app's config; AxesConfig below is django-axes'
    name = "portal"
    verbose_name = _("门户与账户")

    def ready(self) -> None:
        from .accounts.permissions import sync_role_permissions
        from .celery import TASK_PACKAGES, app

        # After the last app migrates, so every permission row exists.
        post_migrate.connect(sync_role_permissions, dispatch_uid="portal_sync_role_permissions")
        # Fill Celery's registry in this process too: services find tasks by name.
        app.autodiscover_tasks(TASK_PACKAGES, force=True)


class AxesConfig(axes.apps.AppConfig):
    """django-axes under a Chinese name in admin (its own has no message to translate)."""

    default = False
    verbose_name = _("登录防护")
