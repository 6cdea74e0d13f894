"""Reports in Django admin: a reviewer sees their district's, bulk-approves through the
service, and is told what was skipped and why."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from initiatives.models import ProgressReport, ReportStatus
from initiatives.reporting.services import workflow as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(report_initiative, make_report, foreign_unit):
    from tests.factories import InitiativeFactory

    return {
        "submitted": make_report(report_initiative, status=ReportStatus.SUBMITTED, month=10),
        "submitted2": make_report(report_initiative, status=ReportStatus.SUBMITTED, month=9),
        "draft": make_report(report_initiative, status=ReportStatus.DRAFT, month=8),
        "foreign": make_report(
            InitiativeFactory(region=foreign_unit, title="即墨路路长制"),
            status=ReportStatus.SUBMITTED,
        ),
    }


def test_reviewer_sees_only_their_district(client, reviewer, reports):
    client.force_login(reviewer)
    response = client.get(reverse("admin:initiatives_progressreport_changelist"))
    assert response.status_code == 200
    shown = {r.pk for r in response.context["cl"].result_list}
    # A draft is the unit's own until submitted: not listed, and its page does not open.
    assert shown == {reports["submitted"].pk, reports["submitted2"].pk}
    for hidden in ("foreign", "draft"):
        url = reverse("admin:initiatives_progressreport_change", args=[reports[hidden].pk])
        assert client.get(url).status_code == 302  # admin's "does not exist" redirect
    history = reverse("admin:initiatives_progressreport_history", args=[reports["submitted"].pk])
    assert client.get(history).status_code == 200


def test_bulk_approve_goes_through_the_service_and_reports_skips(client, reviewer, reports):
    client.force_login(reviewer)
    picked = [reports[name].pk for name in ("submitted", "submitted2", "draft", "foreign")]
    response = client.post(
        reverse("admin:initiatives_progressreport_changelist"),
        {"action": "approve_selected", "_selected_action": picked},
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["已通过 2 份报告。"]  # the draft and the foreign one are not visible
    statuses = dict(ProgressReport.objects.values_list("pk", "status"))
    assert statuses[reports["submitted"].pk] == ReportStatus.APPROVED
    assert statuses[reports["submitted2"].pk] == ReportStatus.APPROVED
    assert statuses[reports["draft"].pk] == ReportStatus.DRAFT
    assert statuses[reports["foreign"].pk] == ReportStatus.SUBMITTED
    approved = ProgressReport.objects.get(pk=reports["submitted"].pk)
    assert approved.history.first().history_change_reason == "approved"
    assert approved.reviewed_by == reviewer


def test_superuser_bulk_approve_skips_with_reasons(client, admin_user, reports, official):
    svc.report_approve(report=reports["submitted2"], by=admin_user)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:initiatives_progressreport_changelist"),
        {
            "action": "approve_selected",
            "_selected_action": [reports["submitted2"].pk, reports["foreign"].pk],
        },
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0] == "已通过 1 份报告。"
    assert "无需再处理" in texts[1]


def test_official_has_no_admin(client, official, reports):
    client.force_login(official)
    response = client.get(reverse("admin:initiatives_progressreport_changelist"))
    assert response.status_code == 302
    assert ProgressReport.objects.filter(status=ReportStatus.APPROVED).count() == 0


def test_admin_change_page_is_read_only(client, reviewer, reports):
    client.force_login(reviewer)
    url = reverse("admin:initiatives_progressreport_change", args=[reports["submitted2"].pk])
    client.post(url, {"narrative": "后台改的", "status": "approved"})
    report = ProgressReport.objects.get(pk=reports["submitted2"].pk)
    assert report.narrative == "本月推进情况。" and report.status == ReportStatus.SUBMITTED
    assert report.period_start == dt.date(2026, 9, 1)
