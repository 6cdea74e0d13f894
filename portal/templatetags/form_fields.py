"""``{% field form.name %}``: one form field in Bootstrap 5's markup (label, input, errors,
help text), the markup crispy-forms' bootstrap5 pack gives a field, written in Python.

For the pages an official opens many times a day (the report form): crispy renders every
field through a tree of templates, which cost the report form a quarter of its rendering.
Whole forms that are opened rarely (login, the article form) keep crispy."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _control_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.simple_tag
def field(bound):
    widget = bound.field.widget
    checkbox = isinstance(widget, forms.CheckboxInput)
    classes = [widget.attrs.get("class", ""), _control_class(widget)]
    attrs = {}
    if bound.errors:
        classes.append("is-invalid")
        attrs["aria-describedby"] = f"{bound.auto_id}-errors"
    attrs["class"] = " ".join(c for c in classes if c)
    control = bound.as_widget(attrs=attrs)
    required = bound.field.required and not checkbox
    label = format_html(
        '<label for="{}" class="{}">{}{}</label>',
        bound.id_for_label,
        "form-check-label" if checkbox else "form-label",
        bound.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    errors = ""
    if bound.errors:
        errors = format_html(
            '<div id="{}-errors" class="invalid-feedback d-block">{}</div>',
            bound.auto_id,
            format_html_join("", "<strong>{}</strong>", ((e,) for e in bound.errors)),
        )
    help_text = (
        format_html('<div class="form-text">{}</div>', bound.help_text) if bound.help_text else ""
    )
    if checkbox:
        body = format_html('<div class="form-check">{}{}</div>', control, label)
    else:
        body = format_html("{}{}", label, control)
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}</div>', bound.auto_id, body, errors, help_text
    )
