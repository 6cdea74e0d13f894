"""What the public sees of an article, as page-cache tags (``portal.pagecache``): the
article services invalidate them once a transaction that changed published content
commits, so that every host drops exactly the pages that show the article (its page, its
series, its unit, the lists) and keeps the others."""

from initiatives.places.pagetags import unit_tag
from portal import pagecache

LISTS = "articles"  # /articles/, /feed/, /search/, the sitemap


def article_tag(slug: str) -> str:
    return f"article:{slug}"


def series_tag(slug: str) -> str:
    return f"series:{slug}"


def tags_of(article) -> list[str]:
    tags = [LISTS, article_tag(article.slug)]
    if article.series_id:
        tags.append(series_tag(article.series.slug))
    if article.region_id:
        tags.append(unit_tag(article.region.slug))
    return tags


def bump_on_commit(*articles, before: list[str] = ()) -> None:
    """Invalidate, after the commit, the pages that show any of ``articles``; ``before``:
    the tags of an article as it was before a change of its series or unit."""
    tags = [LISTS, *before]
    for article in articles:
        if article is not None:
            tags += tags_of(article)
    pagecache.invalidate_on_commit(*tags)
