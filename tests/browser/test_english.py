"""English at 1366 px, the laptop screen most officials have: each demo role switches the
language on the home page; the navigation stays on one line, the language select keeps
the width of its names, nothing runs off the right edge, and the official's dashboard
names the week in English. The admin's menu is the widest; Chinese is checked too. (The
words of every page in English are checked in tests/portal/test_english_pages.py.)"""

import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1366
ONE_LINE = """() => {
  const items = [...document.querySelectorAll('#mainnav > ul > li')].filter(li => li.offsetParent);
  const tops = items.map(li => Math.round(li.getBoundingClientRect().top));
  const select = document.querySelector('select[name=language]');
  return {
    items: items.length,
    tops: [...new Set(tops)],
    wrapped: [...document.querySelectorAll('#mainnav .nav-link')].filter(a => a.getClientRects().length > 1 || a.offsetHeight > 45).map(a => a.textContent.trim()),
    navHeight: document.querySelector('nav.navbar').offsetHeight,
    selectWidth: select.getBoundingClientRect().width,
    selectFits: select.scrollWidth <= select.clientWidth + 1,
    selectRight: select.getBoundingClientRect().right,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


def check_one_line(page) -> dict:
    layout = page.evaluate(ONE_LINE)
    assert layout["items"] >= 4
    assert len(layout["tops"]) == 1, layout  # every item on the same line
    assert layout["wrapped"] == [], layout
    assert layout["navHeight"] < 70, layout
    assert layout["selectWidth"] >= 100 and layout["selectFits"], layout
    assert layout["selectRight"] <= WIDTH and layout["pageWidth"] <= WIDTH, layout
    return layout


# The public's and the editor's menus are parts of the admin's, the widest.
@pytest.mark.parametrize("username", ["official_heping", "reviewer_zhangdian", "admin"])
def test_english_navigation_fits_at_1366(page, live_server, browser_login, screenshot, username):
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size({"width": WIDTH, "height": 768})
    browser_login(username)
    check_one_line(page)  # Chinese, as it opens
    assert page.locator("select[name=language] option").all_inner_texts() == ["简体中文", "English"]
    screenshot(f"nav-1366-zh-{username}")

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    check_one_line(page)
    assert page.locator("select[name=language] option").all_inner_texts() == ["简体中文", "English"]
    # The menu's own words are English (the user's name is data).
    labels = page.evaluate(
        """() => [...document.querySelectorAll(
              '#mainnav ul.me-auto .nav-link, #mainnav .nav-link:not(.dropdown-toggle)')]
            .map(a => a.textContent.trim())
            .concat([document.querySelector('#mainnav input[type=search]').placeholder])"""
    )
    assert [label for label in labels if re.search(r"[\u3000-\u9fff]", label)] == [], labels
    if username == "official_heping":
        dashboard = page.inner_text("#dashboard-official")
        assert re.search(r"Week \d+, \d{4} \(", dashboard), dashboard
        assert "年第" not in dashboard
    screenshot(f"nav-1366-en-{username}")
