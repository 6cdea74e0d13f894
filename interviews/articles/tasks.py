"""Celery tasks of the interviews app."""

from celery import shared_task

from .services.workflow import articles_publish_due


@shared_task(name="interviews.publish_due_articles", acks_late=True)
def publish_due_articles() -> int:
    """Scheduled articles whose time has come go live (safe to run twice)."""
    return articles_publish_due()
