"""Choosing a unit among 41,000 in a form: a text field that a small script turns into an
autocomplete (``static/js/unit_autocomplete.js``, suggestions from
``places:unit_autocomplete``). Without the script it stays a text field: the name of a
unit no other unit bears, a 12-digit code, or a suggestion's text (``… · 370303004000``)
are all understood, and anything else gets a message saying what to type."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import UNIT_KINDS, Region
from .selectors import unit_label

# The end of a suggestion's text: the unit's code, or #id for a unit without one.
# A bare number shorter than a code is an id: what a <select> posted, and what a page
# that posts the form directly (tests, scripts) still sends.
_KEY = re.compile(r"(?:^|·)\s*(?:(?P<code>\d{12})|#?(?P<pk>\d{1,11}))\s*$")


class UnitAutocompleteInput(forms.TextInput):
    """A text input with an empty ``<datalist>`` that the script fills as one types."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "data-unit-autocomplete": reverse_lazy("initiatives:unit_autocomplete"),
                "placeholder": gettext_lazy("输入单位名称或区划代码"),
                "maxlength": 160,
                **(attrs or {}),
            }
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["list"] = f"{attrs.get('id', name)}-list"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        return html + format_html(
            '<datalist id="{}"></datalist>', context["widget"]["attrs"]["list"]
        )

    class Media:
        js = ("js/unit_autocomplete.js",)


class UnitChoiceField(forms.Field):
    """A unit of ``queryset`` (reporting units by default), typed or picked."""

    widget = UnitAutocompleteInput

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = (
            queryset if queryset is not None else Region.objects.filter(kind__in=UNIT_KINDS)
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Region):
            region = value
        elif isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            region = self.queryset.select_related("parent__parent").filter(pk=value).first()
            if region is None:
                return value
        else:
            return value
        self.widget.attrs["data-unit-id"] = str(region.pk)  # for the page's scripts
        return unit_label(region)

    def to_python(self, value):
        if isinstance(value, Region) or value in (None, ""):
            return value or None
        text = str(value).strip()
        if not text:
            return None
        match = _KEY.search(text)
        if match and match["code"]:
            found = list(self.queryset.filter(code=match["code"])[:1])
        elif match and match["pk"]:
            found = list(self.queryset.filter(pk=int(match["pk"]))[:1])
        else:
            found = list(self.queryset.filter(name=text)[:2])
            if len(found) > 1:
                raise ValidationError(
                    _("有多个单位叫“%(name)s”：请从列表中选择，或填写区划代码。"),
                    code="ambiguous",
                    params={"name": text},
                )
        if not found:
            raise ValidationError(
                _("没有找到单位“%(text)s”：请从列表中选择，或填写单位全称或区划代码。"),
                code="unknown",
                params={"text": text},
            )
        return found[0]

    def has_changed(self, initial, data):
        initial_value = self.prepare_value(initial) if initial is not None else ""
        return str(initial_value or "") != str(data or "").strip()
