"""The reviewers' weekly digest: their district's figures and the reports waiting."""

import pytest
from django.core import mail

from initiatives.summaries.services.building import summaries_build_period
from initiatives.summaries.services.digest import digests_send
from portal.models import Notification
from tests.factories import make_user
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_each_reviewer_gets_one_digest_of_their_district(
    reviewer, official, unit, other_unit, foreign_unit, django_capture_on_commit_callbacks
):
    other_reviewer = make_user("reviewer", district=foreign_unit.parent, username="reviewer_shibei")
    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(period_start=WEEK) == 2

    digest = Notification.objects.get(recipient=reviewer)
    assert digest.title == "【每周汇总】张店区 2026年第40周（9月28日至10月4日）"
    # 张店区: 7 expected, 4 filed ... (see test_summaries); waiting: m1 (submitted).
    assert "应报 7 份，已报 4 份，按时 2 份，逾期 2 份，已通过 2 份，曾退回 2 份。" in digest.body
    assert "报送率：57.1%" in digest.body
    assert "待审核报告 1 份" in digest.body and "和平街道 · m1 花开和平" in digest.body
    assert "即墨路街道" not in digest.body
    other = Notification.objects.get(recipient=other_reviewer)
    assert "即墨路街道 · w6 路长制" in other.body and "和平街道" not in other.body
    assert not Notification.objects.filter(recipient=official).exists()
    assert {m.to[0] for m in mail.outbox} == {reviewer.email, other_reviewer.email}
    assert "张店区" in next(m.body for m in mail.outbox if m.to == [reviewer.email])

    assert digests_send(period_start=WEEK) == 0
