"""Form helpers shared by the apps' admin."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

from .text import unique_slug

# Django's own Jinja2 widget templates: the markup of its default renderer in about a
# third of the time. For the forms of pages opened many times a day (the report form, the
# review queue's filters); the admin keeps the default renderer (its widgets' templates
# exist for Django's template engine only).
WIDGET_RENDERER = Jinja2()


class SlugFromNameForm(forms.ModelForm):
    """The slug may be left empty: it is then made from the name in pinyin."""

    slug_source = "name"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("留空则按名称自动生成拼音网址名。")

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get(self.slug_source)
        if "slug" in self.fields and not cleaned.get("slug") and source:
            cleaned["slug"] = unique_slug(
                source, model=self._meta.model, exclude_pk=self.instance.pk
            )
            self.instance.slug = cleaned["slug"]
        return cleaned


class ColumnNamesExportForm(SelectableFieldsExportForm):
    """import-export's export page labels each field "Name (名称)"; the column's own name
    (what the file's header will say) is enough."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field and field.column_name else field_name
