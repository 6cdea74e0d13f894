"""Forms of the editorial pages. They validate input; the services write."""

import re

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from initiatives.catalog.models import Initiative
from initiatives.places.forms import UnitChoiceField
from initiatives.places.models import UNIT_KINDS, Appointment, Person, Region
from portal.i18n import join_names, labelled, parenthesized
from portal.text import BLOCK_MAX, COMMENT_MAX

from .models import ArticleStatus, BlockKind, DraftState, InterviewArticle, Series
from .snapshots import BlockData

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_PHOTO_BYTES = 5 * 1024 * 1024
_NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")


def split_names(text: str) -> list[str]:
    return [name for name in _NAME_SEPARATORS.split(text or "") if name]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class PersonSelect(forms.Select):
    """People with the units they hold or held posts in (``data-units``): the form's script
    offers only the chosen unit's people."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        person = getattr(value, "instance", None)
        if person is not None:
            option["attrs"]["data-units"] = " ".join(
                str(a.region_id) for a in person.appointments.all()
            )
        return option


class InitiativeCheckboxes(forms.CheckboxSelectMultiple):
    """Initiatives as checkboxes, each with its unit (``data-unit``): the script shows the
    chosen unit's and filters them by what the editor types."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        initiative = getattr(value, "instance", None)
        if initiative is not None:
            option["attrs"]["data-unit"] = str(initiative.region_id)
        return option


def person_label(person: Person) -> str:
    """王志刚（和平街道 党工委书记）: whom the name stands for."""
    posts = join_names(
        f"{a.region.name} {a.post_title or a.get_post_display()}" for a in person.appointments.all()
    )
    return f"{person.name}{parenthesized(posts)}" if posts else person.name


class ArticleForm(forms.ModelForm):
    original_url = forms.URLField(
        label=_("原文链接"), required=False, max_length=200, assume_scheme="https"
    )
    reporters_text = forms.CharField(
        label=_("记者"),
        required=False,
        max_length=300,
        help_text=_("多个姓名用顿号、逗号或空格分隔。"),
    )
    correspondents_text = forms.CharField(
        label=_("通讯员"),
        required=False,
        max_length=300,
        help_text=_("多个姓名用顿号、逗号或空格分隔。"),
    )

    class Meta:
        model = InterviewArticle
        fields = [
            "headline",
            "subtitle",
            "editor_note",
            "series",
            "outlets",
            "byline",
            "published_at",
            "original_url",
            "region",
            "person",
            "interviewee_post",
            "initiatives",
        ]
        widgets = {
            "editor_note": forms.Textarea(attrs={"rows": 3}),
            "outlets": forms.CheckboxSelectMultiple,
            "published_at": DateTimeLocalInput(),
            "person": PersonSelect,
            "initiatives": InitiativeCheckboxes,
        }
        help_texts = {
            "published_at": _("原文的发布时间；不知道就留空，发布时自动记为上线时间。"),
            "byline": _("如：文/图 大众报业记者"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        # 41,000 units: a text field with suggestions, not a <select>.
        region = self.fields["region"]
        self.fields["region"] = UnitChoiceField(
            queryset=Region.objects.filter(kind__in=UNIT_KINDS),
            required=False,
            label=region.label,
            help_text=region.help_text,
        )
        self.fields["series"].queryset = Series.objects.order_by("title")
        self.fields["person"].queryset = Person.objects.prefetch_related(
            Prefetch("appointments", queryset=Appointment.objects.select_related("region"))
        ).order_by("name", "pk")
        self.fields["person"].label_from_instance = person_label
        self.fields["person"].help_text = _("选定受访单位后，这里只列出该单位的人员。")
        self.fields["initiatives"].queryset = Initiative.objects.select_related("region").order_by(
            "region__name", "title"
        )
        self.fields["initiatives"].label_from_instance = lambda i: labelled(i.region.name, i.title)
        self.fields["initiatives"].help_text = _(
            "选定受访单位后只列出该单位的重点工作；可输入字词筛选。"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["reporters_text"] = join_names(self.instance.reporters or [])
            self.initial["correspondents_text"] = join_names(self.instance.correspondents or [])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "headline",
            "subtitle",
            "editor_note",
            Row(Column("series", css_class="col-md-6"), Column("byline", css_class="col-md-6")),
            Field("outlets"),
            Row(
                Column("reporters_text", css_class="col-md-6"),
                Column("correspondents_text", css_class="col-md-6"),
            ),
            Row(
                Column("published_at", css_class="col-md-6"),
                Column("original_url", css_class="col-md-6"),
            ),
            Row(
                Column("region", css_class="col-md-4"),
                Column("person", css_class="col-md-4"),
                Column("interviewee_post", css_class="col-md-4"),
            ),
            Field("initiatives", template="interviews/_initiative_picker.html"),
        )

    def clean_published_at(self):
        """The input shows minutes: a time left as shown keeps its seconds, so that saving
        an article does not move its publication time (nor make a change of it)."""
        value = self.cleaned_data.get("published_at")
        stored = self.instance.published_at if self.instance.pk else None
        if value and stored and value == stored.replace(second=0, microsecond=0):
            return stored
        return value

    def save(self, commit=False):
        """The unsaved article with the list fields filled in; ``article_save`` writes it."""
        article = super().save(commit=False)
        article.reporters = split_names(self.cleaned_data.get("reporters_text", ""))
        article.correspondents = split_names(self.cleaned_data.get("correspondents_text", ""))
        return article


class BlockForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=BlockKind.choices)
    text = forms.CharField(
        label=_("内容"),
        required=False,
        max_length=BLOCK_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("段落、问、答、引语可用 <strong>、<em>、<br>；其他标记会被去掉。"),
    )
    image = forms.ImageField(label=_("图片"), required=False)
    existing_image = forms.CharField(required=False, widget=forms.HiddenInput)
    caption = forms.CharField(label=_("图片说明"), required=False, max_length=200)
    position = forms.IntegerField(label=_("顺序"), min_value=0, widget=forms.HiddenInput)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("图片不能超过 5 MB。"))
        return image

    def clean_existing_image(self):
        name = self.cleaned_data.get("existing_image") or ""
        if name and (not name.startswith("articles/") or ".." in name or "\\" in name):
            raise forms.ValidationError(_("图片路径无效，请重新上传。"))
        return name

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if self.cleaned_data.get("DELETE"):
            return data
        if kind == BlockKind.PHOTO:
            if not data.get("image") and not data.get("existing_image"):
                self.add_error("image", _("图片块需要上传一张图片。"))
        elif kind and not (data.get("text") or "").strip():
            self.add_error("text", _("请填写内容，或删除这一块。"))
        return data

    def block_data(self) -> BlockData:
        data = self.cleaned_data
        return BlockData(
            kind=data["kind"],
            text=data.get("text") or "",
            caption=data.get("caption") or "",
            image=data.get("image") or data.get("existing_image") or "",
            position=data.get("position") or 0,
        )


class BaseBlockFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.block_forms():
            raise forms.ValidationError(_("正文至少需要一块内容。"))

    def block_forms(self) -> list[BlockForm]:
        return [
            f
            for f in self.forms
            if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def blocks(self) -> list[BlockData]:
        return [f.block_data() for f in self.block_forms()]


BlockFormSet = forms.formset_factory(
    BlockForm, formset=BaseBlockFormSet, extra=0, can_delete=True, max_num=300, validate_max=True
)


def initial_blocks(article: InterviewArticle | None) -> list[dict]:
    if article is None or article.pk is None:
        return [
            {"kind": BlockKind.QUESTION, "position": 1},
            {"kind": BlockKind.ANSWER, "position": 2},
        ]
    return [
        {
            "kind": b.kind,
            "text": b.text,
            "caption": b.caption,
            "existing_image": b.image.name if b.image else "",
            "position": i,
        }
        # ``all()``: a waiting change's blocks are prefetched (``selectors.with_changes``).
        for i, b in enumerate(
            sorted(article.blocks.all(), key=lambda b: (b.position, b.pk or 0)), start=1
        )
    ]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("审稿意见"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("退回时请填写审稿意见。")},
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text=_("留空立即发布；填写将来的时间则定时发布。"),
    )


def _units_with_articles(request):
    return Region.objects.filter(kind__in=UNIT_KINDS, articles__isnull=False).distinct()


class EditorialFilter(django_filters.FilterSet):
    """The filters of 稿件管理, each with its label and an "all" choice named for it."""

    q = django_filters.CharFilter(field_name="headline", lookup_expr="icontains", label=_("标题"))
    status = django_filters.ChoiceFilter(
        choices=ArticleStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )
    changes = django_filters.ChoiceFilter(
        field_name="draft_state",
        choices=DraftState.choices,
        label=_("未发布的修改"),
        empty_label=_("不限"),
    )
    series = django_filters.ModelChoiceFilter(
        queryset=Series.objects.order_by("title"), label=_("系列"), empty_label=_("全部系列")
    )
    # Only units that have articles: the place tree holds tens of thousands.
    region = django_filters.ModelChoiceFilter(
        queryset=_units_with_articles, label=_("受访单位"), empty_label=_("全部单位")
    )

    class Meta:
        model = InterviewArticle
        fields = ["q", "status", "changes", "series", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in self.form.fields.items():
            css = "form-control" if name == "q" else "form-select"
            form_field.widget.attrs["class"] = css
        self.form.fields["q"].widget.attrs["placeholder"] = _("标题中的字词")
        self.form.fields["q"].widget.input_type = "search"
