"""Files no article holds any more: a photo block replaced or removed, an upload kept for a
form that failed and was never sent again (``articles/uploads/``). A file stays while any
block or any revision names it (restoring a revision brings its photos back); the rest is
deleted once it is old enough that no form being filled in can still refer to it."""

import datetime as dt
import logging

from django.core.files.storage import default_storage
from django.utils import timezone

from ..models import ArticleBlock, ArticleRevision

logger = logging.getLogger(__name__)

ARTICLE_FILES = "articles"
ORPHAN_MIN_AGE = dt.timedelta(hours=24)


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def article_files_in_use() -> set[str]:
    names = set(ArticleBlock.objects.exclude(image="").values_list("image", flat=True))
    for content in ArticleRevision.objects.values_list("content", flat=True).iterator():
        for block in (content or {}).get("blocks", []):
            if block.get("image"):
                names.add(block["image"])
    return names


def article_orphan_files_delete(
    *, min_age: dt.timedelta = ORPHAN_MIN_AGE, dry_run: bool = False, storage=None
) -> list[str]:
    """Delete (or, ``dry_run``, list) the files under ``articles/`` that nothing names and
    that are older than ``min_age``. Safe to run twice and on any host."""
    storage = storage or default_storage
    in_use = article_files_in_use()
    cutoff = timezone.now() - min_age
    orphans = []
    for name in _walk(storage, ARTICLE_FILES):
        if name in in_use:
            continue
        try:
            if storage.get_modified_time(name) > cutoff:
                continue
        except (NotImplementedError, FileNotFoundError):
            continue
        orphans.append(name)
        if not dry_run:
            storage.delete(name)
    if orphans and not dry_run:
        logger.info("deleted %d orphan article files", len(orphans))
    return orphans
