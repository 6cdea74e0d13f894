"""The portal side of ``public_bench.py``: puts seed 001 on the bench's database as a
published article, the way an editor would (import, accept the suggested links, submit,
publish by a second person), empties the caches (the bench's own Redis database) and
prints the paths the benchmark requests as JSON.

    DJANGO_SETTINGS_MODULE=... python bench/public_fixture.py SEED_FILE

Run after ``migrate`` and ``seed_demo`` (it uses the demo's editor and admin). A second
run finds the import it made before and publishes nothing new.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNIT_NAME = "和平街道"


def publish_seed(path: Path):
    from django.contrib.auth import get_user_model

    from interviews.articles.services import workflow
    from interviews.imports.services import AcceptDecision, import_accept, import_file
    from interviews.models import ArticleStatus

    users = get_user_model().objects
    editor, admin = users.get(username="editor"), users.get(username="admin")
    outcome = import_file(data=path.read_bytes(), filename=path.name, by=editor)
    if outcome.record is None:
        sys.exit(f"seed not imported: {outcome.message}")
    record = outcome.record
    article = record.article
    if article.status == ArticleStatus.PUBLISHED:
        return article
    if record.status == "pending":
        decision = AcceptDecision(
            region=article.region, person=article.person, series=article.series
        )
        import_accept(record=record, by=editor, decision=decision)
    article.refresh_from_db()
    if article.status == ArticleStatus.DRAFT:
        workflow.article_submit(article=article, by=editor)
    workflow.article_publish(article=article, by=admin)
    article.refresh_from_db()
    return article


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.urls import reverse

    from initiatives.models import UNIT_KINDS, Region

    article = publish_seed(Path(sys.argv[1]))
    unit = Region.objects.get(name=UNIT_NAME, kind__in=UNIT_KINDS)
    paths = {
        "article": article.get_absolute_url(),
        "article_headline": article.headline,
        "unit": reverse("initiatives:unit_detail", kwargs={"slug": unit.slug}),
        "unit_list": reverse("initiatives:unit_list"),
        "article_list": reverse("interviews:article_list"),
        "search": reverse("interviews:search"),
    }
    # The bench's own cache: nothing of an earlier run may answer for this one.
    for alias in settings.CACHES:
        caches[alias].clear()
    print(json.dumps(paths, ensure_ascii=False))


if __name__ == "__main__":
    main()
