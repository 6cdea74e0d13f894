"""The reporting loop, reminders, summaries, digests and scheduling on the day the suite
runs as (``PORTAL_TEST_TODAY``; CI runs these on ISO week 53 just after local midnight, a
year end, February's end and a leap day). Each world is built around that day, and each
expectation is written from the calendar rules themselves (weeks Monday to Sunday; a week
is due 2 days after it ends, a month 5, a quarter 10)."""

import datetime as dt
from calendar import monthrange
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from initiatives.models import Frequency, PeriodKind, ProgressReport, ScopeKind
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE_AFTER = {"week": 2, "month": 5, "quarter": 10}


def bounds(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar's own period containing ``day``, written out independently of
    ``initiatives.reporting.periods``."""
    if frequency == "week":
        start = day - dt.timedelta(days=day.isoweekday() - 1)
        return start, start + dt.timedelta(days=6)
    first_month = day.month if frequency == "month" else (day.month - 1) // 3 * 3 + 1
    last_month = first_month if frequency == "month" else first_month + 2
    return (
        dt.date(day.year, first_month, 1),
        dt.date(day.year, last_month, monthrange(day.year, last_month)[1]),
    )


def periods_until(frequency: str, first: dt.date, today: dt.date):
    """(start, end, due) of every period from the one containing ``first`` to today's."""
    start, end = bounds(frequency, first)
    while start <= today:
        yield start, end, end + dt.timedelta(days=DUE_AFTER[frequency])
        start, end = bounds(frequency, end + dt.timedelta(days=1))


@pytest.fixture
def long_running(unit):
    """One active initiative of each frequency in 和平街道, started 200 days ago."""
    started = None
    initiatives = {}
    for frequency in Frequency.values:
        initiative = InitiativeFactory(region=unit, frequency=frequency, title=f"{frequency}工作")
        initiatives[frequency] = initiative
        started = initiative
    return initiatives, started


def test_official_list_and_opening_drafts_on_the_run_day(client, official, unit, today):
    from initiatives.reporting.services.opening import reports_open_due
    from initiatives.reporting.services.workflow import report_create
    from portal.errors import WorkflowError

    first = today - dt.timedelta(days=200)
    initiatives = {
        f: InitiativeFactory(region=unit, frequency=f, title=f"{f}工作", start_date=first)
        for f in Frequency.values
    }
    # The night task opens today's period of each, with the calendar's bounds and due date.
    assert reports_open_due(today=today) == 3
    assert reports_open_due(today=today) == 0
    for frequency, initiative in initiatives.items():
        start, end = bounds(frequency, today)
        draft = ProgressReport.objects.get(initiative=initiative)
        assert (draft.period_start, draft.period_end) == (start, end)
        assert draft.due_date == end + dt.timedelta(days=DUE_AFTER[frequency])
    # The next period cannot be filed yet; an earlier unfiled one can.
    week = initiatives["week"]
    with pytest.raises(WorkflowError):
        report_create(
            initiative=week, period_start=bounds("week", today)[1] + dt.timedelta(1), by=official
        )
    client.force_login(official)
    response = client.get(reverse("initiatives:report_list"))
    assert response.status_code == 200
    overdue = {(i.initiative.frequency, i.period_start) for i in response.context["overdue"]}
    todo = {(i.initiative.frequency, i.period_start) for i in response.context["todo"]}
    expected_overdue, expected_todo = set(), set()
    for frequency in Frequency.values:
        lookback = max(first, today - dt.timedelta(days=366))
        for start, _end, due in periods_until(frequency, lookback, today):
            (expected_overdue if due < today else expected_todo).add((frequency, start))
    assert overdue == expected_overdue
    assert todo == expected_todo
    assert ("week", bounds("week", today)[0]) in todo


def test_overdue_turns_at_local_midnight(client, official, unit):
    """00:30 on 2026-12-30 in Shanghai is still the 29th in UTC: the week 12-21..12-27
    (due 12-29) is overdue on the official's list, in the week's summary and for the
    reminders."""
    from initiatives.reporting.services.reminders import reminders_send
    from initiatives.summaries.services.building import summary_build
    from portal.models import Notification

    moment = dt.datetime(2026, 12, 30, 0, 30, tzinfo=SHANGHAI)
    initiative = InitiativeFactory(
        region=unit, frequency=Frequency.WEEK, title="路长巡查", start_date=dt.date(2026, 12, 1)
    )
    week = (dt.date(2026, 12, 21), dt.date(2026, 12, 27))
    with time_machine.travel(moment, tick=False):
        client.force_login(official)
        response = client.get(reverse("initiatives:report_list"))
        assert (initiative.pk, week[0]) in {
            (i.initiative.pk, i.period_start) for i in response.context["overdue"]
        }
        summary = summary_build(
            scope_kind=ScopeKind.UNIT,
            scope_id=unit.pk,
            period_kind=PeriodKind.WEEK,
            period_start=week[0],
        )
        assert (summary.expected, summary.filed, summary.overdue) == (1, 0, 1)
        reminders_send()
        assert Notification.objects.filter(
            recipient=official, key=f"reminder:overdue:{initiative.pk}:2026-12-21"
        ).exists()


def test_reminders_on_the_run_day(
    settings, official, unit, today, django_capture_on_commit_callbacks
):
    from initiatives.reporting.services.reminders import reminders_send
    from portal.models import Notification

    settings.REPORT_REMINDER_DAYS = 2
    first = today - dt.timedelta(days=200)
    ids = {
        f: InitiativeFactory(region=unit, frequency=f, start_date=first).pk
        for f in Frequency.values
    }
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(today=today)
    expected = set()
    for frequency in Frequency.values:
        periods = list(periods_until(frequency, first, today))
        for start, _end, due in periods:
            if today <= due <= today + dt.timedelta(days=2):
                expected.add(f"reminder:due:{ids[frequency]}:{start:%Y-%m-%d}")
        passed = [start for start, _end, due in periods if due < today]
        expected.add(f"reminder:overdue:{ids[frequency]}:{passed[-1]:%Y-%m-%d}")
    keys = set(Notification.objects.filter(recipient=official).values_list("key", flat=True))
    assert keys == expected
    assert sent == len(expected) == len(mail.outbox)
    assert reminders_send(today=today) == 0


def test_last_week_summary_and_digest_on_the_run_day(
    now, today, unit, official, reviewer, django_capture_on_commit_callbacks
):
    """Last week's summary as of now: what ended in it was expected, what is past due and
    unfiled is overdue; the label is the ISO week; the digest names the same week."""
    from initiatives.models import Summary
    from initiatives.reporting.periods import last_complete_period
    from initiatives.summaries.narrative import period_label
    from initiatives.summaries.services.building import summaries_build_period
    from initiatives.summaries.services.digest import digests_send
    from portal.models import Notification

    first = today - dt.timedelta(days=200)
    for frequency in Frequency.values:
        InitiativeFactory(region=unit, frequency=frequency, start_date=first)
    week_start = last_complete_period(PeriodKind.WEEK, today)
    assert (week_start, week_start + dt.timedelta(days=6)) == bounds(
        "week", bounds("week", today)[0] - dt.timedelta(days=1)
    )
    week_end = week_start + dt.timedelta(days=6)
    summaries_build_period(period_kind=PeriodKind.WEEK, period_start=week_start, as_of=now)
    summary = Summary.objects.get(
        scope_kind=ScopeKind.UNIT, region=unit, period_kind=PeriodKind.WEEK, period_start=week_start
    )
    ending = []
    for frequency in Frequency.values:
        for _start, end, due in periods_until(frequency, first, today):
            if week_start <= end <= week_end:
                ending.append(due)
    assert summary.expected == len(ending) >= 1
    assert summary.overdue == sum(due < today for due in ending)
    iso_year, iso_week, _ = week_start.isocalendar()
    label = period_label(PeriodKind.WEEK, week_start, week_end)
    assert label.startswith(f"{iso_year}年第{iso_week}周")
    assert summary.figures["period"]["label"] == label
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    digest = Notification.objects.get(recipient=reviewer)
    assert label in digest.title


def test_a_scheduled_article_goes_live_at_its_local_time(now, make_article):
    """Scheduled ten minutes ahead of the run's moment (which may cross a midnight, a year
    end or a leap day): not live a minute before, live at its time, once."""
    from interviews.articles.tasks import publish_due_articles
    from interviews.models import ArticleStatus, InterviewArticle

    at = now + dt.timedelta(minutes=10)
    article = make_article("定时访谈", status=ArticleStatus.SCHEDULED, at=at)
    with time_machine.travel(at - dt.timedelta(minutes=1), tick=False):
        assert publish_due_articles() == 0
    with time_machine.travel(at, tick=False):
        assert publish_due_articles() == 1
        assert publish_due_articles() == 0
    article = InterviewArticle.objects.get(pk=article.pk)
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at == at
    assert timezone_day(article.published_at) == at.astimezone(SHANGHAI).date()


def timezone_day(moment: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(moment)
