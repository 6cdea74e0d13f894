"""Forms of the reporting loop. They validate input and nothing else; the services decide."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import WIDGET_RENDERER
from portal.text import COMMENT_MAX, NARRATIVE_MAX

from ..catalog.amounts import exceeds_precision
from .models import MilestoneProgressState
from .services.entries import milestone_problem, precision_message
from .services.photos import PHOTO_MAX_BYTES, validate_photo

# The report form is the page officials open most, with some thirty widgets (values,
# notes, photos, the formsets' management fields): rendered with Django's Jinja2 widget
# templates they took 1.8 ms instead of 5.8 ms of the page's 8 ms of rendering.
RENDERER = WIDGET_RENDERER


class ReportForm(forms.Form):
    default_renderer = RENDERER
    narrative = forms.CharField(
        label=_("工作进展"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("本期做了什么、取得了哪些成效、遇到什么困难。提交审核时必须填写。"),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class IndicatorValueForm(forms.Form):
    """One row per indicator of the initiative; the indicator comes from the formset."""

    default_renderer = RENDERER

    value = forms.DecimalField(
        label=_("本期数值"),
        required=False,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": _("请输入数字，例如 120 或 3.5。"),
            "max_digits": _("数字太大：最多 12 位整数和 2 位小数。"),
            "max_decimal_places": _("最多保留 2 位小数。"),
            "max_whole_digits": _("数字太大：整数部分最多 12 位。"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=255)

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value < 0 and not self.indicator.allow_negative:
            raise ValidationError(
                _("“%(name)s”不能为负数。") % {"name": self.indicator.name}, code="negative"
            )
        if value is not None and exceeds_precision(value, self.indicator.precision):
            raise ValidationError(precision_message(self.indicator), code="precision")
        return value


class BaseIndicatorValueFormSet(BaseFormSet):
    """Exactly one form per indicator, in the indicators' order."""

    def __init__(self, *args, indicators=(), **kwargs):
        self.indicators = list(indicators)
        super().__init__(*args, **kwargs)

    # The indicators decide how many rows there are, not the posted management form.
    def total_form_count(self):
        return len(self.indicators)

    def initial_form_count(self):
        return len(self.indicators)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["indicator"] = self.indicators[index] if index < len(self.indicators) else None
        return kwargs

    def values(self) -> dict[int, tuple]:
        """Indicator id -> (value or None, note), for ``report_save``."""
        return {
            form.indicator.pk: (form.cleaned_data.get("value"), form.cleaned_data.get("note", ""))
            for form in self.forms
        }


IndicatorValueFormSet = formset_factory(
    IndicatorValueForm, formset=BaseIndicatorValueFormSet, extra=0, renderer=RENDERER
)


class MilestoneProgressForm(forms.Form):
    """One row per milestone of the initiative: where it stood at the end of the period."""

    default_renderer = RENDERER

    state = forms.ChoiceField(
        label=_("本期进展"),
        required=False,
        choices=[("", _("请选择")), *MilestoneProgressState.choices],
    )
    actual_date = forms.DateField(
        label=_("完成日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请输入日期，例如 2026-11-05。")},
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=255)

    def __init__(self, *args, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone

    def clean(self):
        cleaned = super().clean()
        if "actual_date" not in self.errors:
            problem = milestone_problem(
                cleaned.get("state") or "", cleaned.get("actual_date"), timezone.localdate()
            )
            if problem:
                self.add_error("actual_date", problem)
        return cleaned


class BaseMilestoneProgressFormSet(BaseFormSet):
    """Exactly one form per milestone, in the milestones' order."""

    def __init__(self, *args, milestones=(), **kwargs):
        self.milestones = list(milestones)
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.milestones)

    def initial_form_count(self):
        return len(self.milestones)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["milestone"] = self.milestones[index] if index < len(self.milestones) else None
        return kwargs

    def entries(self) -> dict[int, tuple]:
        """Milestone id -> (state or "", completion date, note), for ``report_save``."""
        return {
            form.milestone.pk: (
                form.cleaned_data.get("state") or "",
                form.cleaned_data.get("actual_date"),
                form.cleaned_data.get("note", ""),
            )
            for form in self.forms
        }


MilestoneProgressFormSet = formset_factory(
    MilestoneProgressForm, formset=BaseMilestoneProgressFormSet, extra=0, renderer=RENDERER
)


class ReportImageField(forms.ImageField):
    """An image of at most 10 MB that Pillow can read; the size is checked first so that a
    huge file gets the size message, not a decoding one."""

    default_error_messages = {
        "invalid_image": _("这不是可识别的图片（仅支持 JPG、PNG、GIF、WEBP），请重新选择。"),
    }

    def to_python(self, data):
        if data is not None and getattr(data, "size", 0) > PHOTO_MAX_BYTES:
            raise ValidationError(
                _("照片“%(name)s”有 %(size).1f MB，超过 10 MB 的上限，请压缩后再上传。")
                % {"name": data.name, "size": data.size / 1024 / 1024},
                code="photo_too_large",
            )
        image = super().to_python(data)
        if image is not None:
            validate_photo(image)
        return image


class NewPhotoForm(forms.Form):
    default_renderer = RENDERER

    image = ReportImageField(label=_("照片"), required=False)
    caption = forms.CharField(label=_("照片说明"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("caption") and not cleaned.get("image") and not self.errors:
            self.add_error("image", _("填写了说明，但没有选择照片。"))
        return cleaned


NewPhotoFormSet = formset_factory(
    NewPhotoForm, extra=3, max_num=3, validate_max=True, renderer=RENDERER
)


class ExistingPhotoForm(forms.Form):
    default_renderer = RENDERER

    photo_id = forms.IntegerField(widget=forms.HiddenInput)
    caption = forms.CharField(label=_("照片说明"), required=False, max_length=200)
    delete = forms.BooleanField(label=_("删除这张照片"), required=False)


ExistingPhotoFormSet = formset_factory(ExistingPhotoForm, extra=0, renderer=RENDERER)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必须填写，说明需要修改的地方；通过时可不填，填写的意见记入办理记录。"),
    )
