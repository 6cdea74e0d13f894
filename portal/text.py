"""Text helpers shared by the apps."""

import functools
import logging

from django.utils.text import slugify
from pypinyin import lazy_pinyin


@functools.cache
def _tokenizer():
    """Slugs' own segmenter, jieba's dictionary as shipped. jieba's global dictionary is
    never used: words another part of the portal adds to its segmenter (search's domain
    words) would otherwise change every slug made after them."""
    import jieba  # loads its dictionary on first use; slugs are made rarely

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def pinyin_slug(text: str, *, max_length: int = 80) -> str:
    """A readable ASCII slug, one pinyin word per Chinese word: 和平街道 -> heping-jiedao.
    Latin letters and digits pass through. The same text always gives the same slug."""
    words = (
        "".join(lazy_pinyin(word, errors=lambda chars: [chars])) for word in _tokenizer().cut(text)
    )
    slug = slugify("-".join(w for w in words if w.strip()))
    return slug[:max_length].strip("-") or "item"


def unique_slug(
    text: str, *, model, field: str = "slug", max_length: int = 80, exclude_pk=None
) -> str:
    """``pinyin_slug`` made unique in ``model`` with a numeric suffix, in one query."""
    base = pinyin_slug(text, max_length=max_length - 4)
    qs = model._default_manager.filter(**{f"{field}__startswith": base})
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    taken = set(qs.values_list(field, flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# The longest text each kind of field takes, in characters (models, forms and services use
# these; finding 9 of issue 10: a 1 MB narrative was accepted and emailed).
NARRATIVE_MAX = 10_000  # a report's narrative; a summary's (built) narrative
COMMENT_MAX = 2_000  # review comments, an editor's note
BLOCK_MAX = 20_000  # one block of an article
DESCRIPTION_MAX = 5_000  # descriptions, a person's biography
NOTIFICATION_BODY_MAX = 12_000  # a notification quotes at most a narrative or a comment
IMPORT_TEXT_MAX = 5 * 1024 * 1024  # an import's raw and cleaned text (the upload's byte cap)
SEARCH_DOCUMENT_MAX = 1_000_000  # built from the article's text


def text_limit(limit: int) -> dict:
    """The keyword arguments that limit a TextField in the model (its validator: Django
    does not enforce a TextField's max_length by itself) and in its forms (max_length)."""
    from django.core.validators import MaxLengthValidator

    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}
