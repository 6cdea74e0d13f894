"""The tree maths: a unit's district, one definition in every form; moves with the subtree;
subtree queries."""

import pytest
from django.core.exceptions import ValidationError

from initiatives.models import Region, RegionKind
from initiatives.places.tree import (
    ancestor_ids,
    containing_ids,
    in_district,
    in_subtrees,
    lies_in,
    region_move,
    subtree_root,
    units_outside_districts,
)
from tests.factories import DistrictFactory, RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    city = RegionFactory(name="淄博市", kind=RegionKind.CITY)
    zhangdian = DistrictFactory(name="张店区", parent=city)
    zichuan = DistrictFactory(name="淄川区", parent=city)
    heping = UnitFactory(name="和平街道", parent=zhangdian)
    gongyuan = UnitFactory(name="公园街道", parent=zhangdian)
    banyang = UnitFactory(name="般阳路街道", parent=zichuan)
    community = Region.objects.create(
        name="中后河社区", kind=RegionKind.COMMUNITY, parent=heping, slug="zhonghouhe"
    )
    under_city = UnitFactory(name="城下街道", parent=city)  # no district in the tree
    beijie = UnitFactory(name="北街街道", parent=None)
    return {
        "city": city, "zhangdian": zhangdian, "zichuan": zichuan, "heping": heping,
        "gongyuan": gongyuan, "banyang": banyang, "community": community,
        "under_city": under_city, "beijie": beijie,
    }  # fmt: skip


def test_a_units_district_is_the_same_in_every_form(tree):
    zhangdian = tree["zhangdian"]
    in_python = {r.name for r in Region.objects.all() if lies_in(r, zhangdian)}
    in_sql = set(Region.objects.filter(in_district(zhangdian)).values_list("name", flat=True))
    by_ids = {r.name for r in Region.objects.all() if zhangdian.pk in containing_ids(r.path)}
    assert in_python == in_sql == by_ids == {"和平街道", "公园街道", "中后河社区"}
    assert not lies_in(zhangdian, zhangdian)
    assert set(units_outside_districts().values_list("name", flat=True)) == {"城下街道", "北街街道"}
    # A unit's district, when it has one, is its parent.
    for unit in Region.objects.filter(kind=RegionKind.SUBDISTRICT):
        districts = [r for r in Region.objects.filter(kind=RegionKind.DISTRICT) if lies_in(unit, r)]
        assert districts == ([unit.parent] if unit.parent and unit.parent.is_district else [])


def test_subtrees_and_their_roots(tree):
    roots = [tree["zhangdian"], tree["zichuan"]]
    rows = Region.objects.filter(in_subtrees(roots)).annotate(root=subtree_root(roots))
    assert {r.name: r.root for r in rows} == {
        "张店区": tree["zhangdian"].pk, "淄川区": tree["zichuan"].pk,
        "和平街道": tree["zhangdian"].pk, "公园街道": tree["zhangdian"].pk,
        "中后河社区": tree["zhangdian"].pk, "般阳路街道": tree["zichuan"].pk,
    }  # fmt: skip
    assert not Region.objects.filter(in_subtrees([])).exists()
    assert ancestor_ids(tree["community"].path) == [
        tree["city"].pk, tree["zhangdian"].pk, tree["heping"].pk
    ]  # fmt: skip


def test_region_move_carries_the_subtree_and_refuses_what_the_tree_forbids(tree):
    heping, zichuan, community = tree["heping"], tree["zichuan"], tree["community"]
    region_move(region=heping, parent=zichuan)
    community.refresh_from_db()
    assert community.path == f"{zichuan.path}{heping.pk}/{community.pk}/"
    assert lies_in(community, zichuan) and not lies_in(community, tree["zhangdian"])

    paths = dict(Region.objects.values_list("pk", "path"))
    with pytest.raises(ValidationError) as exc:
        region_move(region=heping, parent=tree["gongyuan"])
    assert exc.value.message_dict == {"kind": ["层级不符：“街道”不能设在街道“公园街道”之下。"]}
    # Into its own subtree: both problems at once.
    city = tree["city"]
    city.kind = RegionKind.PROVINCE
    with pytest.raises(ValidationError) as exc:
        region_move(region=city, parent=community)
    assert exc.value.message_dict == {
        "kind": ["层级不符：“省”不能设在社区“中后河社区”之下。"],
        "parent": ["不能把区划设在它自己或它的下级之下。"],
    }
    assert dict(Region.objects.values_list("pk", "path")) == paths
    assert Region.objects.get(pk=city.pk).kind == RegionKind.CITY
