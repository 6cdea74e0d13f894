"""Celery tasks of the interviews app."""

from celery import shared_task

from . import services


@shared_task(name="interviews.tasks.publish_due_articles", acks_late=True)
def publish_due_articles() -> int:
    """Scheduled articles whose time has come go live (safe to run twice)."""
    return services.articles_publish_due()
