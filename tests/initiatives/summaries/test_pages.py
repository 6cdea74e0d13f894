"""Summary pages: who sees what, the reporting-rate page, query counts, the dashboard."""

import datetime as dt

import pytest
from django.urls import reverse

from initiatives.models import ScopeKind, Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def built(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    return {
        "mine": Summary.objects.get(scope_kind=ScopeKind.UNIT, region=unit),
        "sibling": Summary.objects.get(scope_kind=ScopeKind.UNIT, region=other_unit),
        "district": Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent),
        "foreign": Summary.objects.get(scope_kind=ScopeKind.UNIT, region=foreign_unit),
        "city": Summary.objects.get(scope_kind=ScopeKind.CITY, region=unit.parent.parent),
        "family": Summary.objects.filter(scope_kind=ScopeKind.FAMILY).first(),
    }


def urls(summary):
    return [
        reverse("initiatives:summary_detail", args=[summary.pk]),
        *(
            reverse("initiatives:summary_export", args=[summary.pk, fmt])
            for fmt in ("csv", "xlsx", "docx")
        ),
    ]


def test_official_sees_only_their_unit(client, official, built):
    client.force_login(official)
    listed = client.get(reverse("initiatives:summary_list")).context["summaries"]
    assert [s.pk for s in listed] == [built["mine"].pk]
    for url in urls(built["mine"]):
        assert client.get(url).status_code == 200
    for other in ("sibling", "district", "foreign", "city", "family"):
        for url in urls(built[other]):
            assert client.get(url).status_code == 404, (other, url)


def test_reviewer_sees_their_district_and_its_units(client, reviewer, built):
    client.force_login(reviewer)
    listed = {s.pk for s in client.get(reverse("initiatives:summary_list")).context["summaries"]}
    assert listed == {built["mine"].pk, built["sibling"].pk, built["district"].pk}
    for url in urls(built["district"]) + urls(built["sibling"]):
        assert client.get(url).status_code == 200
    for other in ("foreign", "city", "family"):
        for url in urls(built[other]):
            assert client.get(url).status_code == 404, (other, url)


def test_admin_sees_all(client, admin_user, built):
    client.force_login(admin_user)
    response = client.get(reverse("initiatives:summary_list"))
    assert len(response.context["summaries"]) == Summary.objects.count() == 9
    assert client.get(urls(built["city"])[0]).status_code == 200


def test_editor_is_refused_and_the_public_sent_to_login(client, editor, built):
    pages = [
        reverse("initiatives:summary_list"),
        reverse("initiatives:reporting_rate"),
        *urls(built["mine"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(editor)
    for url in pages:
        assert client.get(url).status_code == 403


def test_detail_page_shows_narrative_and_chart_data(client, reviewer, built):
    client.force_login(reviewer)
    response = client.get(built["district"].get_absolute_url())
    body = response.content.decode()
    assert built["district"].narrative in body
    assert 'id="rate-chart-data"' in body and "chart.umd.min.js" in body
    assert response.context["rate_chart"]["rate"] == [57.1]
    assert "和平街道" in body and "公园街道" in body


def test_list_and_detail_query_counts_do_not_grow(
    client, reviewer, built, django_assert_max_num_queries
):
    client.force_login(reviewer)
    with django_assert_max_num_queries(9) as first:
        client.get(reverse("initiatives:summary_list"))
    with django_assert_max_num_queries(9):
        client.get(built["district"].get_absolute_url())
    # Another four weeks of summaries: more rows, no more queries.
    for weeks in range(1, 5):
        summaries_build_period(
            period_kind="week", period_start=WEEK - dt.timedelta(weeks=weeks), as_of=AS_OF
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("initiatives:summary_list"))
    assert len(response.context["summaries"]) == 15


def test_reporting_rate_page_for_reviewer_and_official(client, reviewer, official, built):
    client.force_login(reviewer)
    response = client.get(
        reverse("initiatives:reporting_rate"), {"period_kind": "week", "date": "2026-10-01"}
    )
    rows = {r.name: (r.expected, r.filed, r.on_time, r.overdue) for r in response.context["rows"]}
    # Counted now (after 10-10), so q1 is overdue as well: 和平 3 expected, 2 filed, 1 late.
    assert rows == {"和平街道": (3, 2, 1, 1), "公园街道": (4, 2, 1, 2)}
    assert response.context["totals"]["expected"] == 7
    assert "即墨路街道" not in response.content.decode()
    client.force_login(official)
    response = client.get(
        reverse("initiatives:reporting_rate"), {"period_kind": "week", "date": "2026-10-01"}
    )
    assert [r.name for r in response.context["rows"]] == ["和平街道"]


def test_reporting_rate_page_explains_a_bad_date(client, official, built):
    client.force_login(official)
    response = client.get(reverse("initiatives:reporting_rate"), {"date": "2026-02-30"})
    assert response.status_code == 200
    assert "请输入有效的日期，格式如 2026-10-08。" in response.content.decode()


def test_home_dashboard_for_official_and_reviewer(client, official, reviewer, built):
    client.force_login(official)
    body = client.get(reverse("home")).content.decode()
    assert "和平街道 本周报送" in body and 'id="dashboard-official"' in body
    assert built["mine"].get_absolute_url() in body
    client.force_login(reviewer)
    body = client.get(reverse("home")).content.decode()
    assert "张店区 报送与进度" in body and built["district"].get_absolute_url() in body


def test_nav_shows_summaries_to_officials_not_editors(client, official, editor, db):
    client.force_login(official)
    assert "汇总" in client.get(reverse("home")).content.decode()
    client.force_login(editor)
    assert reverse("initiatives:summary_list") not in client.get(reverse("home")).content.decode()


def test_admin_rebuild_action(client, admin_user, built):
    Summary.objects.filter(pk=built["mine"].pk).update(filed=0, figures={})
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:initiatives_summary_changelist"),
        {"action": "rebuild", "_selected_action": [built["mine"].pk]},
        follow=True,
    )
    assert "已重新生成 1 份汇总。" in response.content.decode()
    built["mine"].refresh_from_db()
    assert built["mine"].filed == 2 and built["mine"].narrative


def test_paragraph_and_period_follow_the_readers_language(client, reviewer, built):
    """Rendered from the figures when read: each reader gets it in their own language."""
    district = built["district"]
    assert district.narrative.startswith("2026年第40周（9月28日至10月4日），")
    client.force_login(reviewer)
    chinese = client.get(district.get_absolute_url()).context["narrative"]
    assert chinese == district.narrative
    english = client.get(district.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    text = english.context["narrative"]
    assert text.startswith("Week 40, 2026 (Sept. 28 – Oct. 4), 张店区: "), text
    assert not any(mark in text for mark in "，。；、（）年月日"), text
    assert "7 progress report(s) expected, 4 filed" in text
    # Sentences spaced, English stops; the outstanding sentence between them.
    assert "returned at least once. As of Oct. 8, " in text
    assert "not yet filed. No unit" in text


def test_the_list_pages_without_counting_every_summary(client, admin_user, built):
    for weeks in range(1, 4):
        summaries_build_period(
            period_kind="week", period_start=WEEK - dt.timedelta(weeks=weeks), as_of=AS_OF
        )
    assert Summary.objects.count() == 36
    client.force_login(admin_user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("initiatives:summary_list"))
    summary_counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and '"initiatives_summary"' in q["sql"]
    ]
    assert summary_counts == []  # the unread count of 通知 may count; summaries never
    page = first.context["page_obj"]
    assert len(page.object_list) == 30 and page.has_next() and not page.has_previous()
    second = client.get(reverse("initiatives:summary_list"), {"page": 2})
    page = second.context["page_obj"]
    assert len(page.object_list) == 6 and not page.has_next()
    assert "第 2 页" in second.content.decode()
    assert client.get(reverse("initiatives:summary_list"), {"page": 3}).status_code == 404
