"""Celery tasks of the initiatives app (autodiscovered as ``initiatives.tasks``)."""

from .reports import *  # noqa: F403
from .summaries import *  # noqa: F403
