"""The public, read-only API: units, their approved figures, articles, series, search;
ETag / If-None-Match; the cache follows what is published."""

import datetime as dt

import pytest

from initiatives.models import RegionProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def heping(unit, district):
    from tests.factories import AppointmentFactory, PersonFactory

    district.code, unit.code = "370303000000", "370303001000"
    district.save(update_fields=["code"])
    unit.save(update_fields=["code"])
    RegionProfile.objects.create(region=unit, as_of=dt.date(2024, 12, 31), population=52000)
    RegionProfile.objects.create(
        region=unit, as_of=dt.date(2025, 12, 31), population=53000, party_members=2100
    )
    AppointmentFactory(
        region=unit, person=PersonFactory(name="李书记"), start_date=dt.date(2023, 3, 1)
    )
    return unit


def test_units_list_the_tree_with_codes_and_the_current_secretary(
    api, heping, other_unit, foreign_unit
):
    response = api.get("/api/v1/units/")
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) == {heping.slug, other_unit.slug, foreign_unit.slug}
    row = rows[heping.slug]
    assert row["code"] == "370303001000" and row["secretary"] == "李书记"
    assert row["parent"]["name"] == "张店区"
    assert [a["name"] for a in row["ancestors"]][-1] == "张店区"
    in_district = api.get("/api/v1/units/?district=370303000000").json()["results"]
    assert {r["slug"] for r in in_district} == {heping.slug, other_unit.slug}


def test_the_units_list_pins_its_query_count(
    api, heping, other_unit, foreign_unit, django_assert_num_queries
):
    # units (secretary annotated) and the page's ancestors, however many units
    with django_assert_num_queries(2):
        assert len(api.get("/api/v1/units/").json()["results"]) == 3


def test_a_unit_shows_profiles_over_time_and_its_secretary(api, heping):
    body = api.get(f"/api/v1/units/{heping.slug}/").json()
    assert [p["as_of"] for p in body["profiles"]] == ["2025-12-31", "2024-12-31"]
    assert (
        body["profiles"][0]["population"] == 53000 and body["profiles"][0]["party_members"] == 2100
    )
    assert body["profiles"][1]["party_members"] is None
    assert body["secretary"]["name"] == "李书记"
    assert body["unit"]["code"] == "370303001000"
    missing = api.get("/api/v1/units/no-such-unit/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_a_units_figures_are_its_approved_reports_only(api, heping, report_initiative, make_report):
    make_report(report_initiative, status="approved", month=9)
    make_report(report_initiative, status="submitted", month=10)
    rows = api.get(f"/api/v1/units/{heping.slug}/figures/").json()["results"]
    assert {(r["period_start"], r["indicator_name"], r["value"]) for r in rows} == {
        ("2026-09-01", "新增花卉面积", "10.00"),
        ("2026-09-01", "裸露土地", "10.00"),
    }
    assert api.get(f"/api/v1/units/{heping.slug}/figures/?period=2026-10").json()["results"] == []
    assert (
        len(api.get(f"/api/v1/units/{heping.slug}/figures/?period=2026-09").json()["results"]) == 2
    )


def test_etag_and_if_none_match(api, heping):
    first = api.get("/api/v1/units/")
    etag = first["ETag"]
    assert etag.startswith('"') and first["Cache-Control"].startswith("public")
    again = api.get("/api/v1/units/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert api.get("/api/v1/units/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_articles_with_blocks_and_series_follow_what_is_published(
    api, make_article, editor, admin_user, django_capture_on_commit_callbacks
):
    from interviews.articles.services import workflow
    from tests.factories import SeriesFactory

    series = SeriesFactory(title="书记谈治理", slug="shuji-tan")
    article = make_article("网格里的党建", status="published", series=series)
    make_article("还是草稿")
    listing = api.get("/api/v1/articles/")
    assert [a["headline"] for a in listing.json()["results"]] == ["网格里的党建"]
    detail = api.get(f"/api/v1/articles/{article.slug}/").json()
    assert [(b["kind"], b["text"]) for b in detail["blocks"]] == [
        ("question", "问题？"),
        ("answer", "回答。"),
    ]
    assert api.get("/api/v1/series/shuji-tan/").json()["articles"][0]["slug"] == article.slug
    assert api.get("/api/v1/series/").json()["results"][0]["slug"] == "shuji-tan"

    # Withdrawn: the cached answers go at once (the published version moved).
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_archive(article=article, by=admin_user)
    assert api.get("/api/v1/articles/").json()["results"] == []
    assert api.get(f"/api/v1/articles/{article.slug}/").status_code == 404


def test_search_finds_published_articles_as_plain_text(api, make_article):
    make_article("社区网格化治理", status="published", blocks=(("paragraph", "网格员走访居民。"),))
    body = api.get("/api/v1/search/", {"q": "网格"}).json()
    assert body["query"] == "网格"
    assert [r["kind"] for r in body["results"]] == ["article"]
    assert "<" not in body["results"][0]["title"]
    assert api.get("/api/v1/search/", {"q": "x" * 101}).status_code == 400


def test_anonymous_calls_are_limited_per_address(api, heping, settings):
    settings.API_THROTTLE_RATES = {"token": "1000/hour", "anon": "2/hour"}
    assert api.get("/api/v1/units/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert api.get("/api/v1/units/", REMOTE_ADDR="10.0.0.1").status_code == 200
    limited = api.get("/api/v1/units/", REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429
    assert limited.json()["title"] == "请求过于频繁" and "Retry-After" in limited
    assert api.get("/api/v1/units/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_token_calls_are_limited_per_token(api, bearer, official, settings):
    settings.API_THROTTLE_RATES = {"token": "1/hour", "anon": "1000/hour"}
    first, second = bearer(official), bearer(official, name="另一个")
    assert api.get("/api/v1/reports/", **first).status_code == 200
    assert api.get("/api/v1/reports/", **first).status_code == 429
    assert api.get("/api/v1/reports/", **second).status_code == 200
