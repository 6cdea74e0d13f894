"""The reporting pages: the official's list and form, the report page, private photos, the
reviewer's queue and actions, and every role boundary crossed."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from initiatives.models import IndicatorValue, ProgressReport, ReportPhoto, ReportStatus
from initiatives.reporting.services import workflow as svc

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(report, *, narrative="本月新增花卉。", values=("100", "400"), action="save", **extra):
    data = {
        "narrative": narrative,
        "version": svc.report_version(report),
        "values-TOTAL_FORMS": str(len(values)),
        "values-INITIAL_FORMS": str(len(values)),
        "photos-TOTAL_FORMS": "3",
        "photos-INITIAL_FORMS": "0",
        "existing-TOTAL_FORMS": "0",
        "existing-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "action": action,
    }
    for index, value in enumerate(values):
        data[f"values-{index}-value"] = value
        data[f"values-{index}-note"] = ""
    data.update(extra)
    return data


def snapshot(report):
    report.refresh_from_db()
    return (
        report.narrative,
        report.status,
        sorted(report.values.values_list("indicator_id", "value")),
        ReportPhoto.objects.count(),
        ProgressReport.objects.count(),
        IndicatorValue.objects.count(),
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# The official's side ---------------------------------------------------------------------


def month_starts(today: dt.date, back: int) -> list[dt.date]:
    """The first days of the ``back`` months before ``today``'s month and of that month."""
    firsts = []
    for offset in range(back, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - offset, 12)
        firsts.append(dt.date(year, month + 1, 1))
    return firsts


def test_official_list_shows_due_overdue_and_returned(
    client, official, report_initiative, make_report, today
):
    # A monthly initiative that started eleven months before this one; every monthly
    # report is due five days after its month ends.
    months = month_starts(today, 11)
    report_initiative.start_date = months[0]
    report_initiative.save(update_fields=["start_date"])
    returned, approved = months[-3], months[-4]
    make_report(
        report_initiative, status=ReportStatus.RETURNED, start=returned, review_comment="请补照片"
    )
    make_report(report_initiative, status=ReportStatus.APPROVED, start=approved)
    client.force_login(official)
    response = client.get(reverse("initiatives:report_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "请补照片" in body  # returned, with its comment

    def due(first: dt.date) -> dt.date:
        following = month_starts(first.replace(day=28) + dt.timedelta(days=4), 0)[0]
        return following + dt.timedelta(days=4)  # the 5th of the next month

    unfiled = [m for m in months if m not in (returned, approved)]
    overdue = response.context["overdue"]
    assert [item.period_start for item in overdue] == [m for m in unfiled if due(m) < today]
    assert all(item.report is None for item in overdue)
    todo = [item.period_start for item in response.context["todo"]]
    assert todo == [m for m in unfiled if due(m) >= today]
    assert months[-1] in todo  # this month's report is never overdue yet
    assert [r.pk for r in response.context["returned"]] == [
        ProgressReport.objects.get(period_start=returned).pk
    ]
    first_overdue = overdue[0].period_start.isoformat()
    assert f"?initiative={report_initiative.pk}&amp;period={first_overdue}" in body


def test_official_list_query_count_does_not_grow_with_rows(
    client, official, unit, report_initiative, make_report
):
    from tests.factories import InitiativeFactory

    client.force_login(official)
    make_report(report_initiative, month=10)
    url = reverse("initiatives:report_list")
    few = count_queries(client, url)
    for month in range(1, 10):
        make_report(report_initiative, month=month, status=ReportStatus.APPROVED)
    for _ in range(5):
        make_report(InitiativeFactory(region=unit), month=10)
    assert count_queries(client, url) == few
    assert few <= 8  # including the unread count on 通知


def test_create_then_duplicate_period_is_a_clear_message(client, official, report_initiative):
    client.force_login(official)
    url = reverse("initiatives:report_create")
    query = {"initiative": report_initiative.pk, "period": "2026-10-01"}
    page = client.get(url, query)
    assert "2026年10月1日 — 2026年10月31日" in page.content.decode()
    response = client.post(url, query)
    report = ProgressReport.objects.get()
    assert response.url == reverse("initiatives:report_edit", args=[report.pk])
    # A second official's tab still shows the old page and posts again.
    response = client.post(url, query)
    assert response.status_code == 400
    assert (
        "重点工作“花开和平”在2026年10月1日至2026年10月31日的报告已经存在，请打开已有的报告继续填写。"
        in response.content.decode()
    )
    assert ProgressReport.objects.count() == 1


def test_form_shows_one_row_per_indicator_with_target_and_progress(
    client, official, report_initiative, make_report
):
    approved = make_report(report_initiative, status=ReportStatus.APPROVED, month=9)  # 10 each
    approved.values.filter(indicator__name="新增花卉面积").update(value=400)
    report = make_report(report_initiative, month=10, values=False)
    client.force_login(official)
    response = client.get(reverse("initiatives:report_edit", args=[report.pk]))
    body = response.content.decode()
    rows = [item.indicator for item in response.context["value_rows"]]
    assert [row.name for row in rows] == ["新增花卉面积", "裸露土地"]
    assert [(row.current, row.percent) for row in rows] == [
        (Decimal(400), Decimal(10)),
        (Decimal(10), Decimal(98)),
    ]
    assert "保存草稿" in body and "提交审核" in body and "平方米" in body


def test_form_page_query_count_does_not_grow_with_indicators_history_or_photos(
    client, official, report_initiative, make_report
):
    """The form reads its indicator rows, milestones and photos once (they used to be read
    a second time for the report's context)."""
    from tests.factories import IndicatorFactory

    for month in range(1, 6):
        make_report(report_initiative, status=ReportStatus.APPROVED, month=month)
    report = make_report(report_initiative, month=10)
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    few = count_queries(client, url)
    for _ in range(4):
        IndicatorFactory(initiative=report_initiative)
    for position in range(3):
        ReportPhoto.objects.create(
            report=report,
            image=SimpleUploadedFile(f"p{position}.png", png_bytes(), "image/png"),
            position=position,
        )
    svc.report_save(report=report, by=official, narrative="改一改。", values={})
    assert count_queries(client, url) == few
    assert few <= 12  # including the session, the user and the unread count on 通知


def test_save_then_submit_through_the_form(
    client, official, reviewer, report_initiative, make_report
):
    report = make_report(report_initiative, values=False, narrative="")
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    photo = SimpleUploadedFile("flowers.png", png_bytes(), content_type="image/png")
    response = client.post(
        url, form_data(report, **{"photos-0-image": photo, "photos-0-caption": "花坛"})
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "本月新增花卉。" and report.status == ReportStatus.DRAFT
    assert sorted(report.values.values_list("value", flat=True)) == [Decimal(100), Decimal(400)]
    assert list(report.photos.values_list("caption", flat=True)) == ["花坛"]

    response = client.post(
        url, form_data(report, narrative="本月新增花卉 100 平方米。", action="submit")
    )
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.narrative == "本月新增花卉 100 平方米。"
    # Submitted reports are read-only for officials until returned.
    assert client.get(url).url == report.get_absolute_url()
    response = client.post(url, form_data(report, narrative="偷偷改"))
    assert response.status_code == 400
    assert "这份报告已提交审核，在审核人退回之前不能修改。" in response.content.decode()
    report.refresh_from_db()
    assert report.narrative == "本月新增花卉 100 平方米。"


def test_submit_without_values_keeps_what_was_typed_and_saves_nothing(
    client, official, report_initiative, make_report
):
    report = make_report(report_initiative, values=False)
    client.force_login(official)
    before = snapshot(report)
    response = client.post(
        reverse("initiatives:report_edit", args=[report.pk]),
        form_data(report, narrative="写了一半", values=("100", ""), action="submit"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "提交前请填写所有指标的本期数值，尚未填写：裸露土地。" in body
    assert "写了一半" in body and 'value="100"' in body
    assert snapshot(report) == before


@pytest.mark.parametrize(
    ("values", "upload", "message"),
    [
        (("-5", "10"), None, "“新增花卉面积”不能为负数。"),
        (("很多", "10"), None, "请输入数字，例如 120 或 3.5。"),
        (("5", "10"), ("现场.jpg", b"%PDF-1.4\n%%EOF\n" * 50, "image/jpeg"), "这不是可识别的图片（仅支持 JPG、PNG、GIF、WEBP），请重新选择。"),
        (("5", "10"), ("big.png", png_bytes() + b"\0" * (20 * 1024 * 1024), "image/png"), "照片“big.png”有 20.0 MB，超过 10 MB 的上限，请压缩后再上传。"),
    ],
    ids=["negative", "text", "pdf-renamed-jpg", "20mb"],
)  # fmt: skip
def test_bad_input_is_a_chinese_message_and_nothing_is_saved(
    client, official, report_initiative, make_report, values, upload, message
):
    report = make_report(report_initiative)
    client.force_login(official)
    before = snapshot(report)
    extra = {}
    if upload:
        extra["photos-0-image"] = SimpleUploadedFile(*upload)
    response = client.post(
        reverse("initiatives:report_edit", args=[report.pk]),
        form_data(report, narrative="不会保存的文字", values=values, **extra),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "有些内容需要修改，请查看标红的地方。什么都没有保存。" in body
    assert "不会保存的文字" in body  # what was typed is still there
    assert snapshot(report) == before


def test_second_editor_of_a_draft_is_refused_and_keeps_their_text(
    client, official, unit, report_initiative, make_report
):
    from tests.factories import make_user

    colleague = make_user("official", unit=unit, username="colleague")
    report = make_report(report_initiative)
    opened = form_data(report, narrative="我的版本")  # both opened the form
    svc.report_save(report=report, by=colleague, narrative="同事的版本", values={})
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    response = client.post(url, opened)
    assert response.status_code == 409
    body = response.content.decode()
    assert "这份报告已被colleague于" in body and "您这次的修改没有保存" in body
    assert "我的版本" in body  # their text, kept in the form
    assert "同事的版本" in body  # and what the other person saved, to compare
    report.refresh_from_db()
    assert report.narrative == "同事的版本"
    # Saving again, knowingly, replaces the colleague's text.
    response = client.post(url, {**opened, "version": response.context["form"]["version"].value()})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "我的版本"


def test_report_page_shows_returned_comment_and_timeline(
    client, official, reviewer, report_initiative
):
    report = svc.report_create(
        initiative=report_initiative, period_start=dt.date(2026, 10, 1), by=official
    )
    new, bare = report_initiative.indicators.order_by("position")
    svc.report_save(report=report, by=official, narrative="进展", values={new.pk: 5, bare.pk: 400})
    svc.report_submit(report=report, by=official)
    svc.report_return(report=report, by=reviewer, comment="请写明花坛位置。")
    client.force_login(official)
    response = client.get(report.get_absolute_url())
    body = response.content.decode()
    assert 'id="review-comment"' in body and "请写明花坛位置。" in body
    assert [e.action for e in response.context["timeline"]] == [
        "创建报告",
        "保存草稿",
        "提交审核",
        "退回修改",
    ]
    assert response.context["timeline"][-1].comment == "请写明花坛位置。"
    assert response.context["can_edit"] and not response.context["can_review"]


def test_submit_url_submits_a_complete_draft(client, official, report_initiative, make_report):
    report = make_report(report_initiative)
    client.force_login(official)
    response = client.post(reverse("initiatives:report_submit", args=[report.pk]))
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_photos_are_served_only_after_a_permission_check(
    client, official, other_official, reviewer, report_initiative, make_report
):
    report = make_report(report_initiative)
    svc.report_save(
        report=report,
        by=official,
        narrative="x",
        values={},
        new_photos=[(SimpleUploadedFile("a.png", png_bytes(), "image/png"), "现场")],
    )
    svc.report_submit(report=report, by=official)  # reviewers see it once submitted
    photo = report.photos.get()
    url = reverse("initiatives:report_photo", args=[report.pk, photo.pk])
    for user in (official, reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == png_bytes()
        assert "private" in response["Cache-Control"]
    client.force_login(other_official)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018 - the private storage has no URL of its own


# Every boundary --------------------------------------------------------------------------


@pytest.fixture
def heping_report(report_initiative, make_report):
    return make_report(report_initiative, status=ReportStatus.SUBMITTED)


def report_urls(report):
    photo = ReportPhoto.objects.create(report=report, image="reports/x.png", caption="c")
    return [
        ("get", reverse("initiatives:report_detail", args=[report.pk])),
        ("get", reverse("initiatives:report_edit", args=[report.pk])),
        ("post", reverse("initiatives:report_edit", args=[report.pk])),
        ("post", reverse("initiatives:report_submit", args=[report.pk])),
        ("get", reverse("initiatives:report_photo", args=[report.pk, photo.pk])),
        ("get", reverse("initiatives:review_action", args=[report.pk])),
        ("post", reverse("initiatives:review_action", args=[report.pk])),
    ]


def test_official_of_another_unit_gets_nothing(client, other_official, heping_report):
    client.force_login(other_official)
    for method, url in report_urls(heping_report):
        response = getattr(client, method)(url, {"action": "approve"})
        assert response.status_code in (403, 404), (method, url)
        assert "花开和平" not in response.content.decode()
    heping_report.refresh_from_db()
    assert heping_report.status == ReportStatus.SUBMITTED


def test_official_cannot_act_on_own_report_as_reviewer(client, official, heping_report):
    client.force_login(official)
    assert client.get(reverse("initiatives:review_queue")).status_code == 403
    response = client.post(
        reverse("initiatives:review_action", args=[heping_report.pk]), {"action": "approve"}
    )
    assert response.status_code == 403
    heping_report.refresh_from_db()
    assert heping_report.status == ReportStatus.SUBMITTED


def test_reviewer_of_another_district_gets_nothing(client, foreign_unit, heping_report):
    from tests.factories import make_user

    stranger = make_user("reviewer", district=foreign_unit.parent, username="rev_shibei")
    client.force_login(stranger)
    for method, url in report_urls(heping_report):
        response = getattr(client, method)(url, {"action": "approve"})
        assert response.status_code in (403, 404), (method, url)
    queue = client.get(reverse("initiatives:review_queue"))
    assert list(queue.context["page"].object_list) == []
    heping_report.refresh_from_db()
    assert heping_report.status == ReportStatus.SUBMITTED


def test_reviewer_cannot_edit_a_report(client, reviewer, report_initiative, make_report):
    returned = make_report(report_initiative, month=9, status=ReportStatus.RETURNED)
    client.force_login(reviewer)
    url = reverse("initiatives:report_edit", args=[returned.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(returned, narrative="审核人改的")).status_code == 403
    assert client.get(reverse("initiatives:report_list")).status_code == 403
    returned.refresh_from_db()
    assert returned.narrative == "本月推进情况。"


def test_editor_and_anonymous_get_nothing(client, editor, heping_report):
    client.force_login(editor)
    for method, url in report_urls(heping_report):
        response = getattr(client, method)(url, {"action": "approve"})
        assert response.status_code in (403, 404), (method, url)
    for name in ("report_list", "review_queue"):
        assert client.get(reverse(f"initiatives:{name}")).status_code == 403
    client.logout()
    for method, url in report_urls(heping_report):
        response = getattr(client, method)(url, {"action": "approve"})
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    heping_report.refresh_from_db()
    assert heping_report.status == ReportStatus.SUBMITTED


# The reviewer's side ---------------------------------------------------------------------


def test_review_queue_filters(client, reviewer, unit, other_unit, report_initiative, make_report):
    from tests.factories import InitiativeFactory, InitiativeFamilyFactory

    waiting = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    make_report(report_initiative, status=ReportStatus.APPROVED, month=9)
    family = InitiativeFamilyFactory(name="红色物业", slug="hongse-wuye")
    gongyuan = make_report(
        InitiativeFactory(region=other_unit, family=family), status=ReportStatus.SUBMITTED, month=8
    )
    client.force_login(reviewer)
    url = reverse("initiatives:review_queue")

    def listed(**params):
        return [r.pk for r in client.get(url, params).context["page"].object_list]

    assert sorted(listed()) == sorted([waiting.pk, gongyuan.pk])
    assert listed(unit=other_unit.pk) == [gongyuan.pk]
    assert listed(family=family.pk) == [gongyuan.pk]
    assert listed(period="2026-10") == [waiting.pk]
    assert listed(period="9999-12") == []  # the last month there is: no 500 (found by fuzzing)
    assert len(listed(status="")) == 3
    assert listed(status="approved", unit=unit.pk) != [gongyuan.pk]


def test_review_queue_query_count_does_not_grow(
    client, reviewer, other_unit, report_initiative, make_report
):
    from tests.factories import InitiativeFactory

    client.force_login(reviewer)
    make_report(report_initiative, status=ReportStatus.SUBMITTED)
    url = reverse("initiatives:review_queue")
    few = count_queries(client, url)
    for month in range(1, 10):
        make_report(report_initiative, status=ReportStatus.SUBMITTED, month=month)
    for _ in range(5):
        make_report(InitiativeFactory(region=other_unit), status=ReportStatus.SUBMITTED)
    assert count_queries(client, url) == few
    assert few <= 11  # including the unread count on 通知


def test_reviewer_returns_with_comment_then_approves(
    client, reviewer, official, report_initiative, make_report
):
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    client.force_login(reviewer)
    url = reverse("initiatives:review_action", args=[report.pk])
    page = client.get(url)
    assert page.context["can_review"] and "退回修改" in page.content.decode()
    response = client.post(url, {"action": "return", "comment": ""})
    assert response.status_code == 400
    assert "退回报告时必须填写审核意见，说明需要修改的地方。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = client.post(url, {"action": "return", "comment": "请补充照片"})
    assert response.url == reverse("initiatives:review_queue")
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "请补充照片")
    svc.report_submit(report=report, by=official)
    client.post(url, {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_stale_second_reviewer_in_the_browser_gets_a_message(
    client, reviewer, district, report_initiative, make_report
):
    from tests.factories import make_user

    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    other = make_user("reviewer", district=district, username="reviewer_2")
    svc.report_approve(report=report, by=other)
    client.force_login(reviewer)
    response = client.post(
        reverse("initiatives:review_action", args=[report.pk]),
        {"action": "return", "comment": "有问题"},
    )
    assert response.status_code == 400
    assert "这份报告已由reviewer_2于" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.review_comment == ""


# Navigation and home ---------------------------------------------------------------------


def test_navigation_shows_each_role_only_what_it_can_use(
    client, official, reviewer, editor, report_initiative, make_report
):
    make_report(report_initiative, status=ReportStatus.SUBMITTED)
    make_report(report_initiative, status=ReportStatus.SUBMITTED, month=9)
    client.force_login(official)
    body = client.get("/").content.decode()
    assert "我的报告" in body and "审核队列" not in body
    client.force_login(reviewer)
    body = client.get("/").content.decode()
    assert "审核队列" in body and "我的报告" not in body
    assert 'id="review-waiting-count">2<span class="visually-hidden">份待审核</span>' in body
    client.force_login(editor)
    body = client.get("/").content.decode()
    assert "审核队列" not in body and "我的报告" not in body


def test_home_cards_list_what_needs_doing(
    client, official, reviewer, report_initiative, make_report
):
    returned = make_report(
        report_initiative, status=ReportStatus.RETURNED, month=9, review_comment="补充明细"
    )
    waiting = make_report(report_initiative, status=ReportStatus.SUBMITTED, month=8)
    client.force_login(official)
    body = client.get("/").content.decode()
    assert reverse("initiatives:report_edit", args=[returned.pk]) in body and "补充明细" in body
    assert "已逾期" in body and "待填报" in body
    client.force_login(reviewer)
    body = client.get("/").content.decode()
    assert reverse("initiatives:review_action", args=[waiting.pk]) in body
    assert reverse("initiatives:review_action", args=[returned.pk]) not in body


def test_save_and_submit_read_each_row_once(
    client, official, reviewer, report_initiative, make_report
):
    """A save reads the user, the report and its rows once for the form and once locked
    (the initiative's indicators and milestones with the lock), writes what changed with
    its history, and validates only what it writes: no key or uniqueness check reads a
    row again. A submit adds the reviewers and their notification, not a second read of
    what the save just wrote."""
    report = make_report(report_initiative, values=False, narrative="")
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])

    def post(**data):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, form_data(report, **data))
        assert response.status_code == 302, response.content.decode()[:2000]
        report.refresh_from_db()
        return [q["sql"] for q in ctx.captured_queries]

    first = post()  # two new values: an INSERT and a history row each
    again = post(narrative="本月新增花卉，补充说明。")  # values unchanged: none written
    submit = post(narrative="本月新增花卉，补充说明。", action="submit")
    assert report.status == ReportStatus.SUBMITTED
    for queries in (first, again, submit):
        assert not [q for q in queries if q.startswith('SELECT 1 AS "a"')]  # no key checks
    assert len(first) == len(again) + 4
    assert len(again) <= 20
    assert len(submit) <= len(again) + 5  # reviewers, notification (savepoint), refresh


def test_the_report_forms_render_the_same_markup_as_with_django_templates(
    report_initiative, make_report
):
    """The report form's widgets are rendered by Django's Jinja2 widget templates (for
    speed); every field, bound with errors or not, gives the markup the default renderer
    gives."""
    import re

    from django.forms.renderers import DjangoTemplates

    def squeeze(html):
        return re.sub(r">\s+<", "><", html).strip()

    from initiatives.models import Milestone
    from initiatives.reporting import editing, forms, selectors

    Milestone.objects.create(initiative=report_initiative, name="开工", position=1)
    report = make_report(report_initiative, month=10)
    ReportPhoto.objects.create(
        report=report, image=SimpleUploadedFile("p.png", png_bytes(), "image/png"), caption="花"
    )
    parts = (
        selectors.report_indicator_rows(report=report),
        selectors.report_milestone_rows(report=report),
        selectors.report_photos(report=report),
    )
    bad = {"values-0-value": "x", "milestones-0-state": "nope", "photos-0-caption": "无图"}
    django_renderer = DjangoTemplates()
    compared = 0
    for data in (None, {**form_data(report), **bad}):
        for name, built in editing.build_forms(report, *parts, data).items():
            if data:
                built.is_valid()
            if hasattr(built, "management_form"):  # a formset
                assert built.renderer is forms.RENDERER, name
                every = [*built.forms, built.management_form]
            else:
                every = [built]
            for form in every:
                assert form.renderer is forms.RENDERER, name
                for bound in form:
                    fast = bound.as_widget()
                    form.renderer = django_renderer
                    slow = bound.as_widget()
                    form.renderer = forms.RENDERER
                    # Equal up to the blank lines between tags (Jinja2's select has fewer).
                    assert squeeze(fast) == squeeze(slow), (name, bound.name)
                    compared += 1
    assert compared > 30


def test_the_status_badge_filter_prints_what_the_badge_template_prints():
    from django.template.loader import render_to_string

    from initiatives.templatetags.initiatives_tags import report_status_badge

    for status in ReportStatus:
        included = render_to_string(
            "initiatives/report_status_badge.html", {"status": status, "label": status.label}
        )
        assert report_status_badge(status.value) == included.strip()
    assert report_status_badge("<b>") == '<span class="badge text-bg-light">&lt;b&gt;</span>'
