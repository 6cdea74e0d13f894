"""English pages hold no Chinese but the data: every page each demo role reaches by links
(and the search page) is rendered in English and its visible text is searched for Chinese
characters. A run of them passes only when the database holds it (names, titles, bodies,
comments: what people wrote) or it is "简体中文", the other language's name in the switch.
Stored summaries are left out of "the database": their paragraph and period label are
stored in Chinese and must be rendered again in the reader's language."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models

from tests.portal.test_admin_chinese import VisibleText

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
# /api/: JSON, and the API's docs pages (Swagger UI, ReDoc), whose interface is the
# tools' own English and whose text is the schema's.
SKIP = ("/admin/", "/static/", "/media/", "/feed/", "/sitemap.xml", "/i18n/", "/healthz", "/api/")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
PAGES_PER_ROLE = 150


def data_text() -> str:
    parts = []
    for model in apps.get_models():
        if model._meta.label == "initiatives.Summary":
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._default_manager.values_list(*fields) if fields else ():
            parts.extend(str(value) for value in row if value)
    return "\n".join(parts)


def crawl_in_english(client) -> dict[str, str]:
    """The HTML of every page reached by links from the home page, in English."""
    pages: dict[str, str] = {}
    seen: set[str] = set()
    queue = deque(["/", "/search/?q=党建", "/search/?q=红色物业"])
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, headers={"accept-language": "en"})
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        for href in HREF.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if urlsplit(href).scheme or not href.startswith("/") or href.startswith(SKIP):
                continue
            if "/logout" not in href and href not in seen:
                queue.append(href)
    return pages


def chinese_left(html: str, data: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return [
        f"{run}  <-  {' '.join(part.split())[:100]}"
        for part in parser.parts
        for run in CJK.findall(part)
        if run not in data and run != "简体中文"
    ]


@pytest.mark.parametrize(
    "username", [None, "official_heping", "reviewer_zhangdian", "editor", "admin"]
)
def test_english_pages_hold_no_chinese_but_the_data(client, username):
    call_command("seed_demo", verbosity=0)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    data = data_text()
    pages = crawl_in_english(client)
    assert len(pages) > 5
    found = {}
    for url, html in pages.items():
        assert '<html lang="en">' in html, url
        for problem in chinese_left(html, data):
            found.setdefault(problem, url)
    assert found == {}


def test_search_badges_are_in_the_readers_language(client):
    """The page cache keeps a language's results apart: a Chinese reader's search first
    must not leave Chinese badges for the next English reader."""
    call_command("seed_demo", verbosity=0)
    chinese = client.get("/search/?q=党建", headers={"accept-language": "zh-hans"})
    assert '<span class="badge text-bg-light">访谈</span>' in chinese.content.decode()
    english = client.get("/search/?q=党建", headers={"accept-language": "en"}).content.decode()
    assert '<span class="badge text-bg-light">Interviews</span>' in english
    assert '<span class="badge text-bg-light">Initiative</span>' in english
    assert "访谈</span>" not in english and "重点工作</span>" not in english


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_language_is_named_in_its_own_name(client, language):
    html = client.get("/", headers={"accept-language": language}).content.decode()
    options = re.findall(r'<option value="([\w-]+)"[^>]*>([^<]+)</option>', html)
    assert options == [("zh-hans", "简体中文"), ("en", "English")]
    assert "英语" not in html
