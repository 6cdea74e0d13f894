"""Writes for places, profiles, people and appointments (a move is ``tree.region_move``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.i18n import join_names
from portal.text import unique_slug

from .models import FIGURE_FIELDS, Appointment, Person, Region, RegionProfile
from .resources import RegionResource, import_report
from .tree import check_kind


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
    does not give them; the rules on dates and posts are ``Appointment.clean``'s."""
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
    """Import the place tree from CSV or XLSX (see ``resources``). All or nothing: one bad
    row and no row is saved."""
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
