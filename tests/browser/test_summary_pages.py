"""A reviewer opens the summaries from the navigation, reads the district summary with
its charts, and the reporting-rate page."""

import pytest

from initiatives.models import Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_reads_the_district_summary(
    page, live_server, browser_login, screenshot, no_outside_requests,
    reviewer, unit, other_unit, foreign_unit,
):  # fmt: skip
    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    browser_login(reviewer.username)
    assert "张店区 报送与进度" in page.inner_text("body")
    assert page.evaluate(
        "() => Chart.getChart('dashboard-reviewer-chart').data.datasets[0].data"
    ) == [57.1]
    screenshot("summary-home-reviewer")

    page.click("text=汇总")
    page.click("text=周报与月报汇总")
    page.click("table >> text=张店区")
    page.wait_for_load_state("networkidle")
    district = Summary.objects.get(scope_kind="district", region=unit.parent)
    assert page.inner_text("#narrative") == district.narrative
    # Chart.js drew on both canvases (served locally).
    assert page.evaluate("() => Chart.getChart('rate-chart') !== undefined")
    assert page.evaluate("() => Chart.getChart('progress-chart').data.datasets[0].data[0]") == 30
    screenshot("summary-detail-district")

    page.goto(f"{live_server.url}/reporting-rate/?period_kind=week&date=2026-10-01")
    rows = page.locator("#rates tbody tr")
    assert rows.count() == 2
    assert "和平街道" in rows.nth(0).inner_text()
    screenshot("summary-reporting-rate")
