"""An editor imports the five seed articles through the upload page (files sent one by
one with a progress bar), reviews each, and accepts them as readable drafts."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from initiatives.models import RegionProfile
from interviews.models import BlockKind, ImportRecord, ImportStatus, InterviewArticle
from tests.seedpaths import CANDIDATES, SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seeds_dir() -> Path:
    if (SEEDS / "expected.json").exists():
        return SEEDS
    message = f"seed articles not found in {', '.join(map(str, CANDIDATES))}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_editor_imports_and_accepts_the_five_seeds(
    page, live_server, browser_login, screenshot, no_outside_requests
):
    seeds = seeds_dir()
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))
    files = sorted(seeds.glob("*.txt"))
    assert len(files) == 5
    call_command("seed_demo", verbosity=0)
    browser_login("editor")

    # The navigation leads to the import list, and from there to the upload page.
    page.click("nav >> text=导入稿件")
    page.click("text=上传稿件")
    page.set_input_files("input[type=file]", [str(f) for f in files])
    page.click("button:has-text('开始导入')")
    # A function, not an expression: Playwright evals a bare expression, which the CSP
    # (no 'unsafe-eval') refuses.
    page.wait_for_function(
        "() => document.querySelectorAll('#import-results li').length === 5", timeout=60_000
    )
    assert page.inner_text("#import-progress-bar") == "100%"
    # Let the bar finish its width transition before the screenshot.
    page.wait_for_function(
        "() => { const bar = document.getElementById('import-progress-bar');"
        " return bar.offsetWidth >= bar.parentElement.offsetWidth - 1; }"
    )
    assert page.locator("#import-results li[data-status=imported]").count() == 5
    assert "已处理 5 / 5 个文件" in page.inner_text("#import-progress-text")
    screenshot("import-upload-progress")

    records = {r.filename: r for r in ImportRecord.objects.all()}
    assert sorted(records) == [f.name for f in files]

    for name, record in sorted(records.items()):
        page.goto(f"{live_server.url}/imports/{record.pk}/")
        facts = expected[name]
        body = page.inner_text("main")
        assert "原文与清理后对照" in body
        assert page.locator("table.diff-table").count() == 1
        assert facts["interviewee"]["name"] in body
        for head in facts.get("section_heads", []):
            assert page.locator("#draft-preview h2", has_text=head).count() == 1
        assert (
            page.locator("#draft-preview figure[data-kind=photo]").count()
            == facts["photo_captions"]
        )
        if facts.get("qa_pairs"):
            questions = page.locator("#draft-preview [data-kind=question]").count()
            assert questions == facts["qa_pairs"]
        if name.startswith("002"):
            # The scraped Traditional page: the diff shows what the cleanup repaired.
            screenshot("import-review-diff")
        if facts["figures"] and name.startswith("001"):
            for key in facts["figures"]:
                page.check(f"input[name=figures][value={key}]")
            assert page.input_value("input[name=as_of]") == facts["published"]
            screenshot("import-review-figures")
        page.click("button:has-text('接受为草稿')")
        page.wait_for_selector("#import-status")
        assert page.inner_text("#import-status") == "已接受"

    page.goto(f"{live_server.url}/imports/")
    assert page.locator("#import-list .badge", has_text="已接受").count() == 5
    screenshot("import-accepted-list")

    assert set(ImportRecord.objects.values_list("status", flat=True)) == {ImportStatus.ACCEPTED}
    for name in records:
        facts = expected[name]
        article = InterviewArticle.objects.get(import_record__filename=name)
        blocks = list(article.blocks.order_by("position"))
        assert article.status == "draft"
        if "section_heads" in facts:
            headings = [b.text for b in blocks if b.kind == BlockKind.HEADING]
            assert headings == facts["section_heads"]
        captions = [b.caption for b in blocks if b.kind == BlockKind.PHOTO]
        assert len(captions) == facts["photo_captions"] and all(captions)
        questions = [b for b in blocks if b.kind == BlockKind.QUESTION]
        assert len(questions) == facts.get("qa_pairs", 0)
        if questions:
            # Each question is followed by its answer.
            first = blocks.index(questions[0])
            assert blocks[first + 1].kind == BlockKind.ANSWER
        assert sum(len(b.text) for b in blocks if b.kind == BlockKind.PARAGRAPH) > 500 or questions
        if facts["headline"]:
            assert article.headline == facts["headline"]
        if facts["interviewee"]["unit"] in ("和平街道", "公园街道", "即墨路街道", "土坝孜街道"):
            assert article.region is not None
            assert article.region.name == facts["interviewee"]["unit"]

    # The demo already had 北街街道's figures of that date: the confirmed ones update it.
    profile = RegionProfile.objects.get(region__name="北街街道", as_of="2020-01-06")
    assert profile.source.startswith("访谈《")
    assert str(profile.as_of) == "2020-01-06"
    assert (profile.population, profile.communities, profile.party_members) == (42000, 8, 378)
