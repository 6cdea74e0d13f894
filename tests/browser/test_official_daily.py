"""The official's loop in a real browser, on a phone held in one hand (390x844) and at
1366 px: the reports list and the form with nothing running off the edge, a count in whole
numbers, every error on its field and kept across a reload, a downward indicator that reads
naturally, milestones reported in the same report, and the unread count on 通知."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(today):
    """The demo, plus an initiative of 和平街道 with a count and a downward level, and the
    demo's milestone-only initiative with a draft of its current quarter."""
    from initiatives.models import Direction, Initiative, Measure, ProgressReport, Region
    from initiatives.reporting.periods import period_bounds
    from tests.factories import IndicatorFactory, InitiativeFactory, InitiativeFamilyFactory

    call_command("seed_demo", today=today.isoformat(), verbosity=0)
    heping = Region.objects.get(name="和平街道")
    initiative = InitiativeFactory(
        region=heping,
        title="景观停车亭建设（浏览器测试）",
        family=InitiativeFamilyFactory(name="环境与城市管理"),
        start_date=today.replace(day=1) - dt.timedelta(days=62),
    )
    IndicatorFactory(initiative=initiative, name="景观停车亭", unit="座", target=10, position=1)
    IndicatorFactory(
        initiative=initiative, name="裸露土地", unit="平方米", baseline=3000, target=0,
        direction=Direction.DOWN, measure=Measure.LEVEL, position=2,
    )  # fmt: skip
    shanty = Initiative.objects.get(title="水资办棚户区改造项目")
    start, end = period_bounds(shanty.frequency, today)
    ProgressReport.objects.filter(initiative=shanty, period_start=start).delete()
    from django.contrib.auth import get_user_model

    from initiatives.reporting.services.workflow import report_create

    official = get_user_model().objects.get(username="official_heping")

    milestone_report = report_create(initiative=shanty, period_start=start, by=official)
    from portal.notifications.services import notification_create

    notification_create(
        recipient=official, key="browser-test", title="报告被退回：花开和平", url="/reports/"
    )
    return {"initiative": initiative, "milestone_report": milestone_report}


def no_sideways_scroll(page, width):
    """Nothing runs off the right edge (on a phone, anything wider widens the whole page)."""
    page.wait_for_load_state("networkidle")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen"


def official_loop(page, live_server, browser_login, screenshot, world, width, name):
    initiative = world["initiative"]
    browser_login("official_heping")
    no_sideways_scroll(page, width)  # the home page
    screenshot(f"{name}-0-home")
    if width < 992:
        page.click("button.navbar-toggler")
    expect(page.locator("#unread-notifications")).to_have_text("1条未读")
    page.get_by_role("link", name="我的报告").first.click()
    no_sideways_scroll(page, width)
    # A title cell is a line of text, not one character per line.
    title = page.locator("section[aria-labelledby=all-h] tbody th").first
    assert title.bounding_box()["width"] > 200
    screenshot(f"{name}-1-reports")

    page.locator(f'a[href*="initiative={initiative.pk}&period="]').first.click()
    page.get_by_role("button", name="创建报告草稿").click()
    edit_url = page.url
    expect(
        page.get_by_text("填写本期末的实际数值，如还剩多少、排第几（越低越好）。")
    ).to_be_visible()
    expect(page.get_by_text("基线 3000 平方米 · 目标 0 平方米")).to_be_visible()
    no_sideways_scroll(page, width)
    screenshot(f"{name}-2-form")

    # A fractional count and no narrative: each error on its own field.
    page.get_by_label("景观停车亭", exact=True).fill("1.5")
    page.get_by_label("裸露土地", exact=True).fill("2400")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/after-submit.png", full_page=True)
    count = page.get_by_label("景观停车亭", exact=True)
    expect(count).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_values-0-value-errors")).to_contain_text("按整数填报（座）")
    expect(page.locator("#id_narrative")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#narrative-errors")).to_be_visible()
    no_sideways_scroll(page, width)
    screenshot(f"{name}-3-errors")

    # Coming back to the page (a reload, or later): what was typed is still there.
    page.goto(edit_url)
    expect(page.locator("#restored")).to_be_visible()
    expect(page.get_by_label("景观停车亭", exact=True)).to_have_value("1.5")
    expect(page.get_by_label("裸露土地", exact=True)).to_have_value("2400")
    screenshot(f"{name}-4-after-reload")

    page.get_by_label("景观停车亭", exact=True).fill("2")
    page.fill("textarea[name=narrative]", "新村路建成景观停车亭 2 座，清理裸露土地 600 平方米。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("报告已提交审核，审核结果会通知您。")).to_be_visible()
    expect(page.locator("#values")).to_contain_text("2 座")
    expect(page.locator("#values")).to_contain_text("2400 平方米")
    no_sideways_scroll(page, width)
    screenshot(f"{name}-5-submitted")

    # The milestone-only initiative: states and a date in the same report.
    report = world["milestone_report"]
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/")
    expect(page.get_by_text("这项重点工作还没有设置指标")).to_have_count(0)
    page.select_option("select[name=milestones-0-state]", "done")
    page.fill("input[name=milestones-0-actual_date]", report.period_start.isoformat())
    page.select_option("select[name=milestones-1-state]", "in_progress")
    for index in (2, 3):
        page.select_option(f"select[name=milestones-{index}-state]", "not_started")
    page.fill("textarea[name=narrative]", "签约全部完成，拆迁正在推进。")
    no_sideways_scroll(page, width)
    screenshot(f"{name}-6-milestones")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("报告已提交审核，审核结果会通知您。")).to_be_visible()
    expect(page.locator("#milestones")).to_contain_text("已完成")
    no_sideways_scroll(page, width)
    screenshot(f"{name}-7-milestones-submitted")


@pytest.mark.browser_context_args(
    viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
)
def test_official_loop_on_a_phone(
    page, live_server, browser_login, screenshot, no_outside_requests, world
):
    official_loop(page, live_server, browser_login, screenshot, world, PHONE["width"], "phone")


@pytest.mark.browser_context_args(viewport=DESKTOP)
def test_official_loop_at_1366(
    page, live_server, browser_login, screenshot, no_outside_requests, world
):
    official_loop(page, live_server, browser_login, screenshot, world, DESKTOP["width"], "desktop")
