"""The demo seeded around an awkward day (ISO week 53, a year end, February's end, a leap
day, the first days of a year), then every demo role's home page on that day: a
believable world of reports due, overdue, returned, waiting and approved around it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import PeriodKind, ProgressReport, ReportStatus, Summary
from initiatives.reporting.periods import previous_period

pytestmark = pytest.mark.dates

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYS = [
    dt.datetime(2026, 12, 28, 0, 30, tzinfo=SHANGHAI),  # Monday of ISO week 53, UTC still Sunday
    dt.datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI),  # year, quarter and month end
    dt.datetime(2027, 1, 2, 10, 0, tzinfo=SHANGHAI),  # the week crosses the year
    dt.datetime(2027, 2, 28, 12, 0, tzinfo=SHANGHAI),
    dt.datetime(2028, 2, 29, 12, 0, tzinfo=SHANGHAI),  # a leap day
]


def home(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("moment", DAYS, ids=lambda m: m.strftime("%Y-%m-%dT%H%M"))
def test_demo_around_an_awkward_day_looks_lived_in(client, moment):
    with time_machine.travel(moment, tick=False):
        today = moment.date()
        call_command("seed_demo", today=today.isoformat(), verbosity=0)

        # Nothing in the demo happens after the moment it describes.
        assert not ProgressReport.objects.filter(submitted_at__gt=moment).exists()
        assert not ProgressReport.objects.filter(approved_at__gt=moment).exists()
        assert not ProgressReport.objects.filter(period_start__gt=today).exists()
        statuses = set(ProgressReport.objects.values_list("status", flat=True))
        assert statuses == set(ReportStatus.values)

        cards = {}
        for username in ("official_heping", "official_gongyuan"):
            (card,) = [
                s["data"]
                for s in home(client, username).context["sections"]
                if s["template"] == "initiatives/_home_official.html"
            ]
            cards[username] = card
        # Both officials have something due, and between them something overdue and
        # something returned.
        assert all(card["todo"] for card in cards.values())
        assert any(card["overdue"] for card in cards.values())
        assert any(card["returned"] for card in cards.values())
        for card in cards.values():
            assert all(item.due_date >= today for item in card["todo"])
            assert all(item.due_date < today for item in card["overdue"])

        reviewer = home(client, "reviewer_zhangdian")
        (waiting,) = [
            s["data"]["waiting"]
            for s in reviewer.context["sections"]
            if s["template"] == "initiatives/_home_reviewer.html"
        ]
        assert waiting
        # The dashboards show last week's and last month's summaries.
        last_week, _ = previous_period(PeriodKind.WEEK, today)
        last_month, _ = previous_period(PeriodKind.MONTH, today)
        built = set(Summary.objects.values_list("period_kind", "period_start"))
        assert {(PeriodKind.WEEK, last_week), (PeriodKind.MONTH, last_month)} <= built
        (dashboard,) = [
            s["data"]
            for s in reviewer.context["sections"]
            if s["template"] == "initiatives/_home_dashboard_reviewer.html"
        ]
        assert dashboard["summary"].period_start == last_week
        assert dashboard["summary"].figures["counts"]["expected"] > 0

        response = home(client, "editor")
        assert response.status_code == 200
        assert client.get(reverse("interviews:article_list")).status_code == 200
