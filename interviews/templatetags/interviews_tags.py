"""``{% load interviews_tags %}``: a unit's published interviews; safe rendering of body
text."""

import nh3
from django import template
from django.utils.safestring import mark_safe

from ..articles.services.editing import INLINE_TAGS
from ..public import selectors

register = template.Library()


@register.inclusion_tag("interviews/_unit_articles.html")
def unit_articles(unit, limit: int = 10):
    """``{% unit_articles unit %}``: the unit's published interviews, newest first."""
    return {"unit": unit, "articles": selectors.unit_published_articles(unit, limit=limit)}


@register.filter
def inline_html(text: str):
    """Body text with only the inline markup editors may use. The save service already
    cleaned it; cleaning again on output also covers rows written by other paths."""
    return mark_safe(nh3.clean(text or "", tags=INLINE_TAGS, attributes={}, link_rel=None))
