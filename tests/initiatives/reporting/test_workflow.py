"""The reporting loop's services: states, permissions, history, notifications, races; the
daily opening of periods."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from initiatives.models import IndicatorValue, ProgressReport, ReportPhoto, ReportStatus
from initiatives.reporting.services import opening
from initiatives.reporting.services import workflow as svc
from portal.errors import StaleReportError, WorkflowError
from portal.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def png(name="photo.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def values_for(initiative, *numbers):
    return {
        i.pk: n for i, n in zip(initiative.indicators.order_by("position"), numbers, strict=True)
    }


def reasons(report):
    return list(
        report.history.order_by("history_date", "pk").values_list(
            "history_change_reason", flat=True
        )
    )


def test_create_takes_period_bounds_and_due_date_and_refuses_a_second(report_initiative, official):
    report = svc.report_create(
        initiative=report_initiative, period_start=dt.date(2026, 10, 17), by=official
    )
    assert (report.period_start, report.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert report.due_date == dt.date(2026, 11, 5)
    assert report.status == ReportStatus.DRAFT and report.created_by == official
    assert reasons(report) == ["created"]
    assert report.history.first().history_user == official

    with pytest.raises(WorkflowError) as exc:
        svc.report_create(
            initiative=report_initiative, period_start=dt.date(2026, 10, 1), by=official
        )
    assert str(exc.value) == (
        "重点工作“花开和平”在2026年10月1日至2026年10月31日的报告已经存在，请打开已有的报告继续填写。"
    )
    assert ProgressReport.objects.count() == 1


def test_create_refuses_future_periods_and_other_units(report_initiative, other_official):
    with pytest.raises(PermissionDenied):
        svc.report_create(
            initiative=report_initiative, period_start=dt.date(2026, 10, 1), by=other_official
        )
    assert ProgressReport.objects.count() == 0


def test_create_refuses_a_period_that_has_not_started(report_initiative, official, today):
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    with pytest.raises(WorkflowError, match="还没有开始"):
        svc.report_create(initiative=report_initiative, period_start=next_month, by=official)
    assert ProgressReport.objects.count() == 0


def test_full_loop_keeps_every_step_in_history(report_initiative, official, reviewer):
    report = svc.report_create(
        initiative=report_initiative, period_start=dt.date(2026, 10, 1), by=official
    )
    svc.report_save(
        report=report,
        by=official,
        narrative="新增花卉 1200 平方米。",
        values=values_for(report_initiative, "1200", "300"),
        new_photos=[(png(), "和平路花坛")],
        expected_version=svc.report_version(report),
    )
    report.refresh_from_db()
    assert report.narrative == "新增花卉 1200 平方米。"
    assert sorted(report.values.values_list("value", flat=True)) == [Decimal(300), Decimal(1200)]
    assert list(report.photos.values_list("caption", flat=True)) == ["和平路花坛"]

    svc.report_submit(report=report, by=official)
    svc.report_return(report=report, by=reviewer, comment="请补充社区明细。")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_comment == "请补充社区明细。" and report.return_count == 1
    svc.report_save(report=report, by=official, narrative="补充：各社区明细见照片。", values={})
    svc.report_submit(report=report, by=official)
    svc.report_approve(report=report, by=reviewer)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.reviewed_by == reviewer
    assert report.approved_at is not None and report.submitted_at < report.last_submitted_at
    assert reasons(report) == [
        "created",
        "saved",
        "submitted",
        "returned",
        "saved",
        "resubmitted",
        "approved",
    ]
    returned = report.history.get(history_change_reason="returned")
    assert returned.review_comment == "请补充社区明细。" and returned.history_user == reviewer
    assert IndicatorValue.history.filter(history_change_reason="saved").count() == 2


def test_approved_and_submitted_reports_are_locked(report_initiative, make_report, official):
    for status, message in [
        (ReportStatus.APPROVED, "这份报告已通过审核并锁定，不能再修改。"),
        (ReportStatus.SUBMITTED, "这份报告已提交审核，在审核人退回之前不能修改。"),
    ]:
        report = make_report(
            report_initiative, status=status, month=3 if status == "approved" else 4
        )
        with pytest.raises(WorkflowError) as exc:
            svc.report_save(report=report, by=official, narrative="改一下", values={})
        assert str(exc.value) == message
        with pytest.raises(WorkflowError):
            svc.report_submit(report=report, by=official)
        report.refresh_from_db()
        assert report.narrative == "本月推进情况。" and report.status == status


def test_submit_needs_narrative_and_every_value(report_initiative, make_report, official):
    report = make_report(report_initiative, values=False, narrative="")
    with pytest.raises(WorkflowError, match="提交前请填写“工作进展”。"):
        svc.report_submit(report=report, by=official)
    report.narrative = "有进展"
    report.save()
    with pytest.raises(WorkflowError) as exc:
        svc.report_submit(report=report, by=official)
    assert str(exc.value) == "提交前请填写所有指标的本期数值，尚未填写：新增花卉面积、裸露土地。"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None


def test_return_needs_a_comment(report_initiative, make_report, reviewer):
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    with pytest.raises(WorkflowError) as exc:
        svc.report_return(report=report, by=reviewer, comment="  ")
    assert str(exc.value) == "退回报告时必须填写审核意见，说明需要修改的地方。"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.return_count == 0


def test_two_reviewers_at_once_the_second_is_told_who_won(
    report_initiative, make_report, reviewer, district
):
    from tests.factories import make_user

    second = make_user("reviewer", district=district, username="reviewer_2")
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    stale = ProgressReport.objects.get(pk=report.pk)  # loaded by the second reviewer earlier
    svc.report_approve(report=report, by=reviewer)
    with pytest.raises(WorkflowError) as exc:
        svc.report_return(report=stale, by=second, comment="数字不对")
    assert str(exc.value).startswith("这份报告已由reviewer_zhangdian于")
    assert str(exc.value).endswith("审核通过，无需再处理。")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.review_comment == ""
    assert report.reviewed_by == reviewer
    with pytest.raises(WorkflowError, match="无需再处理"):
        svc.report_approve(report=stale, by=second)
    assert report.history.filter(history_change_reason="approved").count() == 1


def test_two_people_saving_one_draft_the_second_is_refused(
    report_initiative, make_report, official, unit
):
    from tests.factories import make_user

    colleague = make_user("official", unit=unit, username="official_heping_2")
    report = make_report(report_initiative)
    opened = svc.report_version(report)  # both open the form
    svc.report_save(
        report=report, by=colleague, narrative="同事写的", values={}, expected_version=opened
    )
    before = list(report.values.order_by("pk").values_list("value", flat=True))
    with pytest.raises(StaleReportError) as exc:
        svc.report_save(
            report=report,
            by=official,
            narrative="我写的",
            values=values_for(report_initiative, 99, 99),
            expected_version=opened,
        )
    assert str(exc.value).startswith("这份报告已被official_heping_2于")
    report.refresh_from_db()
    assert report.narrative == "同事写的"
    assert list(report.values.order_by("pk").values_list("value", flat=True)) == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"new": "-5", "bare": "10"}, "“新增花卉面积”不能为负数。"),
        ({"new": "很多", "bare": "10"}, "“新增花卉面积”的数值应为数字。"),
    ],
)
def test_bad_values_save_nothing(report_initiative, make_report, official, values, message):
    report = make_report(report_initiative)
    new, bare = report_initiative.indicators.order_by("position")
    with pytest.raises(WorkflowError) as exc:
        svc.report_save(
            report=report,
            by=official,
            narrative="不应保存",
            values={new.pk: values["new"], bare.pk: values["bare"]},
        )
    assert str(exc.value) == message
    report.refresh_from_db()
    assert report.narrative == "本月推进情况。"
    assert set(report.values.values_list("value", flat=True)) == {Decimal(10)}


def test_negative_value_allowed_where_the_indicator_says_so(
    report_initiative, make_report, official
):
    report = make_report(report_initiative)
    new, bare = report_initiative.indicators.order_by("position")
    bare.allow_negative = True
    bare.save()
    svc.report_save(report=report, by=official, narrative="x", values={bare.pk: "-20"})
    assert report.values.get(indicator=bare).value == Decimal(-20)


def test_photo_that_is_a_renamed_pdf_is_refused(report_initiative, make_report, official):
    report = make_report(report_initiative)
    fake = SimpleUploadedFile("现场.jpg", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF", "image/jpeg")
    with pytest.raises(WorkflowError) as exc:
        svc.report_save(
            report=report, by=official, narrative="附照片", values={}, new_photos=[(fake, "")]
        )
    assert (
        str(exc.value) == "“现场.jpg”不是可识别的图片（仅支持 JPG、PNG、GIF、WEBP），请重新选择。"
    )
    assert ReportPhoto.objects.count() == 0
    report.refresh_from_db()
    assert report.narrative == "本月推进情况。"


def test_photo_over_10_mb_is_refused(report_initiative, make_report, official):
    report = make_report(report_initiative)
    big = png()
    big.size = 20 * 1024 * 1024
    with pytest.raises(WorkflowError) as exc:
        svc.report_save(
            report=report, by=official, narrative="附照片", values={}, new_photos=[(big, "")]
        )
    assert str(exc.value) == "照片“photo.png”有 20.0 MB，超过 10 MB 的上限，请压缩后再上传。"
    assert ReportPhoto.objects.count() == 0


def test_permissions_cross_every_boundary(
    report_initiative, make_report, other_official, editor, foreign_unit
):
    from tests.factories import make_user

    foreign_reviewer = make_user("reviewer", district=foreign_unit.parent, username="rev_x")
    submitted = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    draft = make_report(report_initiative, month=9)
    for user in (other_official, editor, foreign_reviewer):
        with pytest.raises(PermissionDenied):
            svc.report_save(report=draft, by=user, narrative="x", values={})
        with pytest.raises(PermissionDenied):
            svc.report_submit(report=draft, by=user)
        with pytest.raises(PermissionDenied):
            svc.report_approve(report=submitted, by=user)
        with pytest.raises(PermissionDenied):
            svc.report_return(report=submitted, by=user, comment="x")
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED and draft.status == ReportStatus.DRAFT


def test_an_official_cannot_review_their_own_report(report_initiative, make_report, official):
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        svc.report_approve(report=report, by=official)


def test_notifications_go_to_the_right_people_once(
    report_initiative, make_report, official, other_official, reviewer, foreign_unit,
    django_capture_on_commit_callbacks, mailoutbox,
):  # fmt: skip
    from tests.factories import make_user

    make_user("reviewer", district=foreign_unit.parent, username="rev_elsewhere")
    report = make_report(report_initiative)
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_submit(report=report, by=official)
    assert list(Notification.objects.values_list("recipient__username", "key")) == [
        ("reviewer_zhangdian", f"report:{report.pk}:submitted:0")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_return(report=report, by=reviewer, comment="照片不清楚")
    returned = Notification.objects.get(key=f"report:{report.pk}:returned:1")
    assert returned.recipient == official and "照片不清楚" in returned.body
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_submit(report=report, by=official)
        svc.report_approve(report=report, by=reviewer)
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"report:{report.pk}:submitted:0",
        f"report:{report.pk}:returned:1",
        f"report:{report.pk}:submitted:1",
        f"report:{report.pk}:approved",
    }
    assert not Notification.objects.filter(recipient=other_official).exists()
    assert len(mailoutbox) == 4  # eager tasks in tests: every notification was emailed


def test_submit_with_the_broker_down_saves_and_leaves_the_email_pending(
    report_initiative, make_report, official, reviewer, django_capture_on_commit_callbacks,
    mailoutbox, settings,
):  # fmt: skip
    from portal.celery import app

    report = make_report(report_initiative)
    conf = app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app.__dict__.pop("pool", None)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            svc.report_submit(report=report, by=official)
    finally:
        conf.task_always_eager, conf.broker_url = saved
        app.__dict__.pop("pool", None)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.emailed_at is None and mailoutbox == []
    # The periodic sweep sends it once the broker is back.
    from portal.notifications.tasks import send_pending_notifications

    assert send_pending_notifications() == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None and len(mailoutbox) == 1


def test_open_due_creates_current_drafts_once(report_initiative, unit):
    from initiatives.models import Frequency, InitiativeStatus
    from tests.factories import InitiativeFactory

    weekly = InitiativeFactory(region=unit, frequency=Frequency.WEEK)
    InitiativeFactory(region=unit, status=InitiativeStatus.SUSPENDED)
    InitiativeFactory(region=unit, start_date=dt.date(2027, 1, 1))
    today = dt.date(2026, 11, 21)
    assert opening.reports_open_due(today=today) == 2
    assert opening.reports_open_due(today=today) == 0
    rows = ProgressReport.objects.order_by("initiative_id")
    assert [(r.initiative_id, r.period_start, r.due_date, r.status) for r in rows] == [
        (report_initiative.pk, dt.date(2026, 11, 1), dt.date(2026, 12, 5), "draft"),
        (weekly.pk, dt.date(2026, 11, 16), dt.date(2026, 11, 24), "draft"),
    ]
    assert reasons(rows[0]) == ["opened"]


def test_open_due_leaves_a_report_an_official_already_made(report_initiative, official):
    made = svc.report_create(
        initiative=report_initiative, period_start=dt.date(2026, 11, 2), by=official
    )
    assert opening.reports_open_due(today=dt.date(2026, 11, 21)) == 0
    assert list(ProgressReport.objects.values_list("pk", flat=True)) == [made.pk]
