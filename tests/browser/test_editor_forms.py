"""The editor's forms as an editor uses them: the 稿件管理 filters with their labels; a new
article whose unit narrows the interviewee and the initiatives (a searchable list of
checkboxes, no Ctrl-click); a preview without a date and no stray "·"; then a published
article edited: the change waits as 有未发布的修改, the public page keeps the live version,
and another editor's approval puts it live."""

import pytest

from interviews.models import InterviewArticle
from tests.factories import (
    AppointmentFactory,
    InitiativeFactory,
    OutletFactory,
    PersonFactory,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(unit, foreign_unit):
    ours = PersonFactory(name="王志刚")
    AppointmentFactory(person=ours, region=unit)
    AppointmentFactory(person=PersonFactory(name="即墨路书记"), region=foreign_unit)
    InitiativeFactory(region=unit, title="红色物业")
    InitiativeFactory(region=unit, title="花开和平")
    InitiativeFactory(region=foreign_unit, title="网格化+路长治")
    OutletFactory(name="淄博日报")
    return ours


def visible_options(page, selector: str) -> list[str]:
    return page.evaluate(
        f"""() => [...document.querySelectorAll('{selector} option')]
              .filter(o => o.value && !o.hidden).map(o => o.textContent.trim())"""
    )


def visible_initiatives(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#initiative-picker .form-check')]
              .filter(r => !r.classList.contains('d-none')).map(r => r.textContent.trim())"""
    )


def test_editor_forms_and_a_live_articles_change(
    page, live_server, browser_login, screenshot, no_outside_requests, editor, world, make_article
):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login("editor")
    page.goto(f"{live_server.url}/manage/articles/")
    labels = page.locator("#editorial-filters label").all_inner_texts()
    assert labels == ["标题", "状态", "未发布的修改", "系列", "受访单位"]
    assert "---------" not in page.inner_text("#editorial-filters")
    screenshot("editor-1-filters")

    # A new article: the unit narrows the interviewee and the initiatives.
    page.click("text=写新文章")
    page.fill("#id_headline", "红色物业进小区")
    assert page.evaluate("() => document.getElementById('id_initiatives') === null")
    assert page.locator("select[multiple]").count() == 0  # no Ctrl-click list
    assert len(visible_initiatives(page)) == 3
    # The unit is a text field with suggestions (41,000 units: no <select>).
    assert page.locator("select#id_region").count() == 0
    page.fill("#id_region", "和平")
    page.wait_for_function("() => document.querySelectorAll('#id_region-list option').length")
    suggestions = page.evaluate(
        "() => [...document.querySelectorAll('#id_region-list option')].map(o => o.value)"
    )
    assert len(suggestions) == 1 and "和平街道 · " in suggestions[0]
    page.fill("#id_region", suggestions[0])  # what choosing the suggestion types
    page.wait_for_function("() => document.getElementById('id_region').dataset.unitId")
    assert visible_options(page, "#id_person") == ["王志刚（和平街道 党工委书记）"]
    assert visible_initiatives(page) == ["和平街道：红色物业", "和平街道：花开和平"]
    page.fill("#initiative-search", "物业")
    assert visible_initiatives(page) == ["和平街道：红色物业"]
    page.check("text=和平街道：红色物业")
    page.fill("#initiative-search", "花开")
    # A ticked initiative stays in view while the list is filtered.
    assert visible_initiatives(page) == ["和平街道：红色物业", "和平街道：花开和平"]
    page.press("#initiative-search", "Enter")  # filters, does not submit
    assert "/manage/articles/new/" in page.url
    page.select_option("#id_person", label="王志刚（和平街道 党工委书记）")
    page.check("text=淄博日报")
    blocks = page.locator("#blocks [data-block]")
    blocks.nth(0).locator("textarea").fill("老旧小区没人管怎么办？")
    blocks.nth(1).locator("textarea").fill("我们推行红色物业。")
    page.locator("#initiative-picker").scroll_into_view_if_needed()
    screenshot("editor-2-new-article")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "文章已保存。" in page.inner_text("body")
    article = InterviewArticle.objects.get(headline="红色物业进小区")
    assert [i.title for i in article.initiatives.all()] == ["红色物业"]
    assert article.person == world

    # The preview of an article without a date: the outlet alone, no "·" before it.
    page.click("main a:has-text('预览')")
    page.wait_for_load_state("networkidle")
    byline = page.locator("article header p.small").first.inner_text().strip()
    assert byline == "淄博日报", byline
    screenshot("editor-3-preview-without-date")

    # A published article is edited: the change waits, the public page stays.
    live = make_article("抓实党建 办好身边事", status="published", subtitle="原来的副标题")
    page.goto(f"{live_server.url}/manage/articles/{live.pk}/edit/")
    assert "保存的修改先作为未发布的修改" in page.inner_text("main")
    page.fill("#id_subtitle", "改过的副标题")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "修改已保存为未发布的修改" in page.inner_text("body")
    assert page.inner_text("#article-changes") == "有未发布的修改"
    screenshot("editor-4-unpublished-changes")
    page.goto(f"{live_server.url}/manage/articles/")
    row = page.locator("tr", has_text="抓实党建 办好身边事")
    assert "有未发布的修改" in row.inner_text()
    page.goto(f"{live_server.url}{live.get_absolute_url()}")
    assert "原来的副标题" in page.inner_text("main") and "改过的副标题" not in page.inner_text(
        "main"
    )
    page.goto(f"{live_server.url}/manage/articles/{live.pk}/")
    page.click("a:has-text('比较修改与线上版本')")
    page.wait_for_load_state("networkidle")
    assert "改过的副标题" in page.inner_text("main")
    # Only what the editor changed: saving the form moved no publication time.
    assert page.locator("pre .bg-danger-subtle").all_inner_texts() == ["− 副标题：原来的副标题"]
    screenshot("editor-5-compare")
    page.go_back()
    page.click("button:has-text('提交修改审核')")
    assert "您参与了这次修改" in page.inner_text("main")

    # Another editor approves it; now the public page shows it.
    make_user("editor", username="editor_two")
    page.context.clear_cookies()
    browser_login("editor_two")
    page.goto(f"{live_server.url}/manage/articles/{live.pk}/")
    page.click("button:has-text('修改审核通过')")
    assert "修改已审核通过，线上版本已更新。" in page.inner_text("body")
    page.goto(f"{live_server.url}{live.get_absolute_url()}")
    assert "改过的副标题" in page.inner_text("main")
    screenshot("editor-6-change-live")
    assert errors == []
