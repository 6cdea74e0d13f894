"""The Celery application: configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery

from portal.celery_lease import VisibilityLease

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

# Every package with a ``tasks`` module. Services queue tasks by name (``portal.queue``),
# so every process must have imported them: workers through Celery's autodiscovery, web
# processes (which run tasks themselves in the embedded default) in ``PortalConfig.ready``.
TASK_PACKAGES = (
    "portal.notifications",
    "initiatives.reporting",
    "initiatives.summaries",
    "interviews.articles",
    "interviews.imports",
)

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(TASK_PACKAGES)
# A live worker renews the messages it holds: only a dead worker's come back to the queue.
app.steps["consumer"].add(VisibilityLease)
