"""The whole reporting loop in a real browser: file with figures and a photo, submit,
return with a comment, revise, resubmit, approve; the report ends locked with all steps
on its timeline."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def initiative():
    from initiatives.models import Direction, Measure, Region
    from tests.factories import IndicatorFactory, InitiativeFactory, InitiativeFamilyFactory

    call_command("seed_demo", verbosity=0)
    initiative = InitiativeFactory(
        region=Region.objects.get(name="和平街道"),
        title="花开和平·浏览器测试",
        family=InitiativeFamilyFactory(name="环境整治", slug="huanjing-zhengzhi"),
        start_date=dt.date(2026, 1, 1),
    )
    IndicatorFactory(initiative=initiative, name="新增花卉面积", unit="平方米", target=4000)
    IndicatorFactory(
        initiative=initiative,
        name="裸露土地",
        unit="平方米",
        baseline=500,
        target=0,
        direction=Direction.DOWN,
        measure=Measure.LEVEL,
    )
    return initiative


def switch_user(page, browser_login, username):
    """Sign out and in as ``username``. The page is left first: a lazy photo still
    loading would otherwise be answered, once the cookies are gone, by the login page's
    redirect, whose new CSRF cookie no longer matches the login form's token."""
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()
    browser_login(username)


def test_report_workflow(
    page, live_server, browser_login, screenshot, no_outside_requests, initiative, tmp_path
):
    photo = tmp_path / "huatan.png"
    Image.new("RGB", (320, 200), (220, 60, 90)).save(photo)

    # The official files the October report with figures and a photo, and submits it.
    browser_login("official_heping")
    page.get_by_role("link", name="我的报告").first.click()
    page.locator(f'a[href*="initiative={initiative.pk}&period=2026-10-01"]').first.click()
    page.get_by_role("button", name="创建报告草稿").click()
    expect(page.get_by_text("已创建报告草稿，请填写本期进展。")).to_be_visible()
    page.fill("textarea[name=narrative]", "十月在和平路、中后河社区新增花坛，清理裸露土地。")
    page.get_by_label("新增花卉面积", exact=True).fill("1200")
    page.get_by_label("裸露土地", exact=True).fill("300")
    page.set_input_files("input[name=photos-0-image]", str(photo))
    page.fill("input[name=photos-0-caption]", "和平路新建花坛")
    screenshot("report-1-official-fills")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("报告已提交审核，审核结果会通知您。")).to_be_visible()
    report_url = page.url
    expect(page.locator(".badge", has_text="已提交")).to_be_visible()
    image = page.locator("figure img").first
    expect(image).to_be_visible()
    # Streamed by the portal: wait until the browser has decoded it, then read its size.
    image.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
    assert image.evaluate("img => img.naturalWidth") == 320
    expect(page.get_by_role("link", name="填写 / 修改")).to_have_count(0)
    screenshot("report-2-submitted")

    # The reviewer finds it in the queue and returns it with a comment.
    switch_user(page, browser_login, "reviewer_zhangdian")
    from initiatives.models import ProgressReport, ReportStatus

    waiting = ProgressReport.objects.filter(
        status=ReportStatus.SUBMITTED, initiative__region__parent__name="张店区"
    ).count()
    expect(page.locator("#review-waiting-count")).to_have_text(f"{waiting}份待审核")
    page.locator('a.nav-link[href="/review/"]').click()
    page.get_by_role("row", name=re.compile("花开和平·浏览器测试")).get_by_role(
        "link", name="审核"
    ).click()
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_text("退回报告时必须填写审核意见，说明需要修改的地方。")).to_be_visible()
    page.fill("textarea[name=comment]", "请补充各社区的花坛面积明细。")
    screenshot("report-3-reviewer-returns")
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_text("报告已退回，填报单位会收到您的意见。")).to_be_visible()

    # The official sees the comment, revises and resubmits.
    switch_user(page, browser_login, "official_heping")
    expect(page.get_by_text("请补充各社区的花坛面积明细。")).to_be_visible()  # home card
    page.goto(report_url)
    comment = page.locator("#review-comment")
    expect(comment).to_contain_text("请补充各社区的花坛面积明细。")
    screenshot("report-4-official-sees-comment")
    page.get_by_role("link", name="填写 / 修改").click()
    page.fill(
        "textarea[name=narrative]",
        "十月新增花坛 1250 平方米：和平路 800、中后河社区 450；清理裸露土地。",
    )
    page.get_by_label("新增花卉面积", exact=True).fill("1250")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("报告已提交审核，审核结果会通知您。")).to_be_visible()

    # The reviewer approves.
    switch_user(page, browser_login, "reviewer_zhangdian")
    page.goto(report_url.replace("/reports/", "/review/"))
    page.fill("textarea[name=comment]", "材料齐全，同意。")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_text("报告已审核通过。")).to_be_visible()

    # Locked, with every step on the timeline.
    page.goto(report_url)
    expect(page.locator(".badge", has_text="已通过")).to_be_visible()
    expect(page.get_by_role("button", name="通过")).to_have_count(0)
    steps = page.locator("#timeline li strong").all_inner_texts()
    # Saving and submitting in one click is one step; each decision keeps its comment.
    assert steps == ["创建报告", "提交审核", "退回修改", "修改后重新提交", "审核通过"]
    expect(page.locator("#timeline")).to_contain_text("请补充各社区的花坛面积明细。")
    expect(page.locator("#timeline")).to_contain_text("材料齐全，同意。")
    expect(page.locator("#approval")).to_contain_text("材料齐全，同意。")
    screenshot("report-5-approved-timeline")
    switch_user(page, browser_login, "official_heping")
    page.goto(report_url + "edit/")
    expect(page.get_by_text("这份报告已通过审核并锁定，不能再修改。")).to_be_visible()
    expect(page.get_by_role("link", name="填写 / 修改")).to_have_count(0)
    expect(page.locator("#values")).to_contain_text("1250")
    screenshot("report-6-official-locked")
