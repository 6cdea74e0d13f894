"""Admin in daily use (issue 14 finding 16, issue 10 finding 4): the region CSV opens in
Excel on Chinese Windows (a BOM) with formula-like names made inert and read back as they
were; the report list filters by unit and district and names its reviewers."""

import csv
import io

import pytest
from django.urls import reverse

from initiatives.models import Region, RegionKind, ReportStatus
from initiatives.places.services import regions_import

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","点这里")'


def export_regions(client, fmt="csv") -> bytes:
    url = reverse("admin:initiatives_region_export")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    index = next(v for v, label in form.fields["format"].choices if str(label).lower() == fmt)
    data = {"format": index, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("regionresource_")})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_region_csv_has_a_bom_and_inert_names_that_read_back(client, admin_user, unit):
    Region.objects.create(name=PAYLOAD, kind=RegionKind.COMMUNITY, slug="evil", parent=unit)
    Region.objects.create(name="-1+1", kind=RegionKind.COMMUNITY, slug="minus", parent=unit)
    client.force_login(admin_user)
    content = export_regions(client)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["名称", "层级", "区划代码", "上级"]
    names = [row[0] for row in rows[1:]]
    assert "'" + PAYLOAD in names and "'-1+1" in names and "和平街道" in names
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@"))]
    # Imported again, the file changes nothing: the apostrophe is not part of the name.
    result = regions_import(data=content)
    assert result.errors == [] and result.created == 0
    assert Region.objects.filter(name=PAYLOAD).count() == 1


def test_report_admin_filters_by_district_and_unit_and_names_reviewers(
    client, admin_user, reviewer, report_initiative, make_report, other_unit, foreign_unit
):
    from tests.factories import InitiativeFactory

    reviewer.first_name = "张建国"  # the demo keeps a full name in first_name
    reviewer.save()
    heping = make_report(report_initiative, status=ReportStatus.APPROVED, reviewed_by=reviewer)
    gongyuan = make_report(InitiativeFactory(region=other_unit), status=ReportStatus.SUBMITTED)
    jimolu = make_report(InitiativeFactory(region=foreign_unit), status=ReportStatus.SUBMITTED)
    client.force_login(admin_user)
    url = reverse("admin:initiatives_progressreport_changelist")

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return response, {r.pk for r in response.context["cl"].result_list}

    response, everything = listed()
    assert everything == {heping.pk, gongyuan.pk, jimolu.pk}
    body = response.content.decode()
    assert "张建国" in body and "reviewer_zhangdian" not in body
    district = report_initiative.region.parent
    assert listed(district=district.pk)[1] == {heping.pk, gongyuan.pk}
    assert listed(district=district.pk, unit=other_unit.pk)[1] == {gongyuan.pk}
    assert listed(unit=foreign_unit.pk)[1] == {jimolu.pk}
    # Units to choose from once a district is chosen (the national tree is too long a list).
    titles = [str(f.title) for f in response.context["cl"].filter_specs]
    assert "区县" in titles and "单位" not in titles
    chosen = listed(district=district.pk)[0]
    assert "单位" in [str(f.title) for f in chosen.context["cl"].filter_specs]
    # A reviewer's unit filter offers only the units of their district.
    client.force_login(reviewer)
    response = client.get(url)
    unit_filter = next(f for f in response.context["cl"].filter_specs if str(f.title) == "单位")
    offered = {str(label) for _value, label in unit_filter.lookup_choices}
    assert offered == {"和平街道", "公园街道"}
