"""Celery tasks for summaries."""
