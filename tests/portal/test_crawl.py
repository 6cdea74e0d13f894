"""Every page a role can reach by following links from the home page answers without an
error: no link leads to a 404 or a 500, and no page links outside the machine."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
# Pages that only answer files or feeds, and Django admin (its own project, tested there).
SKIP = ("/admin/", "/static/", "/media/", "/feed/", "/sitemap.xml", "/i18n/")
LIMIT = 250


def crawl(client) -> tuple[dict[str, int], list[str]]:
    seen: dict[str, int] = {}
    outside: list[str] = []
    queue = deque(["/"])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme in ("http", "https") or href.startswith("//"):
                outside.append(f"{url} -> {href}")
                continue
            if not href.startswith("/") or href.startswith(SKIP) or "/logout" in href:
                continue
            if href not in seen:
                queue.append(href)
    return seen, outside


@pytest.mark.parametrize(
    "username",
    [None, "official_heping", "official_gongyuan", "reviewer_zhangdian", "editor", "admin"],
)
def test_every_linked_page_answers_for_each_role(client, username):
    call_command("seed_demo", verbosity=0)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    seen, outside = crawl(client)
    broken = {url: code for url, code in seen.items() if code >= 400}
    assert broken == {}, broken
    assert len(seen) > 5
    # Article pages link to the original web page; that is content, not an asset.
    assert [
        link
        for link in outside
        if "查看原文" not in link and "/articles/" not in link.split(" -> ")[0]
    ] == []
