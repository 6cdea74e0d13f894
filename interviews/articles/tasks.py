"""Celery tasks of the interviews app."""

from celery import shared_task

from .services.files import article_orphan_files_delete
from .services.workflow import articles_publish_due


@shared_task(name="interviews.publish_due_articles", acks_late=True)
def publish_due_articles() -> int:
    """Scheduled articles whose time has come go live (safe to run twice)."""
    return articles_publish_due()


@shared_task(name="interviews.delete_orphan_files", acks_late=True)
def delete_orphan_files() -> int:
    """Files under articles/ that no block or revision names, a day old or more."""
    return len(article_orphan_files_delete())
