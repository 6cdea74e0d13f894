"""``{% field %}`` (portal/templatetags/form_fields.py): Bootstrap 5's markup for one field,
as crispy-forms gives it, with errors tied to the input."""

from django import forms
from django.template import Context, Template


class Sample(forms.Form):
    title = forms.CharField(label="标题", max_length=5, help_text="五个字以内")
    agree = forms.BooleanField(label="同意", required=False)
    photo = forms.FileField(label="照片", required=False)


def render(form, name):
    return Template("{% load form_fields %}{% field f." + name + " %}").render(Context({"f": form}))


def test_a_text_field_with_label_help_and_required_mark():
    html = render(Sample(), "title")
    assert html.startswith(
        '<div id="div_id_title" class="mb-3"><label for="id_title" class="form-label">标题<span class="asteriskField">*</span></label>'
    )
    assert 'class="form-control"' in html and '<div class="form-text">五个字以内</div>' in html
    assert "invalid" not in html


def test_errors_are_shown_and_tied_to_the_input():
    form = Sample({"title": "<b>太长的标题了</b>"})
    assert not form.is_valid()
    html = render(form, "title")
    assert 'class="form-control is-invalid"' in html
    assert 'aria-describedby="id_title-errors"' in html
    assert '<div id="id_title-errors" class="invalid-feedback d-block"><strong>' in html
    assert "<b>" not in html  # the value is escaped


def test_a_checkbox_and_a_file_input():
    checkbox = render(Sample(), "agree")
    assert (
        '<div class="form-check"><input type="checkbox" name="agree" class="form-check-input"'
        in checkbox
    )
    assert '<label for="id_agree" class="form-check-label">同意</label>' in checkbox
    assert "asteriskField" not in checkbox
    assert 'type="file" name="photo" class="form-control"' in render(Sample(), "photo")
