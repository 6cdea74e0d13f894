"""The maths of the place tree, in one place: which kind may hang under which, moving a
region with its subtree, subtrees as queries, and a unit's district.

Every region has a materialised ``path`` of ids ("/1/7/42/"): its ancestors are the ids in
it, and its subtree is every region whose path starts with it (one indexed prefix query).

A unit's district. The one definition: a region lies in district D when D is one of its
ancestors (D's path is a proper prefix of the region's path). Kinds deepen strictly from
parent to child and no kind sits between a district and a unit (``KIND_LEVEL``), so a unit
lies in at most one district, and when it does that district is its parent. The helpers
below state this one definition in the form each caller needs: ``lies_in`` (Python),
``in_district`` (a filter over many rows), ``containing_ids`` (which regions a row lies
in, for matching reviewers to units) and ``units_outside_districts``. A reviewer's
"district" is whatever region their profile names; the same helpers apply to it."""

import functools
import operator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Substr
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _

from .models import DISTRICT_KINDS, UNIT_KINDS, Region, RegionKind

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


def check_not_own_subtree(*, path: str, parent: Region | None) -> None:
    """A region (whose stored path is ``path``) cannot hang under itself or its subtree."""
    if path and parent is not None and parent.path.startswith(path):
        raise ValidationError({"parent": _("不能把区划设在它自己或它的下级之下。")})


def check_parent(*, kind: str, parent: Region | None, path: str = "") -> None:
    """Both rules of where a region may hang, every problem at once (``path``: the
    region's stored path, empty for a new one)."""
    errors: dict = {}
    for check in (
        lambda: check_kind(kind=kind, parent=parent),
        lambda: check_not_own_subtree(path=path, parent=parent),
    ):
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


# --- paths -------------------------------------------------------------------------------


def path_under(parent: Region | None, pk: int) -> str:
    return f"{parent.path if parent is not None else '/'}{pk}/"


def ancestor_ids(path: str) -> list[int]:
    """Ids of the ancestors in a materialised path ("/1/7/42/" -> [1, 7]), top first."""
    return [int(part) for part in path.strip("/").split("/")[:-1] if part]


@transaction.atomic
def region_move(*, region: Region, parent: Region | None) -> Region:
    """Save ``region`` (an existing one, with whatever else was changed on it) under
    ``parent``, and rewrite the paths of its whole subtree in one UPDATE. How one region
    moves: Django admin and the CSV/XLSX import call it (the division loader moves many
    at once and remakes the paths with ``bulk.rebuild_paths``). Raises ValidationError
    when the kind cannot hang there or ``parent`` lies in the region's own subtree."""
    old_path = Region.objects.select_for_update().values_list("path", flat=True).get(pk=region.pk)
    check_parent(kind=region.kind, parent=parent, path=old_path)
    region.parent = parent
    region.path = path_under(parent, region.pk)
    region.save()
    if region.path != old_path:
        Region.objects.filter(path__startswith=old_path).exclude(pk=region.pk).update(
            path=Concat(Value(region.path), Substr("path", len(old_path) + 1))
        )
    return region


# --- subtrees ----------------------------------------------------------------------------


def in_subtrees(roots, field: str = "path") -> Q:
    """Rows whose region (``field``: its path) is one of ``roots`` or lies below one."""
    if not roots:
        return Q(pk__in=[])
    return functools.reduce(
        operator.or_, (Q(**{f"{field}__startswith": root.path}) for root in roots)
    )


def subtree_root(roots, field: str = "path") -> Case:
    """The id of the root among ``roots`` (disjoint subtrees: districts, or cities) whose
    subtree holds the row's region: the key that GROUP BY and PARTITION BY use to count
    many districts in one query."""
    return Case(
        *(When(**{f"{field}__startswith": root.path}, then=Value(root.pk)) for root in roots),
        default=None,
        output_field=IntegerField(),
    )


def holds_outer(field: str = "path") -> StartsWith:
    """In a subquery over regions: the row is the outer query's region (``field``: its
    path) or one of its ancestors."""
    return StartsWith(OuterRef(field), F("path"))


# --- a unit's district (see the module's docstring) --------------------------------------


def lies_in(region: Region, district: Region) -> bool:
    """Whether ``region`` lies in ``district`` (below it, not the district itself)."""
    return region.pk != district.pk and region.path.startswith(district.path)


def in_district(district: Region, field: str = "path") -> Q:
    """Rows whose region (``field``: its path) lies in ``district``."""
    return Q(**{f"{field}__startswith": district.path}) & ~Q(**{field: district.path})


def containing_ids(path: str) -> list[int]:
    """The ids of every region that a region with this path lies in (its ancestors): a
    reviewer covers the region when their district is one of them."""
    return ancestor_ids(path)


def units_outside_districts() -> QuerySet[Region]:
    """Units that lie in no district (a 街道 whose district is not in the tree). A unit's
    district can only be its parent, so one join answers, not a prefix test against
    every district."""
    return Region.objects.filter(kind__in=UNIT_KINDS).exclude(parent__kind__in=DISTRICT_KINDS)
