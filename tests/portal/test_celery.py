"""Tasks are found by their stable names: the beat schedule, services that queue by name,
and every tasks module reached by autodiscovery."""

from pathlib import Path

import pytest
from celery.exceptions import NotRegistered
from django.conf import settings

from portal.celery import TASK_PACKAGES, app
from portal.queue import enqueue_on_commit, registered

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "initiatives", "interviews")


def project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if task.__module__.split(".")[0] in APPS}


def test_every_beat_entry_names_a_registered_task():
    tasks = project_tasks()
    missing = {
        entry: spec["task"]
        for entry, spec in settings.CELERY_BEAT_SCHEDULE.items()
        if spec["task"] not in tasks
    }
    assert missing == {}
    assert len(settings.CELERY_BEAT_SCHEDULE) == 8


def test_every_tasks_module_is_autodiscovered():
    found = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        for app_name in APPS
        for path in (ROOT / app_name).rglob("tasks.py")
    }
    assert found == set(TASK_PACKAGES)


def test_project_tasks_carry_stable_names_not_module_paths():
    tasks = project_tasks()
    assert sorted(tasks) == [
        "initiatives.build_districts_summaries",
        "initiatives.build_summaries",
        "initiatives.build_top_summaries",
        "initiatives.open_reporting_periods",
        "initiatives.refresh_unit_summaries",
        "initiatives.send_report_reminders",
        "initiatives.send_weekly_digests",
        "interviews.delete_orphan_files",
        "interviews.publish_due_articles",
        "interviews.run_import_job",
        "portal.send_notification_email",
        "portal.send_pending_notifications",
    ]
    for name, task in tasks.items():
        assert not name.startswith(task.__module__), name


def test_an_unknown_task_name_fails_where_it_is_queued():
    with pytest.raises(NotRegistered):
        registered("portal.no_such_task")
    with pytest.raises(NotRegistered):
        enqueue_on_commit("portal.no_such_task", 1)
