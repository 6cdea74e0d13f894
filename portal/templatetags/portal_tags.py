"""Language-aware punctuation for templates (see portal/i18n.py)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal import i18n

register = template.Library()


@register.filter(needs_autoescape=True)
def join_names(value, attribute="", autoescape=True):
    """``{{ article.reporters|join_names }}``: 张培、韩凯 in Chinese, 张培, 韩凯 in English.
    With an attribute name, joins that attribute of each item:
    ``{{ outlets|join_names:"name" }}``."""
    if not value:
        return ""
    escape = conditional_escape if autoescape else str
    if attribute:
        value = (getattr(item, attribute) for item in value)
    return mark_safe(i18n.join_names(escape(item) for item in value))


@register.filter(needs_autoescape=True)
def parenthesized(value, autoescape=True):
    """``{{ family|parenthesized }}``: （党建引领） in Chinese, " (Party building)" in English."""
    if value in (None, ""):
        return ""
    escape = conditional_escape if autoescape else str
    return mark_safe(i18n.parenthesized(escape(value)))
