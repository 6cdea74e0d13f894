"""Text helpers shared by the apps."""

import logging

from django.utils.text import slugify
from pypinyin import lazy_pinyin


def pinyin_slug(text: str, *, max_length: int = 80) -> str:
    """A readable ASCII slug, one pinyin word per Chinese word: 和平街道 -> heping-jiedao.
    Latin letters and digits pass through."""
    import jieba  # loads its dictionary on first use; slugs are made rarely

    jieba.setLogLevel(logging.WARNING)

    words = ("".join(lazy_pinyin(word, errors=lambda chars: [chars])) for word in jieba.cut(text))
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
