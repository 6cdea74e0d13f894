"""An editor writes an interview with Q&A and a photo, it is returned with a comment,
revised, scheduled a few seconds ahead, and goes live on /articles/ and in search when the
beat task's function runs."""

import datetime as dt
import io
import time

import pytest
from django.utils import timezone
from PIL import Image

from interviews.articles import tasks
from interviews.models import ArticleStatus, InterviewArticle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS = "<script>alert('x')</script><img src=x onerror=alert(2)>"


def test_article_from_draft_to_published(
    page,
    live_server,
    browser_login,
    screenshot,
    no_outside_requests,
    editor,
    admin_user,
    unit,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.ROOT_URLCONF = "tests.interviews.urls_with_media"
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            errors.append(r.url) if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )
    photo = tmp_path / "secretary.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (183, 25, 31)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())

    # 1. The editor writes the article.
    browser_login("editor")
    page.click("nav >> text=稿件管理")
    page.click("text=写新文章")
    page.fill("#id_headline", "红色物业进小区")
    page.fill("#id_subtitle", f"专访和平街道党工委书记{XSS}")
    page.fill("#id_reporters_text", "张培、韩凯")
    page.fill("#id_region", "和平街道")  # the unit picker: a unique name is enough
    blocks = page.locator("#blocks [data-block]")
    blocks.nth(0).locator("textarea").fill("老旧小区没人管怎么办？")
    blocks.nth(1).locator("textarea").fill(f"我们推行<strong>红色物业</strong>。{XSS}")
    page.click("button[data-add-block=photo]")
    page.locator("#blocks [data-block]").nth(2).locator("input[type=file]").set_input_files(
        str(photo)
    )
    page.locator("#blocks [data-block]").nth(2).locator("input[type=text]").fill("书记在社区")
    page.click("button[data-add-block=heading]")
    page.locator("#blocks [data-block]").nth(3).locator("textarea").fill("把群众聚起来")
    # The heading goes to the top: three moves up.
    for _ in range(3):
        page.locator("#blocks [data-block]").nth(3 - _).locator("[data-move=up]").click()
    assert page.locator("#blocks [data-block]").nth(0).locator("textarea").input_value() == (
        "把群众聚起来"
    )
    screenshot("article-1-form")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "文章已保存。" in page.inner_text("body")
    article = InterviewArticle.objects.get()
    assert list(article.blocks.values_list("kind", flat=True)) == [
        "heading",
        "question",
        "answer",
        "photo",
    ]
    page.click("text=预览")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure img").count() == 1
    assert "书记在社区" in page.inner_text("figure")
    screenshot("article-2-preview")
    page.go_back()
    page.click("button:has-text('提交审核')")
    assert "已提交审核。" in page.inner_text("body")
    # The author may not approve their own article.
    assert "需要由其他编辑或管理员审核通过" in page.inner_text("body")
    screenshot("article-3-in-review")

    # 2. The admin returns it with a comment.
    page.context.clear_cookies()  # sign out
    browser_login("admin")
    page.goto(f"{live_server.url}/manage/articles/{article.pk}/")
    page.fill("#id_comment", "请补充受访人职务。")
    page.click("button:has-text('退回修改')")
    assert "已退回修改。" in page.inner_text("body")
    screenshot("article-4-returned")

    # 3. The editor revises and submits again.
    page.context.clear_cookies()
    browser_login("editor")
    page.goto(f"{live_server.url}/manage/articles/{article.pk}/")
    assert "请补充受访人职务。" in page.inner_text("body")
    page.click("main a.btn:has-text('修改')")
    page.fill("#id_interviewee_post", "党工委书记")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('提交审核')")
    assert "已提交审核。" in page.inner_text("body")

    # 4. The admin schedules it a few seconds ahead.
    page.context.clear_cookies()  # sign out
    browser_login("admin")
    page.goto(f"{live_server.url}/manage/articles/{article.pk}/")
    at = timezone.localtime(timezone.now() + dt.timedelta(seconds=4)).replace(microsecond=0)
    page.fill("#id_at", at.strftime("%Y-%m-%dT%H:%M:%S"))
    page.click("button:has-text('审核通过')")
    assert "已定时发布，到时自动上线。" in page.inner_text("body")
    screenshot("article-5-scheduled")
    article.refresh_from_db()
    assert article.status == ArticleStatus.SCHEDULED
    page.goto(f"{live_server.url}/articles/")
    assert "红色物业进小区" not in page.inner_text("body")

    # 5. Its time passes; the beat task's function runs once.
    time.sleep(max(0.0, (at - timezone.now()).total_seconds()) + 0.5)
    assert tasks.publish_due_articles() == 1
    page.goto(f"{live_server.url}/articles/")
    assert "红色物业进小区" in page.inner_text("body")
    screenshot("article-6-list")
    page.click("text=红色物业进小区")
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "问：老旧小区没人管怎么办？" in body
    assert "<script>alert('x')</script>" in body  # shown as text in the subtitle
    assert page.locator("figure img").evaluate("img => img.naturalWidth") == 320
    screenshot("article-7-public")
    page.fill("nav input[name=q]", "紅色物業")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("mark", has_text="红色物业").count() >= 1
    assert "红色物业进小区" in page.inner_text("main")
    screenshot("article-8-search")
    assert dialogs == []
    assert errors == []
