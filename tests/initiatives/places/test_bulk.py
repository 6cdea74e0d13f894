"""The division loader's set-based writes, on whichever database the suite runs."""

import pytest

from initiatives.models import Region
from initiatives.places.bulk import allocate_pks, insert_regions, rebuild_paths, update_regions
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_rows_written_in_bulk_keep_their_ids_paths_and_awkward_characters():
    root_pk, child_pk = allocate_pks(2)
    name = "反斜杠\\制表\t换行\n回车\r"
    insert_regions(
        [
            (root_pk, None, name, "province", "990000000000", False, "r-slug", f"/{root_pk}/"),
            (child_pk, root_pk, "子", "city", None, True, "c-slug", f"/{root_pk}/{child_pk}/"),
        ]
    )
    root, child = Region.objects.get(pk=root_pk), Region.objects.get(pk=child_pk)
    assert (root.name, root.code, root.withdrawn, root.path) == (
        name,
        "990000000000",
        False,
        f"/{root_pk}/",
    )
    assert (child.parent_id, child.code, child.withdrawn) == (root_pk, None, True)
    # Regions made the ordinary way afterwards get ids of their own.
    assert RegionFactory().pk not in (root_pk, child_pk)


def test_ids_are_never_those_of_deleted_regions():
    region = RegionFactory()
    deleted = region.pk
    region.delete()
    assert min(allocate_pks(3)) > deleted


def test_updates_in_bulk_set_nulls_and_values_and_paths_follow_moves():
    a = RegionFactory(name="甲", kind="province")
    b = RegionFactory(name="乙", kind="province")
    c = RegionFactory(name="丙", kind="city", parent=a)
    d = RegionFactory(name="丁", kind="district", parent=c)
    update_regions([(c.pk, b.pk, "丙二", None), (d.pk, c.pk, "丁", "990101000000")],
                   ["parent_id", "name", "code"])  # fmt: skip
    update_regions([(a.pk, None), (b.pk, None)], ["parent_id"])  # a column of NULLs only
    rebuild_paths()
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.parent_id, c.name, c.path) == (b.pk, "丙二", f"/{b.pk}/{c.pk}/")
    assert (d.code, d.path) == ("990101000000", f"/{b.pk}/{c.pk}/{d.pk}/")
    a.refresh_from_db()
    assert a.path == f"/{a.pk}/"
