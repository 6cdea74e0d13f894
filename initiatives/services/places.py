"""Writes for places, profiles, people and appointments."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from portal.i18n import join_names
from portal.text import unique_slug

from ..models import Appointment, Person, Post, Region, RegionKind, RegionProfile

# The figures a profile holds; all of them are counts except the area.
FIGURE_FIELDS = (
    "area_km2",
    "population",
    "communities",
    "party_branches",
    "party_members",
    "grids",
    "grid_party_branches",
)

# How deep each kind sits in the tree. A child must sit deeper than its parent; levels may
# be skipped (a county-level city, or a 街道 whose district is unknown).
KIND_LEVEL = {
    RegionKind.PROVINCE: 0,
    RegionKind.CITY: 1,
    RegionKind.DISTRICT: 2,
    RegionKind.COUNTY: 2,
    RegionKind.SUBDISTRICT: 3,
    RegionKind.TOWN: 3,
    RegionKind.TOWNSHIP: 3,
    RegionKind.COMMUNITY: 4,
    RegionKind.VILLAGE: 4,
    RegionKind.GRID: 5,
}


def kind_fits_parent(kind: str, parent: Region | None) -> bool:
    return parent is None or KIND_LEVEL[RegionKind(kind)] > KIND_LEVEL[RegionKind(parent.kind)]


def check_kind(*, kind: str, parent: Region | None) -> None:
    """Raise a readable ValidationError when ``kind`` cannot hang under ``parent``."""
    if kind not in RegionKind.values:
        raise ValidationError({"kind": _("层级“%(kind)s”无效。") % {"kind": kind}})
    if not kind_fits_parent(kind, parent):
        raise ValidationError(
            {
                "kind": _("层级不符：“%(kind)s”不能设在%(parent_kind)s“%(parent)s”之下。")
                % {
                    "kind": RegionKind(kind).label,
                    "parent_kind": RegionKind(parent.kind).label,
                    "parent": parent.name,
                }
            }
        )


@transaction.atomic
def region_create(
    *, parent: Region | None, name: str, kind: str, code: str | None = None
) -> Region:
    name = (name or "").strip()
    check_kind(kind=kind, parent=parent)
    region = Region(
        parent=parent,
        name=name,
        kind=kind,
        code=(code or "").strip() or None,
        slug=unique_slug(name, model=Region),
    )
    region.full_clean()
    region.save()
    return region


def region_repath_descendants(*, region: Region, old_path: str) -> int:
    """After ``region`` moved (its path changed from ``old_path``), rewrite the paths of its
    whole subtree in one UPDATE. Returns the number of rows changed."""
    if not old_path or old_path == region.path:
        return 0
    return (
        Region.objects.filter(path__startswith=old_path)
        .exclude(pk=region.pk)
        .update(path=Concat(Value(region.path), Substr("path", len(old_path) + 1)))
    )


def _clean_figure(name: str, raw) -> Decimal | int | None:
    label = RegionProfile._meta.get_field(name).verbose_name
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError({name: _("%(label)s应为数字。") % {"label": label}})
    if not number.is_finite():
        raise ValidationError({name: _("%(label)s应为数字。") % {"label": label}})
    if number < 0:
        raise ValidationError({name: _("%(label)s不能为负数。") % {"label": label}})
    if name == "area_km2":
        return number.quantize(Decimal("0.01"))
    if number != number.to_integral_value():
        raise ValidationError({name: _("%(label)s应为整数。") % {"label": label}})
    return int(number)


def clean_figures(figures: dict) -> dict:
    """Check and convert profile figures; every problem is reported at once, in Chinese."""
    unknown = sorted(set(figures) - set(FIGURE_FIELDS))
    if unknown:
        raise ValidationError(_("未知的概况数据项：%(names)s。") % {"names": join_names(unknown)})
    cleaned, errors = {}, {}
    for name, raw in figures.items():
        try:
            value = _clean_figure(name, raw)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if value is not None:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("请至少填写一项概况数据。"))
    return cleaned


@transaction.atomic
def profile_record(
    *,
    region: Region,
    as_of: dt.date,
    figures: dict,
    source: str,
    source_url: str = "",
    by=None,
) -> RegionProfile:
    """Record a unit's figures as of a date. Figures for the same unit and date are one
    record: a second call fills in or corrects the figures it names and keeps the others,
    so an editor confirming figures from a second article does not lose the first's."""
    cleaned = clean_figures(figures)
    profile = (
        RegionProfile.objects.select_for_update().filter(region=region, as_of=as_of).first()
    ) or RegionProfile(region=region, as_of=as_of)
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.source = (source or "").strip()
    profile.source_url = (source_url or "").strip()
    if by is not None and getattr(by, "is_authenticated", False):
        profile.recorded_by = by
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def person_create(*, name: str, bio: str = "") -> Person:
    name = (name or "").strip()
    person = Person(name=name, bio=bio, slug=unique_slug(name or "person", model=Person))
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def appointment_create(
    *,
    person: Person,
    region: Region,
    post: str,
    post_title: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    note: str = "",
) -> Appointment:
    """Appoint ``person`` to ``post`` in ``region``. Dates may be left empty where the source
    does not give them; the end date, when given, cannot precede the start."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("任职止日期不能早于任职起日期。")})
    if post in (Post.SUBDISTRICT_SECRETARY, Post.TOWN_SECRETARY) and not region.is_unit:
        raise ValidationError({"post": _("书记职务只能设在街道、镇或乡。")})
    appointment = Appointment(
        person=person,
        region=region,
        post=post,
        post_title=post_title,
        start_date=start_date,
        end_date=end_date,
        note=note,
    )
    appointment.full_clean()
    appointment.save()
    return appointment


@dataclass
class RegionImportResult:
    """What an import did: rows created, updated and unchanged, or the problems found
    (one Chinese line per problem), in which case nothing was saved."""

    created: int
    updated: int
    unchanged: int
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes) -> str:
    # Excel on Chinese Windows saves CSV as GB18030; everything else is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 XLSX 文件。"))


def regions_import(*, data: bytes, file_format: str = "csv") -> RegionImportResult:
    """Import the place tree from CSV or XLSX (see ``initiatives.resources``). All or
    nothing: one bad row and no row is saved."""
    import tablib

    from ..resources import RegionResource, import_report

    if file_format not in ("csv", "xlsx"):
        raise ValidationError(_("只支持 CSV 和 XLSX 文件。"))
    try:
        if file_format == "csv":
            dataset = tablib.Dataset().load(_decode(data), format="csv")
        else:
            dataset = tablib.Dataset().load(data, format="xlsx")
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            _("文件无法读取，请检查格式是否为 %(format)s。") % {"format": file_format.upper()}
        )
    result = RegionResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    errors = import_report(result)
    totals = result.totals
    return RegionImportResult(
        created=0 if errors else totals.get("new", 0),
        updated=0 if errors else totals.get("update", 0),
        unchanged=0 if errors else totals.get("skip", 0),
        errors=errors,
    )
