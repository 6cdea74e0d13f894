"""Issue 10, finding 9: a 1 MB narrative, review comment, editor's note and block text were
accepted and emailed. Every text field has a maximum, in the model, its forms and the
services; a request body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives.models import ProgressReport, ReportStatus
from initiatives.reporting.services import workflow as svc
from portal.errors import WorkflowError
from portal.notifications.models import Notification
from portal.text import BLOCK_MAX, COMMENT_MAX, DESCRIPTION_MAX, NARRATIVE_MAX

pytestmark = pytest.mark.django_db

MEGABYTE = "长" * (1024 * 1024 // 3)


def test_a_huge_narrative_is_refused_on_its_field(report_initiative, make_report, official):
    report = make_report(report_initiative)
    with pytest.raises(WorkflowError) as exc:
        svc.report_save(report=report, by=official, narrative=MEGABYTE, values={})
    assert exc.value.fields["narrative"].startswith(f"工作进展最多 {NARRATIVE_MAX} 个字")
    report.refresh_from_db()
    assert report.narrative == "本月推进情况。"
    # At the limit it is kept.
    svc.report_save(report=report, by=official, narrative="长" * NARRATIVE_MAX, values={})
    assert len(ProgressReport.objects.get(pk=report.pk).narrative) == NARRATIVE_MAX


def test_the_form_says_so_too(client, report_initiative, make_report, official):
    from tests.initiatives.reporting.test_views import form_data

    report = make_report(report_initiative)
    client.force_login(official)
    response = client.post(
        reverse("initiatives:report_edit", args=[report.pk]),
        form_data(report, narrative="长" * (NARRATIVE_MAX + 1)),
        follow=True,
    )
    assert f"不超过 {NARRATIVE_MAX} 字符" in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).narrative == "本月推进情况。"


def test_a_huge_review_comment_is_refused_and_not_emailed(
    report_initiative, make_report, reviewer, official
):
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    before = Notification.objects.count()
    for act in (svc.report_return, svc.report_approve):
        with pytest.raises(WorkflowError) as exc:
            act(report=report, by=reviewer, comment=MEGABYTE)
        assert exc.value.fields["comment"].startswith(f"审核意见最多 {COMMENT_MAX} 个字")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.review_comment == ""
    assert Notification.objects.count() == before


def test_the_models_refuse_what_a_form_would(db):
    from tests.factories import PersonFactory

    person = PersonFactory.build(bio="长" * (DESCRIPTION_MAX + 1))
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "bio" in exc.value.message_dict


def test_article_comment_and_block_limits(editor, make_article):
    from interviews.articles.forms import BlockForm, ReturnForm
    from interviews.articles.services.workflow import article_return

    article = make_article(status="in_review")
    with pytest.raises(WorkflowError):
        article_return(article=article, by=editor, comment=MEGABYTE)
    assert not ReturnForm({"comment": MEGABYTE}).is_valid()
    block = {"kind": "paragraph", "position": 1}
    assert not BlockForm({**block, "text": "长" * (BLOCK_MAX + 1)}).is_valid()
    assert BlockForm({**block, "text": "长" * BLOCK_MAX}).is_valid()


def test_a_request_body_over_the_limit_is_refused(client, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(reverse("login"), {"username": "a" * 2048, "password": "x"})
    assert response.status_code == 400
