"""Builds are upserts: twice gives the same rows; a crash half-way then a full rerun
leaves exactly one correct summary per scope and period."""

from unittest import mock

import pytest
from django.core.management import call_command

from initiatives.models import Summary
from initiatives.summaries.services import building as services
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

FIELDS = ("scope_kind", "region_id", "family_id", "period_kind", "period_start", "period_end",
          "expected", "filed", "on_time", "approved", "returned", "overdue", "figures", "narrative")  # fmt: skip


def snapshot():
    return sorted(
        (tuple(getattr(s, f) for f in FIELDS) for s in Summary.objects.all()),
        key=lambda row: (row[0], row[1] or 0, row[2] or 0),
    )


def test_building_twice_gives_the_same_rows(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    services.summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    first = snapshot()
    ids = set(Summary.objects.values_list("pk", flat=True))
    services.summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    assert len(first) == 9
    assert snapshot() == first
    assert set(Summary.objects.values_list("pk", flat=True)) == ids


def test_a_crash_half_way_then_a_rerun_leaves_one_correct_summary_each(
    unit, other_unit, foreign_unit
):
    build_world(unit, other_unit, foreign_unit)
    services.summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    expected = snapshot()
    Summary.objects.all().delete()

    # First district done; the worker dies in the second, after its units were written
    # but before the district's own summary; the last piece never runs.
    services.summaries_build_district(district_id=unit.parent_id, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    with (
        mock.patch.object(
            services, "summaries_build_regions", side_effect=RuntimeError("worker lost")
        ),
        pytest.raises(RuntimeError),
    ):
        services.summaries_build_district(district_id=foreign_unit.parent_id, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    assert Summary.objects.count() == 4  # 2 units + 张店区, and 即墨路街道's unit row

    services.summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    assert snapshot() == expected


def test_the_command_builds_the_period_containing_a_date(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    call_command("build_summaries", "--period", "week", "--date", "2026-10-01", verbosity=0)
    assert Summary.objects.filter(period_start=WEEK).count() == 9
    call_command("build_summaries", "--period", "month", "--date", "2026-09-15", verbosity=0)
    assert Summary.objects.filter(period_kind="month").count() == 9


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("build_summaries", "--period", "week", "--date", "2026-13-01")


def test_a_batch_of_districts_equals_district_by_district(
    unit, other_unit, foreign_unit, settings, django_assert_max_num_queries
):
    build_world(unit, other_unit, foreign_unit)
    settings.SUMMARY_DISTRICTS_PER_TASK = 1
    services.summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    one_by_one = snapshot()
    Summary.objects.all().delete()
    settings.SUMMARY_DISTRICTS_PER_TASK = 50
    districts = [unit.parent_id, foreign_unit.parent_id]
    # One batch of two districts: the same queries as a batch of one.
    with django_assert_max_num_queries(40) as batch:
        built = services.summaries_build_districts(district_ids=districts, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    assert built == 5  # 3 units + 2 districts
    Summary.objects.all().delete()
    with django_assert_max_num_queries(len(batch.captured_queries)):
        services.summaries_build_district(district_id=unit.parent_id, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    services.summaries_build_districts(district_ids=districts, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    services.summaries_build_top(period_kind="week", period_start=WEEK, as_of=AS_OF)
    assert snapshot() == one_by_one


def test_a_batch_refuses_a_region_that_is_not_a_district(unit):
    from initiatives.models import Region

    with pytest.raises(Region.DoesNotExist):
        services.summaries_build_districts(district_ids=[unit.pk], period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    assert Summary.objects.count() == 0


def test_copy_keeps_tabs_newlines_and_backslashes_of_names(unit, other_unit, foreign_unit):
    """The upsert streams rows through COPY's text format: a name holding its escapes
    (tab, newline, backslash, ``\\N``) comes back exactly, in the figures and in the
    paragraph."""
    build_world(unit, other_unit, foreign_unit)
    name = '和平\t街道\n\\N "一"\\'
    unit.name = name
    unit.save(update_fields=["name"])
    services.summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    summary = Summary.objects.get(scope_kind="unit", region=unit, period_start=WEEK)
    assert summary.figures["scope"]["name"] == name
    assert name in summary.narrative
    district = Summary.objects.get(scope_kind="district", region_id=unit.parent_id, period_start=WEEK)  # fmt: skip
    assert name in [row["name"] for row in district.figures["units"]]
