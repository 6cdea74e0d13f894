"""Punctuation that changes with the language.

Chinese puts a full-width colon after a label (书记：王志刚), full-width brackets around an
aside (（月报）), 、 between names and ； between messages. English needs ": ", " (...)",
", " and "; ". Each of these is one translatable string, with a context so that the same
mark is translated once and the same way everywhere: templates use the same msgids
(``{% translate "：" context "label separator" %}``, the ``join_names`` and
``parenthesized`` filters of ``portal_tags``)."""

from collections.abc import Iterable

from django.utils.translation import get_language, pgettext


def label_separator() -> str:
    """The mark between a label and its value: "：" in Chinese, ": " in English."""
    return pgettext("label separator", "：")


def labelled(label, value) -> str:
    """``书记：王志刚`` / ``Secretary: 王志刚``."""
    return f"{label}{label_separator()}{value}"


def join_names(items: Iterable) -> str:
    """Names in a row: ``张培、韩凯`` / ``张培, 韩凯``. Empty items are left out."""
    return pgettext("list separator", "、").join(str(item) for item in items if item)


def join_messages(items: Iterable) -> str:
    """Whole messages in a row: ``……；……`` / ``...; ...``."""
    return pgettext("message separator", "；").join(str(item) for item in items if item)


def parenthesized(text) -> str:
    """An aside in brackets after a word: ``（月报）`` / `` (Monthly)``. The English
    translation starts with a space, the Chinese brackets need none."""
    return pgettext("parenthetical", "（%(text)s）") % {"text": text}


def join_sentences(items: Iterable) -> str:
    """Whole sentences in a row: Chinese writes them with nothing between (……。……。),
    English with a space."""
    separator = "" if (get_language() or "zh-hans").startswith("zh") else " "
    return separator.join(str(item) for item in items if item)


def join_clauses(items: Iterable) -> str:
    """Clauses of one sentence: ``……，……`` / ``..., ...``."""
    return pgettext("clause separator", "，").join(str(item) for item in items if item)
