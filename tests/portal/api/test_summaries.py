"""Summaries through the API: scoped as the summary pages, JSON and CSV."""

import csv
import io

import pytest

from initiatives.models import ScopeKind, Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def built(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)


def test_a_reviewer_reads_the_districts_and_its_units_summaries(
    api, bearer, reviewer, built, unit, foreign_unit
):
    auth = bearer(reviewer)
    rows = api.get("/api/v1/summaries/", **auth).json()["results"]
    seen = {(r["scope_kind"], r["region"]["name"]) for r in rows}
    assert ("district", "张店区") in seen and ("unit", "和平街道") in seen
    assert all(r["region"]["name"] != foreign_unit.name for r in rows)
    assert {
        r["scope_kind"]
        for r in api.get("/api/v1/summaries/?scope=district", **auth).json()["results"]
    } == {"district"}

    district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)
    detail = api.get(f"/api/v1/summaries/{district.pk}/", **auth).json()
    assert detail["expected"] == 7 and detail["narrative"]
    english = api.get(f"/api/v1/summaries/{district.pk}/", HTTP_ACCEPT_LANGUAGE="en", **auth).json()
    assert english["narrative"] != detail["narrative"]


def test_the_csv_is_the_pages_export(api, bearer, reviewer, built, unit):
    district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)
    response = api.get(
        f"/api/v1/summaries/{district.pk}/csv/", HTTP_ACCEPT="text/csv", **bearer(reviewer)
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["张店区2026年第40周（9月28日至10月4日）工作汇总"]
    assert ["应报", "7"] in rows


def test_an_official_sees_only_their_units_and_another_is_404(
    api, bearer, official, built, unit, other_unit
):
    auth = bearer(official)
    rows = api.get("/api/v1/summaries/", **auth).json()["results"]
    assert rows and {(r["scope_kind"], r["region"]["name"]) for r in rows} == {("unit", "和平街道")}
    other = Summary.objects.get(scope_kind=ScopeKind.UNIT, region=other_unit)
    for path in (f"/api/v1/summaries/{other.pk}/", f"/api/v1/summaries/{other.pk}/csv/"):
        response = api.get(path, **auth)
        assert response.status_code == 404
        assert response.json()["detail"] == "没有找到这份汇总。"
    assert api.get("/api/v1/summaries/").status_code == 401
