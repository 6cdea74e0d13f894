"""Each demo role logs in through the real form and sees its own home page."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "official_heping": "和平街道",
    "official_gongyuan": "公园街道",
    "reviewer_zhangdian": "张店区",
    "editor": "编辑",
    "admin": "后台管理",
}


@pytest.mark.parametrize("username", list(ROLES))
def test_each_demo_role_sees_its_home(
    page, live_server, browser_login, screenshot, no_outside_requests, username
):
    call_command("seed_demo", verbosity=0)
    browser_login(username)
    assert page.url.rstrip("/") == live_server.url
    body = page.inner_text("body")
    assert ROLES[username] in body
    assert page.locator("button", has_text="退出登录").count() == 1
    screenshot(f"home-{username}")
