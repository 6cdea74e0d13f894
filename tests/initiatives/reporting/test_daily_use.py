"""What officials and reviewers ran into in daily use (issue 14): the approval's comment,
what an indicator's value means, whole numbers for counts, errors on their fields and kept
across a reload, milestones in the report, drafts that stay the unit's own, one history
record per submit."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import Direction, ProgressReport, ReportStatus
from initiatives.reporting.services import workflow as svc
from tests.factories import IndicatorFactory, IndicatorValueFactory, InitiativeFactory

from .test_views import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def timeline_of(client, report):
    return client.get(report.get_absolute_url()).context["timeline"]


# Finding 2: the approval's comment ------------------------------------------------------


def test_approval_comment_is_kept_and_shown_beside_the_earlier_return(
    client, official, reviewer, report_initiative, make_report
):
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    svc.report_return(report=report, by=reviewer, comment="请补充社区明细。")
    svc.report_submit(report=report, by=official)
    client.force_login(reviewer)
    response = client.post(
        reverse("initiatives:review_action", args=[report.pk]),
        {"action": "approve", "comment": "材料齐全，同意。"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.APPROVED, "材料齐全，同意。")

    client.force_login(official)
    response = client.get(report.get_absolute_url())
    decisions = [(e.reason, e.comment) for e in response.context["timeline"] if e.comment]
    assert decisions == [("returned", "请补充社区明细。"), ("approved", "材料齐全，同意。")]
    body = response.content.decode()
    assert body.count("材料齐全，同意。") == 2  # the approval box and the timeline
    notice = official.notifications.get(key=f"report:{report.pk}:approved")
    assert "审核意见：材料齐全，同意。" in notice.body


def test_approval_without_comment_leaves_the_return_comment_with_the_return(
    client, official, reviewer, report_initiative, make_report
):
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    svc.report_return(report=report, by=reviewer, comment="请补照片。")
    svc.report_submit(report=report, by=official)
    svc.report_approve(report=report, by=reviewer)
    report.refresh_from_db()
    assert report.review_comment == ""
    client.force_login(official)
    events = {e.reason: e.comment for e in timeline_of(client, report)}
    assert events["returned"] == "请补照片。" and events["approved"] == ""


# Finding 17: one history record per submit ---------------------------------------------


def test_submitting_from_the_form_writes_one_history_record(
    client, official, report_initiative, make_report
):
    report = svc.report_create(
        initiative=report_initiative, period_start=dt.date(2026, 10, 1), by=official
    )
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    response = client.post(url, form_data(report, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.narrative == "本月新增花卉。"
    assert [e.action for e in timeline_of(client, report)] == ["创建报告", "提交审核"]


# Finding 9: drafts are the unit's own ----------------------------------------------------


def test_reviewers_get_404_for_a_draft_and_keep_a_returned_report(
    client, reviewer, official, report_initiative, make_report
):
    draft = make_report(report_initiative, month=10)
    returned = make_report(report_initiative, month=9, status=ReportStatus.RETURNED)
    client.force_login(reviewer)
    for name in ("report_detail", "review_action", "report_edit"):
        assert client.get(reverse(f"initiatives:{name}", args=[draft.pk])).status_code == 404
    response = client.post(
        reverse("initiatives:review_action", args=[draft.pk]), {"action": "approve"}
    )
    assert response.status_code == 404
    assert client.get(reverse("initiatives:review_action", args=[returned.pk])).status_code == 200
    queue = client.get(reverse("initiatives:review_queue"), {"status": ""})
    assert [r.pk for r in queue.context["page"].object_list] == [returned.pk]
    assert "草稿" not in [
        label for _v, label in queue.context["filterset"].form["status"].field.choices
    ]
    assert not reviewer.has_perm("initiatives.read_report", draft)
    client.force_login(official)
    assert client.get(draft.get_absolute_url()).status_code == 200
    # Once submitted, the reviewer sees it.
    svc.report_submit(report=draft, by=official)
    client.force_login(reviewer)
    assert client.get(reverse("initiatives:review_action", args=[draft.pk])).status_code == 200


# Finding 5: what a value means ------------------------------------------------------------


@pytest.fixture
def soil_initiative(unit):
    """Bare soil, 2100 m² to clear to zero, reported as what was cleared each month."""
    from initiatives.models import Measure

    initiative = InitiativeFactory(region=unit, title="裸土整治", start_date=dt.date(2026, 1, 1))
    IndicatorFactory(
        initiative=initiative, name="清理裸露土地", unit="平方米", baseline=2100, target=0,
        direction=Direction.DOWN, measure=Measure.AMOUNT,
    )  # fmt: skip
    return initiative


def test_a_decreasing_indicator_reads_naturally(
    client, official, soil_initiative, make_report, unit
):
    soil = soil_initiative.indicators.get()
    for month, cleared in ((8, 300), (9, 330)):
        report = make_report(soil_initiative, month=month, status=ReportStatus.APPROVED)
        report.values.filter(indicator=soil).update(value=cleared)
    draft = make_report(soil_initiative, month=10, values=False)
    client.force_login(official)
    body = client.get(reverse("initiatives:report_edit", args=[draft.pk])).content.decode()
    assert "填写本期减少的数量，各期相加计入进度。" in body
    assert "基线 2100 平方米 · 目标 0 平方米" in body
    assert "已减少 630 / 2100 平方米 · 30%" in body and "（现为 1470 平方米）" in body
    public = client.get(reverse("initiatives:unit_detail", kwargs={"slug": unit.slug}))
    assert "已减少 630 / 2100 平方米" in public.content.decode()


# Finding 6: whole numbers for counts, every figure with its precision ---------------------


@pytest.fixture
def pavilions(report_initiative):
    return IndicatorFactory(
        initiative=report_initiative, name="景观停车亭", unit="座", target=10, position=3
    )


def test_counts_take_whole_numbers(client, official, report_initiative, pavilions, make_report):
    report = make_report(report_initiative, values=False)
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    response = client.post(url, form_data(report, values=("100", "400", "1.5")))
    assert response.status_code == 400
    assert "“景观停车亭”按整数填报（座），请不要填写小数。" in response.content.decode()
    assert not report.values.exists()
    with pytest.raises(svc.WorkflowError, match="按整数填报"):
        svc.report_save(report=report, by=official, narrative="", values={pavilions.pk: "0.67"})
    response = client.post(url, form_data(report, values=("100", "400", "2.0")))
    assert response.status_code == 302
    assert report.values.get(indicator=pavilions).value == 2


def test_figures_show_with_their_indicator_precision_everywhere(
    client, official, report_initiative, pavilions, make_report
):
    report = make_report(report_initiative, values=False)
    flowers, soil = report_initiative.indicators.filter(unit="平方米").order_by("position")
    flowers.decimals = 2
    flowers.save(update_fields=["decimals"])
    IndicatorValueFactory(report=report, indicator=flowers, value=Decimal("1268.57"))
    IndicatorValueFactory(report=report, indicator=soil, value=Decimal("150"))
    IndicatorValueFactory(report=report, indicator=pavilions, value=Decimal("2"))
    client.force_login(official)
    form = client.get(reverse("initiatives:report_edit", args=[report.pk])).content.decode()
    inputs = re.findall(r'name="values-\d-value"[^>]*value="([^"]*)"', form)
    assert inputs == ["1268.57", "150", "2"]
    page = client.get(report.get_absolute_url()).content.decode()
    for text in ("1268.57 平方米", "150 平方米", "2 座", "10 座", "4000.00 平方米"):
        assert text in page, text


def test_baseline_and_target_follow_the_precision(report_initiative):
    from django.core.exceptions import ValidationError

    indicator = IndicatorFactory.build(
        initiative=report_initiative, name="停车亭", unit="座", target=Decimal("10.5")
    )
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert "目标值也应为整数" in str(caught.value)
    indicator.target, indicator.direction = Decimal(10), Direction.DOWN
    with pytest.raises(ValidationError, match="目标值不能大于基线值"):
        indicator.full_clean()


# Finding 7: every error on its field, nothing typed lost, even on a reload -----------------


def test_missing_fields_are_marked_and_survive_a_reload(
    client, official, report_initiative, make_report
):
    report = make_report(report_initiative, values=False, narrative="")
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    response = client.post(
        url, form_data(report, narrative="", values=("1234", ""), action="submit")
    )
    assert response.status_code == 400

    def check(body):
        narrative = re.search(r"<textarea[^>]*name=\"narrative\"[^>]*>", body).group(0)
        assert "is-invalid" in narrative
        assert 'id="narrative-errors"' in body and "提交前请填写“工作进展”。" in body
        soil = re.search(r'<input[^>]*name="values-1-value"[^>]*>', body).group(0)
        assert "is-invalid" in soil and 'value=""' in soil
        assert 'id="id_values-1-value-errors"' in body and "提交前请填写本期数值。" in body
        flowers = re.search(r'<input[^>]*name="values-0-value"[^>]*>', body).group(0)
        assert 'value="1234"' in flowers and "is-invalid" not in flowers
        assert 'href="#id_narrative"' in body and 'href="#id_values-1-value"' in body

    check(response.content.decode())
    assert not report.values.exists()
    # The official reloads the page (or comes back later): what was typed is still there.
    again = client.get(url)
    assert again.status_code == 200
    check(again.content.decode())
    assert 'id="restored"' in again.content.decode()
    # Discarding it shows the saved report again.
    client.post(url, {"action": "discard"})
    fresh = client.get(url).content.decode()
    assert 'id="restored"' not in fresh and "is-invalid" not in fresh
    assert not re.search(r'name="values-0-value"[^>]*value="1234"', fresh)


def test_a_saved_form_forgets_what_a_failed_post_kept(
    client, official, report_initiative, make_report
):
    report = make_report(report_initiative, values=False)
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    client.post(url, form_data(report, values=("很多", "1")))
    assert 'value="很多"' in client.get(url).content.decode()
    assert client.post(url, form_data(report, values=("5", "1"))).status_code == 302
    body = client.get(url).content.decode()
    assert 'value="很多"' not in body and 'id="restored"' not in body


def test_submit_as_saved_shows_what_is_missing_on_the_form(
    client, official, report_initiative, make_report
):
    report = make_report(report_initiative, values=False)
    client.force_login(official)
    response = client.post(reverse("initiatives:report_submit", args=[report.pk]))
    assert response.url == reverse("initiatives:report_edit", args=[report.pk])
    body = client.get(response.url).content.decode()
    assert body.count("提交前请填写本期数值。") == 4  # each field, and in the list at the top
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


# Finding 8: milestones in the report -------------------------------------------------------


@pytest.fixture
def shanty(unit):
    """An initiative with milestones and no indicators."""
    initiative = InitiativeFactory(region=unit, title="水资办棚户区改造项目")
    for position, (name, planned) in enumerate(
        (("签约", dt.date(2026, 9, 30)), ("拆迁", dt.date(2026, 12, 31)))
    ):
        initiative.milestones.create(name=name, planned_date=planned, position=position)
    return initiative


def milestone_data(report, entries, **extra):
    data = form_data(report, values=(), **extra)
    data["milestones-TOTAL_FORMS"] = data["milestones-INITIAL_FORMS"] = str(len(entries))
    for index, (state, date, note) in enumerate(entries):
        data[f"milestones-{index}-state"] = state
        data[f"milestones-{index}-actual_date"] = date
        data[f"milestones-{index}-note"] = note
    return data


def test_an_initiative_with_only_milestones_is_reported(
    client, official, reviewer, shanty, make_report, today
):
    report = make_report(shanty, month=10, values=False)
    client.force_login(official)
    url = reverse("initiatives:report_edit", args=[report.pk])
    body = client.get(url).content.decode()
    assert "这项重点工作还没有设置指标" not in body
    assert 'name="milestones-0-state"' in body and 'name="milestones-1-actual_date"' in body
    assert 'name="milestones-TOTAL_FORMS" value="2"' in body

    # Submitting without a state, or done without its date, is refused on the field.
    response = client.post(
        url, milestone_data(report, [("done", "", ""), ("", "", "")], action="submit")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "已完成的节点请填写完成日期。" in body
    response = client.post(
        url, milestone_data(report, [("done", "2026-10-20", ""), ("", "", "")], action="submit")
    )
    assert response.status_code == 400
    assert "提交前请选择每个节点的进展，尚未选择：拆迁。" in response.content.decode()
    assert "提交前请选择这个节点的进展。" in response.content.decode()
    response = client.post(
        url,
        milestone_data(
            report, [("done", "2026-10-20", "全部签约"), ("in_progress", "", "")],
            action="submit",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert sorted(report.milestone_progress.values_list("milestone__name", "state")) == [
        ("拆迁", "in_progress"),
        ("签约", "done"),
    ]

    # Not shown publicly until approved; then on the initiative and unit pages.
    page = client.get(shanty.get_absolute_url())
    states = {m.name: m.state for m in page.context["detail"].initiative.milestones.all()}
    assert states["签约"] == "late"
    svc.report_approve(report=report, by=reviewer)
    page = client.get(shanty.get_absolute_url())
    milestones = {m.name: m for m in page.context["detail"].initiative.milestones.all()}
    assert milestones["签约"].state == "done"
    assert milestones["签约"].done_on == dt.date(2026, 10, 20)
    expected_demolition = "late" if today > dt.date(2026, 12, 31) else "progress"
    assert milestones["拆迁"].state == expected_demolition
    assert "2026-10-20" in page.content.decode()
    unit_page = client.get(reverse("initiatives:unit_detail", kwargs={"slug": shanty.region.slug}))
    assert "2026-10-20" in unit_page.content.decode()

    # The next report starts from what was approved.
    following = make_report(shanty, month=11, values=False)
    body = client.get(reverse("initiatives:report_edit", args=[following.pk])).content.decode()
    assert re.search(r'name="milestones-0-actual_date"[^>]*value="2026-10-20"', body)


def test_a_milestone_date_may_not_be_in_the_future(official, shanty, make_report, today):
    report = make_report(shanty, values=False)
    milestone = shanty.milestones.get(name="签约")
    with pytest.raises(svc.WorkflowError, match="完成日期不能晚于今天"):
        svc.report_save(
            report=report, by=official, narrative="", values={},
            milestones={milestone.pk: ("done", today + dt.timedelta(days=1), "")},
        )  # fmt: skip
    assert not ProgressReport.objects.get(pk=report.pk).milestone_progress.exists()


def test_a_bad_value_and_a_missing_narrative_show_together(
    client, official, report_initiative, pavilions, make_report
):
    report = make_report(report_initiative, values=False, narrative="")
    client.force_login(official)
    response = client.post(
        reverse("initiatives:report_edit", args=[report.pk]),
        form_data(report, narrative="", values=("100", "", "1.5"), action="submit"),
    )
    assert response.status_code == 400
    listed = [(e.anchor, e.message) for e in response.context["error_list"]]
    assert listed == [
        ("id_narrative", "提交前请填写“工作进展”。"),
        ("id_values-1-value", "提交前请填写本期数值。"),
        ("id_values-2-value", "“景观停车亭”按整数填报（座），请不要填写小数。"),
    ]
