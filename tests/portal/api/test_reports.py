"""Reports through the API: an official's token files and submits end to end, a
reviewer's approves or returns; every write through the services; scoping, 404, 409, 400
in the caller's language; problem details; query counts."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from initiatives.models import ProgressReport, ReportStatus
from portal.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def coded(unit, other_unit, district):
    """Codes on the units and the district, for the filters."""
    for region, code in (
        (district, "370303000000"),
        (unit, "370303001000"),
        (other_unit, "370303002000"),
    ):
        region.code = code
        region.save(update_fields=["code"])


def reasons(report):
    return list(
        report.history.order_by("history_date", "pk").values_list(
            "history_change_reason", "history_user__username"
        )
    )


def test_an_official_files_and_submits_a_report_end_to_end(
    api, bearer, official, reviewer, report_initiative, today
):
    auth = bearer(official)
    period = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month

    due = api.get("/api/v1/reports/due/", **auth)
    assert due.status_code == 200
    assert any(
        item["period_start"] == period.isoformat()
        for item in due.json()["overdue"] + due.json()["due"]
    )

    created = api.post(
        "/api/v1/reports/",
        {"initiative": report_initiative.pk, "period_start": period.isoformat()},
        format="json",
        **auth,
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    pk, version = body["id"], body["version"]
    assert body["status"] == "draft" and body["period_start"] == period.isoformat()
    assert [row["value"] for row in body["values"]] == [None, None]

    indicators = list(report_initiative.indicators.order_by("position"))
    saved = api.patch(
        f"/api/v1/reports/{pk}/",
        {
            "version": version,
            "narrative": "完成花卉种植。",
            "values": [
                {"indicator": indicators[0].pk, "value": "1200", "note": "三处"},
                {"indicator": indicators[1].pk, "value": "300"},
            ],
        },
        format="json",
        **auth,
    )
    assert saved.status_code == 200, saved.json()
    assert [row["value"] for row in saved.json()["values"]] == ["1200.00", "300.00"]
    assert saved.json()["narrative"] == "完成花卉种植。"

    photo = api.post(
        f"/api/v1/reports/{pk}/photos/",
        {"version": saved.json()["version"], "image": png(), "caption": "花坛"},
        format="multipart",
        **auth,
    )
    assert photo.status_code == 201, photo.json()
    assert [p["caption"] for p in photo.json()["photos"]] == ["花坛"]
    # Private photos are linked through the portal's permission-checked view.
    assert "/photos/" in photo.json()["photos"][0]["url"]
    assert "/media/" not in photo.json()["photos"][0]["url"]

    submitted = api.post(
        f"/api/v1/reports/{pk}/submit/", {"version": photo.json()["version"]}, format="json", **auth
    )
    assert submitted.status_code == 200, submitted.json()
    report = ProgressReport.objects.get(pk=pk)
    assert report.status == ReportStatus.SUBMITTED
    # History names the token's user; the reviewer is told.
    assert reasons(report) == [
        ("created", official.username),
        ("saved", official.username),
        ("saved", official.username),
        ("submitted", official.username),
    ]
    assert Notification.objects.filter(recipient=reviewer, url=report.get_absolute_url()).exists()


def test_another_units_report_answers_404_for_read_and_write(
    api, bearer, other_official, report_initiative, make_report
):
    report = make_report(report_initiative)
    auth = bearer(other_official)
    for response in (
        api.get(f"/api/v1/reports/{report.pk}/", **auth),
        api.patch(
            f"/api/v1/reports/{report.pk}/",
            {"version": "1", "narrative": "x"},
            format="json",
            **auth,
        ),
        api.post(f"/api/v1/reports/{report.pk}/submit/", {}, format="json", **auth),
        api.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json", **auth),
        api.post(f"/api/v1/reports/{report.pk}/return/", {"comment": "x"}, format="json", **auth),
        api.post(
            f"/api/v1/reports/{report.pk}/photos/",
            {"version": "1", "image": png()},
            format="multipart",
            **auth,
        ),
    ):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert (
            response.json()["status"] == 404 and response.json()["detail"] == "没有找到这份报告。"
        )
    assert api.get("/api/v1/reports/", **auth).json()["results"] == []
    report.refresh_from_db()
    assert report.narrative == "本月推进情况。" and report.is_draft


def test_creating_for_another_units_initiative_is_refused(
    api, bearer, other_official, report_initiative
):
    response = api.post(
        "/api/v1/reports/",
        {"initiative": report_initiative.pk, "period_start": "2026-10-01"},
        format="json",
        **bearer(other_official),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"initiative": ["没有这项重点工作，或您无权为它填报。"]}
    assert ProgressReport.objects.count() == 0


def test_a_stale_write_answers_409_with_the_current_version(
    api, bearer, official, report_initiative, make_report
):
    report = make_report(report_initiative)
    auth = bearer(official)
    old = api.get(f"/api/v1/reports/{report.pk}/", **auth).json()["version"]
    first = api.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": old, "narrative": "第一次"},
        format="json",
        **auth,
    )
    assert first.status_code == 200
    second = api.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": old, "narrative": "第二次"},
        format="json",
        **auth,
    )
    assert second.status_code == 409
    problem = second.json()
    assert problem["current_version"] == first.json()["version"]
    assert problem["title"] == "版本冲突" and problem["status"] == 409
    assert problem["detail"].startswith(f"这份报告已被{official.username}于")
    report.refresh_from_db()
    assert report.narrative == "第一次"
    # A submit of the old version is refused too, and the report stays a draft.
    assert (
        api.post(
            f"/api/v1/reports/{report.pk}/submit/", {"version": old}, format="json", **auth
        ).status_code
        == 409
    )
    report.refresh_from_db()
    assert report.is_draft


def test_a_rule_violation_answers_400_with_the_services_message_in_the_callers_language(
    api, bearer, official, report_initiative, make_report
):
    report = make_report(report_initiative, values=False, narrative="")
    auth = bearer(official)
    response = api.post(f"/api/v1/reports/{report.pk}/submit/", {}, format="json", **auth)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("提交前请填写“工作进展”。")
    assert response.json()["errors"]["narrative"] == "提交前请填写“工作进展”。"

    english = api.post(
        f"/api/v1/reports/{report.pk}/submit/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en", **auth
    )
    assert english.status_code == 400
    assert english.json()["detail"].startswith("Fill in “Progress” before submitting.")
    assert english.json()["title"] == "Bad request"
    report.refresh_from_db()
    assert report.is_draft


def test_a_value_with_too_many_decimals_names_its_field(
    api, bearer, official, report_initiative, make_report
):
    report = make_report(report_initiative)
    auth = bearer(official)
    version = api.get(f"/api/v1/reports/{report.pk}/", **auth).json()["version"]
    indicator = report_initiative.indicators.order_by("position").first()
    response = api.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": version, "values": [{"indicator": indicator.pk, "value": "1.5"}]},
        format="json",
        **auth,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {f"value:{indicator.pk}": response.json()["detail"]}


def test_a_reviewer_reads_the_district_queue_and_approves_or_returns(
    api, bearer, reviewer, official, report_initiative, make_report
):
    waiting = make_report(
        report_initiative,
        status="submitted",
        month=9,
        last_submitted_at=dt.datetime(2026, 10, 2, tzinfo=dt.UTC),
    )
    draft = make_report(report_initiative, month=10)
    auth = bearer(reviewer)
    queue = api.get("/api/v1/review/queue/", **auth)
    assert queue.status_code == 200
    assert [r["id"] for r in queue.json()["results"]] == [waiting.pk]
    # A draft is the unit's own: the reviewer gets 404 for it.
    assert api.get(f"/api/v1/reports/{draft.pk}/", **auth).status_code == 404

    refused = api.post(
        f"/api/v1/reports/{waiting.pk}/return/", {"comment": " "}, format="json", **auth
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "退回报告时必须填写审核意见，说明需要修改的地方。"

    returned = api.post(
        f"/api/v1/reports/{waiting.pk}/return/", {"comment": "请补充照片"}, format="json", **auth
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["review_comment"] == "请补充照片"
    assert Notification.objects.filter(recipient=official).count() == 1

    again = api.post(f"/api/v1/reports/{waiting.pk}/approve/", {}, format="json", **auth)
    assert again.status_code == 400
    assert "已由" in again.json()["detail"] and "退回" in again.json()["detail"]

    api.post(f"/api/v1/reports/{waiting.pk}/submit/", {}, format="json", **bearer(official))
    approved = api.post(
        f"/api/v1/reports/{waiting.pk}/approve/", {"comment": "好"}, format="json", **auth
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    waiting.refresh_from_db()
    assert waiting.reviewed_by == reviewer
    assert waiting.history.first().history_user == reviewer


def test_an_official_cannot_approve_own_report_and_a_reviewer_cannot_edit(
    api, bearer, official, reviewer, report_initiative, make_report
):
    report = make_report(report_initiative, status="submitted")
    response = api.post(
        f"/api/v1/reports/{report.pk}/approve/", {}, format="json", **bearer(official)
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您无权处理这份报告。"
    version = api.get(f"/api/v1/reports/{report.pk}/", **bearer(reviewer)).json()["version"]
    edit = api.patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": version, "narrative": "x"},
        format="json",
        **bearer(reviewer),
    )
    assert edit.status_code == 403
    assert api.get("/api/v1/review/queue/", **bearer(official)).status_code == 403
    report.refresh_from_db()
    assert report.is_submitted


def test_a_reviewer_of_another_district_sees_nothing(
    api, bearer, report_initiative, make_report, foreign_unit
):
    from tests.factories import make_user

    stranger = make_user("reviewer", district=foreign_unit.parent, username="reviewer_far")
    report = make_report(report_initiative, status="submitted")
    auth = bearer(stranger)
    assert api.get("/api/v1/review/queue/", **auth).json()["results"] == []
    assert api.get(f"/api/v1/reports/{report.pk}/", **auth).status_code == 404
    assert (
        api.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json", **auth).status_code
        == 404
    )


def test_anonymous_calls_answer_401_problems(api, report_initiative, make_report):
    report = make_report(report_initiative)
    for response in (api.get("/api/v1/reports/"), api.get(f"/api/v1/reports/{report.pk}/")):
        assert response.status_code == 401
        assert response.json()["title"] == "需要令牌"


def test_the_list_filters_and_pages_with_a_cursor(
    api, bearer, reviewer, report_initiative, make_report, coded, other_unit
):
    from tests.factories import InitiativeFactory

    other = InitiativeFactory(region=other_unit, title="公园项目")
    for month in (7, 8, 9):
        make_report(report_initiative, status="submitted", month=month)
    make_report(other, status="approved", month=9)
    auth = bearer(reviewer)
    ids = lambda r: [row["period_start"] for row in r.json()["results"]]  # noqa: E731
    assert ids(api.get("/api/v1/reports/?unit=370303001000", **auth)) == [
        "2026-09-01",
        "2026-08-01",
        "2026-07-01",
    ]
    assert len(api.get("/api/v1/reports/?district=370303000000", **auth).json()["results"]) == 4
    assert ids(api.get("/api/v1/reports/?status=approved", **auth)) == ["2026-09-01"]
    assert len(api.get("/api/v1/reports/?period=2026-09", **auth).json()["results"]) == 2
    assert len(api.get("/api/v1/reports/?family=chengshi-guanli", **auth).json()["results"]) == 3
    bad = api.get("/api/v1/reports/?period=2026-13", **auth)
    assert bad.status_code == 400 and "YYYY-MM" in bad.json()["errors"]["period"][0]

    first = api.get("/api/v1/reports/?page_size=2", **auth).json()
    assert len(first["results"]) == 2 and first["next"]
    second = api.get(first["next"], **auth).json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


def test_the_list_pins_its_query_count(
    api, bearer, reviewer, report_initiative, make_report, django_assert_num_queries
):
    auth = bearer(reviewer)
    for month in (6, 7, 8, 9, 10):
        make_report(report_initiative, status="submitted", month=month)
    api.get("/api/v1/reports/", **auth)  # the token's last use is written once a minute
    # token, groups, the page of reports (with joins); nothing per row
    with django_assert_num_queries(3):
        response = api.get("/api/v1/reports/", **auth)
    assert len(response.json()["results"]) == 5


def test_an_unknown_api_path_is_a_problem(api):
    response = api.get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "没有这个接口。"
