"""A visitor (not logged in) opens the unit list from the navigation, then a unit's page."""

import datetime as dt

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_a_unit_profile(page, live_server, screenshot, no_outside_requests):
    call_command("seed_demo", verbosity=0)
    from initiatives.models import Indicator, IndicatorValue, ProgressReport, ReportStatus

    # Exactly one approved report (the demo's own are removed), so the figures are known.
    roads = Indicator.objects.get(name="修建道路")
    ProgressReport.objects.filter(initiative=roads.initiative).delete()
    report, _ = ProgressReport.objects.get_or_create(
        initiative=roads.initiative, period_start=dt.date(2026, 1, 1),
        defaults={"period_end": dt.date(2026, 1, 31), "due_date": dt.date(2026, 2, 5),
                  "status": ReportStatus.APPROVED},
    )  # fmt: skip
    IndicatorValue.objects.update_or_create(
        report=report, indicator=roads, defaults={"value": 1425}
    )
    ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(live_server.url)
    page.click("button.navbar-toggler")
    page.click("nav >> text=单位")
    page.wait_for_url("**/units/")
    assert page.locator("h1").inner_text() == "单位"
    screenshot("unit-list-phone")

    page.click("text=土坝孜街道")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("土坝孜街道")
    body = page.inner_text("body")
    assert "王泽睿" in page.inner_text("[data-testid=secretary]")
    assert "基层环境提升建设工程" in body
    assert "已完成 1425 / 5700 米" in body and "25%" in body
    assert "八公山区" in page.inner_text("nav ol.breadcrumb")
    screenshot("unit-detail-tubazi-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/units/")
    page.fill("input[name=q]", "北街")
    page.click("form[role=search] button")
    page.click("text=北街街道")
    assert "3.75" in page.inner_text("[data-testid=latest-figures]")
    assert "数据截至 2020-01-06" in page.inner_text("body")
    screenshot("unit-detail-beijie")
