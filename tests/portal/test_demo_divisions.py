"""seed_demo on the real division tree (山东, 安徽), as `make run` loads it: the demo units
are the real ones, with their codes, and a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Appointment, ProgressReport, Region, RegionKind

pytestmark = pytest.mark.django_db

DEMO_CODES = {
    "370303004000": ("和平街道", "张店区", "淄博市", "山东省"),
    "370303002000": ("公园街道", "张店区", "淄博市", "山东省"),
    "370203020000": ("即墨路街道", "市北区", "青岛市", "山东省"),
    "340405002000": ("土坝孜街道", "八公山区", "淮南市", "安徽省"),
}


def chain(region):
    names = []
    while region is not None:
        names.append(region.name)
        region = region.parent
    return tuple(names)


def test_seed_demo_sits_on_the_real_tree_of_shandong_and_anhui(settings, client):
    settings.DEMO_DIVISION_PROVINCES = ["37", "34"]
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Real division tree (37, 34)" in out.getvalue()
    for code, names in DEMO_CODES.items():
        unit = Region.objects.select_related("parent__parent__parent").get(code=code)
        assert chain(unit) == names
        assert Appointment.objects.filter(region=unit).exists()
    # The demo's units are the real ones, not copies beside them.
    assert Region.objects.filter(name="和平街道", parent__code="370303000000").count() == 1
    assert Region.objects.filter(code__startswith="37", kind__in=RegionKind.values).count() > 1800
    assert Region.objects.filter(kind=RegionKind.PROVINCE).count() == 2
    units = Region.objects.filter(kind__in=["subdistrict", "town", "township"]).count()
    assert units > 3500  # 3,536 real townships and 北街街道
    # The reports hang on the real units.
    assert ProgressReport.objects.filter(initiative__region__code="370303004000").exists()
    reports, regions = ProgressReport.objects.count(), Region.objects.count()

    call_command("seed_demo", stdout=StringIO())
    assert (ProgressReport.objects.count(), Region.objects.count()) == (reports, regions)

    client.force_login(get_user_model().objects.get(username="official_heping"))
    assert client.get(reverse("home")).status_code == 200
    assert "和平街道" in client.get("/units/?q=张店").content.decode()
