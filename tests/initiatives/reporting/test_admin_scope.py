"""Issue 10, findings 1 and 2: Django admin sees what the portal's selectors allow, history
included, and no report is ever reverted through admin history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import ProgressReport, ReportStatus
from initiatives.reporting.services import workflow as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(report_initiative, make_report, foreign_unit, admin_user):
    """An approved report in the reviewer's district, one of another district (市北区's
    即墨路街道), each with history (created, submitted, approved), and a draft at home."""
    from tests.factories import InitiativeFactory

    home = make_report(report_initiative, status=ReportStatus.SUBMITTED, month=10)
    svc.report_approve(report=home, by=admin_user)
    foreign = make_report(
        InitiativeFactory(region=foreign_unit, title="即墨路路长制"),
        status=ReportStatus.SUBMITTED,
        month=10,
    )
    svc.report_approve(report=foreign, by=admin_user)
    draft = make_report(report_initiative, status=ReportStatus.DRAFT, month=8)
    return {"home": home, "foreign": foreign, "draft": draft}


def _oldest(report) -> int:
    return report.history.order_by("history_date").first().history_id


def _history_form(report, history_id) -> str:
    return reverse("admin:initiatives_progressreport_simple_history", args=[report.pk, history_id])


def _history(report) -> str:
    return reverse("admin:initiatives_progressreport_history", args=[report.pk])


def _revert(client, report) -> int:
    """POST the oldest version back, as admin's revert button would."""
    url = _history_form(report, _oldest(report))
    return client.post(url, {"_save": "1"}).status_code


@pytest.mark.parametrize("which", ["home", "foreign"])
def test_reviewer_cannot_revert_any_report_through_history(client, reviewer, world, which):
    report = world[which]
    before = report.history.count()
    client.force_login(reviewer)
    status = _revert(client, report)
    assert status in (403, 404)
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.APPROVED
    assert report.approved_at is not None and report.reviewed_by_id is not None
    assert report.history.count() == before


def test_not_even_an_admin_reverts_through_history(client, admin_user, world):
    client.force_login(admin_user)
    assert _revert(client, world["home"]) == 403
    assert ProgressReport.objects.get(pk=world["home"].pk).status == ReportStatus.APPROVED


def test_reviewer_reads_no_other_districts_history(client, reviewer, world):
    client.force_login(reviewer)
    foreign = world["foreign"]
    assert client.get(_history(foreign)).status_code == 404
    assert client.get(_history_form(foreign, _oldest(foreign))).status_code == 404
    # Nor a draft of their own district (a draft is the unit's own until submitted).
    draft = world["draft"]
    assert client.get(_history(draft)).status_code == 404
    assert client.get(_history_form(draft, _oldest(draft))).status_code == 404


def test_reviewer_reads_their_districts_history_read_only(client, reviewer, world):
    client.force_login(reviewer)
    home = world["home"]
    response = client.get(_history(home))
    assert response.status_code == 200
    response = client.get(_history_form(home, _oldest(home)))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_a_version_of_another_report_does_not_open_under_ones_own(client, reviewer, world):
    client.force_login(reviewer)
    url = _history_form(world["home"], _oldest(world["foreign"]))
    assert client.get(url).status_code == 404


def test_history_of_a_deleted_report_is_not_shown_to_reviewers(client, reviewer, world):
    """simple-history falls back to the last historical row of a deleted object."""
    from initiatives.models import IndicatorValue

    foreign = world["foreign"]
    IndicatorValue.objects.filter(report=foreign).delete()
    pk = foreign.pk
    foreign.delete()
    client.force_login(reviewer)
    assert (
        client.get(reverse("admin:initiatives_progressreport_history", args=[pk])).status_code
        == 404
    )


# --- finding 2: summaries and initiatives in admin --------------------------------------


@pytest.fixture
def summaries(world, unit, foreign_unit, district, report_initiative):
    import datetime as dt

    from initiatives.summaries.models import PeriodKind, ScopeKind, Summary

    def make(**scope):
        return Summary.objects.create(
            period_kind=PeriodKind.MONTH,
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            **scope,
        )

    return {
        "unit": make(scope_kind=ScopeKind.UNIT, region=unit),
        "district": make(scope_kind=ScopeKind.DISTRICT, region=district),
        "foreign_unit": make(scope_kind=ScopeKind.UNIT, region=foreign_unit),
        "foreign_district": make(scope_kind=ScopeKind.DISTRICT, region=foreign_unit.parent),
        "city": make(scope_kind=ScopeKind.CITY, region=district.parent),
        "family": make(scope_kind=ScopeKind.FAMILY, family=report_initiative.family),
    }


def test_summary_admin_lists_only_what_the_summary_pages_show(client, reviewer, summaries):
    client.force_login(reviewer)
    response = client.get(reverse("admin:initiatives_summary_changelist"))
    assert response.status_code == 200
    shown = {s.pk for s in response.context["cl"].result_list}
    assert shown == {summaries["unit"].pk, summaries["district"].pk}
    for name, summary in summaries.items():
        url = reverse("admin:initiatives_summary_change", args=[summary.pk])
        expected = 200 if name in ("unit", "district") else 302  # admin's "does not exist"
        assert client.get(url).status_code == expected, name


def test_summary_admin_shows_everything_to_an_admin(client, admin_user, summaries):
    client.force_login(admin_user)
    response = client.get(reverse("admin:initiatives_summary_changelist"))
    shown = {s.pk for s in response.context["cl"].result_list}
    assert shown == {s.pk for s in summaries.values()}


def test_initiative_admin_lists_only_the_reviewers_district(client, reviewer, world):
    client.force_login(reviewer)
    response = client.get(reverse("admin:initiatives_initiative_changelist"))
    assert response.status_code == 200
    shown = {i.pk for i in response.context["cl"].result_list}
    assert shown == {world["home"].initiative_id}
    url = reverse("admin:initiatives_initiative_change", args=[world["foreign"].initiative_id])
    assert client.get(url).status_code == 302


# --- found by the URL sweep: django-import-export's pages were open to every staff user ---


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_admins_import_the_place_tree(client, request, role, district):
    from initiatives.models import Region

    client.force_login(request.getfixturevalue(role))
    before = Region.objects.count()
    assert client.get(reverse("admin:initiatives_region_import")).status_code == 403
    csv = "名称,类型,父级\n新区,district,\n".encode()
    response = client.post(
        reverse("admin:initiatives_region_import"),
        {"format": "0", "import_file": SimpleUploadedFile("r.csv", csv, "text/csv")},
    )
    assert response.status_code == 403
    assert client.post(reverse("admin:initiatives_region_process_import")).status_code == 403
    assert Region.objects.count() == before


def test_export_needs_the_view_permission(client, reviewer, editor, admin_user):
    url = reverse("admin:initiatives_region_export")
    client.force_login(reviewer)  # reviewers hold no view_region
    assert client.get(url).status_code == 403
    for user in (editor, admin_user):
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert client.get(reverse("admin:initiatives_region_import")).status_code == 200
