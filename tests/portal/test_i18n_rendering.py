"""Punctuation and dates follow the language: in English no full-width colon, bracket or
enumeration comma is left between translated labels and values, and dates read
"Nov. 5, 2026"; in Chinese the pages look as they always did (书记：…, 2026年11月5日)."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags

from initiatives.models import Direction, Post, ReportStatus
from initiatives.places.services import profile_record
from initiatives.reporting.services.workflow import report_approve, report_create, report_submit
from interviews.articles.selectors import revision_lines
from portal import i18n
from portal.errors import WorkflowError
from tests.factories import (
    AppointmentFactory,
    IndicatorFactory,
    InitiativeFactory,
    OutletFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

FULL_WIDTH = "：（）、；"
CHINESE_DATE = re.compile(r"\d{1,2}月\d{1,2}日")


def page_text(client, url, language):
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def assert_english(text):
    found = {mark: text.count(mark) for mark in FULL_WIDTH if mark in text}
    assert not found, found
    assert not CHINESE_DATE.search(text), CHINESE_DATE.search(text)


@pytest.fixture
def unit_page(unit):
    unit.code = "370303001000"
    unit.save()
    AppointmentFactory(
        region=unit, person=PersonFactory(name="王志刚"), post=Post.SUBDISTRICT_SECRETARY,
        start_date=dt.date(2020, 1, 1),
    )  # fmt: skip
    AppointmentFactory(
        region=unit, person=PersonFactory(name="孙前任"), post=Post.SUBDISTRICT_SECRETARY,
        start_date=dt.date(2015, 3, 1), end_date=dt.date(2019, 12, 31),
    )  # fmt: skip
    AppointmentFactory(
        region=unit, person=PersonFactory(name="李建"), post=Post.STREET_CHIEF,
        post_title="惠民街街长", start_date=None,
    )  # fmt: skip
    profile_record(
        region=unit, as_of=dt.date(2021, 6, 1), source="街道年报", figures={"population": 42000}
    )
    initiative = InitiativeFactory(region=unit, title="花开和平")
    IndicatorFactory(
        initiative=initiative, name="裸露土地", unit="平方米", baseline=500, target=0,
        direction=Direction.DOWN,
    )  # fmt: skip
    return unit


def test_unit_page_in_english_has_english_punctuation(client, unit_page):
    text = page_text(client, unit_page.get_absolute_url(), "en")
    assert_english(text)
    assert "Statistical division code: 370303001000" in text
    assert "惠民街街长: 李建" in text
    assert "孙前任 (2015-03-01 – 2019-12-31)" in text
    assert "Source: 街道年报" in text
    assert "裸露土地 (lower is better)" in text


def test_unit_page_in_chinese_is_unchanged(client, unit_page):
    text = page_text(client, unit_page.get_absolute_url(), "zh-hans")
    assert "统计用区划代码：370303001000" in text
    assert "惠民街街长：李建" in text
    assert "孙前任（2015-03-01 — 2019-12-31）" in text
    assert "来源：街道年报" in text
    assert "裸露土地 （越低越好）" in text


def test_unit_list_secretary_label(client, unit_page):
    assert "Secretary: 王志刚" in page_text(client, reverse("initiatives:unit_list"), "en")
    assert "书记：王志刚" in page_text(client, reverse("initiatives:unit_list"), "zh-hans")


@pytest.fixture
def article(make_article, unit):
    return make_article(
        "和平街道书记访谈",
        status="published",
        region=unit,
        interviewee_post="党工委书记",
        reporters=["张培", "韩凯"],
        correspondents=["刘洋", "陈静"],
        outlets=[OutletFactory(name="淄博日报"), OutletFactory(name="张店新闻")],
        blocks=[("question", "社区怎么管"), ("answer", "先抓党建")],
    )


def test_article_page_in_english_joins_names_with_commas(client, article):
    text = page_text(client, article.get_absolute_url(), "en")
    assert_english(text)
    assert "Reporters: 张培, 韩凯" in text
    assert "Correspondents: 刘洋, 陈静" in text
    assert "张店新闻, 淄博日报" in text
    assert "Interviewee: 和平街道" in text
    assert "Question: 社区怎么管" in text
    assert "Answer: 先抓党建" in text


def test_article_page_in_chinese_is_unchanged(client, article):
    text = page_text(client, article.get_absolute_url(), "zh-hans")
    assert "记者：张培、韩凯" in text
    assert "通讯员：刘洋、陈静" in text
    assert "张店新闻、淄博日报" in text
    assert "问：社区怎么管" in text
    assert "答：先抓党建" in text


def test_series_and_list_pages_join_outlets(client, article):
    from tests.factories import SeriesFactory

    series = SeriesFactory(title="书记谈治理")
    series.outlets.set(article.outlets.all())
    article.series = series
    article.save()
    text = page_text(client, series.get_absolute_url(), "en")
    assert_english(text)
    assert "Launched jointly by: " in text
    assert text.count("张店新闻, 淄博日报") == 2  # the series line and the article item
    text = page_text(client, series.get_absolute_url(), "zh-hans")
    assert "联合推出：张店新闻、淄博日报" in text


@pytest.fixture
def approved_report(official, reviewer, report_initiative, make_report):
    report = make_report(report_initiative, month=10, narrative="新种月季一千株")
    report_submit(report=report, by=official)
    report_approve(report=report, by=reviewer)
    report.refresh_from_db()  # the services lock and save their own copy of the row
    return report


def test_report_page_in_english_uses_english_dates(client, official, approved_report):
    client.force_login(official)
    text = page_text(client, approved_report.get_absolute_url(), "en")
    assert_english(text)
    assert "Oct. 1, 2026 — Oct. 31, 2026" in text
    assert "Nov. 5, 2026" in text  # the due date
    approved_on = date_format(timezone.localdate(approved_report.approved_at), "N j, Y")
    assert approved_on in text


def test_report_page_in_chinese_is_unchanged(client, official, approved_report):
    client.force_login(official)
    text = page_text(client, approved_report.get_absolute_url(), "zh-hans")
    assert "报告周期 2026年10月1日 — 2026年10月31日" in text
    assert "截止 2026年11月5日" in text
    moment = timezone.localtime(approved_report.approved_at)
    assert f"已于 {moment:%Y}年{moment.month}月{moment.day}日 {moment:%H:%M} 审核通过" in text
    assert f"{moment:%Y}年{moment.month}月{moment.day}日 {moment:%H:%M:%S}" in text  # timeline


def test_report_create_page_brackets(client, official, report_initiative):
    client.force_login(official)
    url = reverse("initiatives:report_create") + f"?initiative={report_initiative.pk}"
    url += "&period=2026-10-01"
    text = page_text(client, url, "en")
    assert_english(text)
    assert "花开和平 (城市管理)" in text
    assert "Oct. 1, 2026 — Oct. 31, 2026 (" in text
    text = page_text(client, url, "zh-hans")
    assert "花开和平（城市管理）" in text
    assert "2026年10月1日 — 2026年10月31日（" in text


def test_official_report_list_and_home_in_english(client, official, report_initiative, make_report):
    make_report(report_initiative, status=ReportStatus.RETURNED, month=9, review_comment="补照片")
    client.force_login(official)
    today = timezone.localdate()
    text = page_text(client, reverse("initiatives:report_list"), "en")
    assert_english(text)
    assert "Sept. 1, 2026—Sept. 30" in text
    assert f"Today is {date_format(today, 'N j, Y')}" in text
    text = page_text(client, reverse("home"), "en")
    assert_english(text)
    assert re.search(r"due [A-Z][a-z]+\.? \d{1,2}\b", text)


def test_official_report_list_and_home_in_chinese(client, official, report_initiative, make_report):
    make_report(report_initiative, status=ReportStatus.RETURNED, month=9, review_comment="补照片")
    client.force_login(official)
    today = timezone.localdate()
    text = page_text(client, reverse("initiatives:report_list"), "zh-hans")
    assert "2026年9月1日—9月30日" in text
    assert f"今天是 {today.year}年{today.month}月{today.day}日" in text
    text = page_text(client, reverse("home"), "zh-hans")
    assert re.search(r"\d{1,2}月\d{1,2}日截止", text)
    assert not re.search(r"0\d月", text)  # 9月5日, never Django's 09月5日


# The helpers behind the pages -------------------------------------------------------------


def test_punctuation_helpers_per_language():
    with translation.override("zh-hans"):
        assert i18n.labelled("书记", "王志刚") == "书记：王志刚"
        assert i18n.join_names(["张培", "", "韩凯"]) == "张培、韩凯"
        assert i18n.join_messages(["请填写。", "请重选。"]) == "请填写。；请重选。"
        assert "月报" + i18n.parenthesized("已通过") == "月报（已通过）"
        assert date_format(dt.date(2026, 9, 5), "MONTH_DAY_FORMAT") == "9月5日"
        assert date_format(dt.date(2026, 11, 5), "DATE_FORMAT") == "2026年11月5日"
    with translation.override("en"):
        assert i18n.labelled("Secretary", "王志刚") == "Secretary: 王志刚"
        assert i18n.join_names(["张培", "韩凯"]) == "张培, 韩凯"
        assert i18n.join_messages(["Fill it in.", "Pick again."]) == "Fill it in.; Pick again."
        assert "Monthly" + i18n.parenthesized("approved") == "Monthly (approved)"
        assert date_format(dt.date(2026, 11, 5), "MONTH_DAY_FORMAT") == "Nov. 5"
        assert date_format(dt.date(2026, 11, 5), "DATE_FORMAT") == "Nov. 5, 2026"


def test_join_names_filter_escapes_and_joins_attributes():
    template = Template(
        '{% load portal_tags %}{{ names|join_names }}|{{ outlets|join_names:"name" }}|'
        "{{ post|parenthesized }}|{{ empty|parenthesized }}"
    )

    class Outlet:
        def __init__(self, name):
            self.name = name

    context = Context(
        {
            "names": ["张培", "<b>韩凯</b>"],
            "outlets": [Outlet("淄博日报"), Outlet("A&B")],
            "post": "书记",
            "empty": "",
        }
    )
    with translation.override("zh-hans"):
        assert template.render(context) == (
            "张培、&lt;b&gt;韩凯&lt;/b&gt;|淄博日报、A&amp;B|（书记）|"
        )
    with translation.override("en"):
        assert template.render(context) == (
            "张培, &lt;b&gt;韩凯&lt;/b&gt;|淄博日报, A&amp;B| (书记)|"
        )


def test_revision_lines_follow_the_language():
    content = {"headline": "访谈", "reporters": ["张培", "韩凯"], "outlets": [[1, "淄博日报"]]}
    with translation.override("zh-hans"):
        lines = revision_lines(content)
        assert "标题：访谈" in lines
        assert "记者：张培、韩凯" in lines
    with translation.override("en"):
        lines = revision_lines(content)
        assert "Reporters: 张培, 韩凯" in lines
        assert not [line for line in lines if "：" in line]


def test_service_messages_use_the_active_language(official, report_initiative, make_report):
    make_report(report_initiative, month=10)
    draft = make_report(report_initiative, month=9, values=False, narrative="有进展")
    with translation.override("en"):
        with pytest.raises(WorkflowError) as exc:
            report_create(
                initiative=report_initiative, period_start=dt.date(2026, 10, 1), by=official
            )
        assert "for Oct. 1, 2026 to Oct. 31, 2026 already exists" in str(exc.value)
        with pytest.raises(WorkflowError) as exc:
            report_submit(report=draft, by=official)
        assert str(exc.value).endswith("Still missing: 新增花卉面积, 裸露土地.")
    with translation.override("zh-hans"):
        with pytest.raises(WorkflowError) as exc:
            report_submit(report=draft, by=official)
        assert str(exc.value).endswith("尚未填写：新增花卉面积、裸露土地。")


def test_article_form_names_round_trip_in_either_language(article):
    from interviews.articles.forms import ArticleForm, split_names

    for language, shown in (("zh-hans", "张培、韩凯"), ("en", "张培, 韩凯")):
        with translation.override(language):
            form = ArticleForm(instance=article)
            assert form.initial["reporters_text"] == shown
            assert split_names(shown) == ["张培", "韩凯"]
