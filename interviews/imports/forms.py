from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.i18n import labelled

from .linking import LinkSuggestions
from .selectors import FigureRow
from .services import AcceptDecision

ACCEPTED_SUFFIXES = (".txt", ".html", ".htm")
NEW = "new"
NONE = ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as the Django docs show. Each file is checked on its
    own by the import service, so an empty or odd file gets its own message instead of
    failing the whole upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("稿件文件"),
        help_text=_("可一次选择多个 .txt 或 .html 文件，每个不超过 5 MB。"),
    )


class ImportFileForm(forms.Form):
    """One file, for the per-file endpoint the upload page's script calls."""

    file = forms.FileField(label=_("稿件文件"), allow_empty_file=True)


def _region_label(region) -> str:
    parent = region.parent.name if region.parent_id and region.parent else ""
    return _("关联已有：%(parent)s%(name)s") % {"parent": parent, "name": region.name}


class ImportAcceptForm(forms.Form):
    """The editor's decisions on the review page. Choices come from the link
    suggestions; figures are unticked until the editor confirms them."""

    unit = forms.ChoiceField(
        label=_("受访单位"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=False,
    )
    person = forms.ChoiceField(
        label=_("受访人"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=False,
    )
    series = forms.ChoiceField(
        label=_("系列"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=False,
    )
    outlet = forms.ChoiceField(
        label=_("媒体"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=False,
    )
    initiatives = forms.MultipleChoiceField(
        label=_("关联重点工作"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )
    figures = forms.MultipleChoiceField(
        label=_("确认为单位概况数据"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )
    as_of = forms.DateField(
        label=_("概况数据日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("默认为文章发布日期；原文没有日期时必须填写。"),
    )

    def __init__(
        self, *args, suggestions: LinkSuggestions, figures: list[FigureRow], article=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        s = suggestions
        none_choice = (NONE, _("暂不关联"))

        unit_choices = [(str(r.pk), _region_label(r)) for r in s.units]
        if s.can_create_unit:
            unit_choices.append(
                (
                    NEW,
                    _("新建单位“%(name)s”（隶属%(district)s）")
                    % {"name": s.unit_name, "district": s.district.name},
                )
            )
        self.fields["unit"].choices = [*unit_choices, none_choice]

        person_choices = [
            (str(p.pk), _("关联已有：%(name)s（编号 %(pk)s）") % {"name": p.name, "pk": p.pk})
            for p in s.persons
        ]
        if s.person_name:
            person_choices.append((NEW, _("新建人员“%(name)s”") % {"name": s.person_name}))
        self.fields["person"].choices = [*person_choices, none_choice]

        series_choices = []
        if s.series is not None:
            series_choices.append(
                (str(s.series.pk), _("关联已有：%(title)s") % {"title": s.series.title})
            )
        elif s.series_title:
            series_choices.append((NEW, _("新建系列“%(title)s”") % {"title": s.series_title}))
        self.fields["series"].choices = [*series_choices, none_choice]

        outlet_choices = []
        if s.outlet is not None:
            outlet_choices.append(
                (str(s.outlet.pk), _("关联已有：%(name)s") % {"name": s.outlet.name})
            )
        elif s.outlet_name:
            outlet_choices.append((NEW, _("新建媒体“%(name)s”") % {"name": s.outlet_name}))
        self.fields["outlet"].choices = [*outlet_choices, none_choice]

        self.fields["initiatives"].choices = [
            (str(i.pk), _("%(title)s（文中：“%(term)s”）") % {"title": i.title, "term": term})
            for i, term in s.initiatives
        ]
        self.fields["figures"].choices = [(f.key, labelled(f.label, f.value)) for f in figures]

        if not self.is_bound:
            self.initial.update(
                unit=_initial(article.region_id if article else None, unit_choices),
                person=_initial(article.person_id if article else None, person_choices),
                series=_initial(article.series_id if article else None, series_choices),
                initiatives=[str(i.pk) for i, _term in s.initiatives],
            )
            self.initial["outlet"] = (
                outlet_choices[0][0] if outlet_choices and outlet_choices[0][0] != NEW else NONE
            )

    def decision(self):
        """The cleaned choices as the service's ``AcceptDecision``; only offered rows."""
        data, s = self.cleaned_data, self.suggestions
        units = {str(r.pk): r for r in s.units}
        persons = {str(p.pk): p for p in s.persons}
        initiatives = {str(i.pk): i for i, _term in s.initiatives}
        return AcceptDecision(
            region=units.get(data.get("unit")),
            create_region=data.get("unit") == NEW,
            person=persons.get(data.get("person")),
            create_person=data.get("person") == NEW,
            series=s.series if s.series and data.get("series") == str(s.series.pk) else None,
            create_series=data.get("series") == NEW,
            outlet=s.outlet if s.outlet and data.get("outlet") == str(s.outlet.pk) else None,
            create_outlet=data.get("outlet") == NEW,
            initiatives=[
                initiatives[pk] for pk in data.get("initiatives", []) if pk in initiatives
            ],
            figure_keys=list(data.get("figures", [])),
            as_of=data.get("as_of"),
        )

    def clean(self):
        data = super().clean()
        if data.get("figures") and not data.get("as_of"):
            self.add_error("as_of", _("确认概况数据时必须填写数据日期。"))
        if data.get("figures") and not data.get("unit"):
            self.add_error("unit", _("确认概况数据前请先关联或新建受访单位。"))
        if data.get("initiatives") and data.get("unit") in (NEW, NONE):
            self.add_error("initiatives", _("只有关联已有单位时才能关联该单位的重点工作。"))
        return data


def _initial(current_pk, choices) -> str:
    """The draft's current link if it is among the choices, else the first existing
    match, else nothing: a new row is never pre-ticked."""
    values = [value for value, _label in choices]
    if current_pk is not None and str(current_pk) in values:
        return str(current_pk)
    existing = [v for v in values if v not in (NEW, NONE)]
    return existing[0] if len(existing) == 1 else NONE
