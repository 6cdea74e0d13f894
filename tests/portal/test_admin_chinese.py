"""Django admin in Chinese has no stray English: every changelist and change form (and the
add, history, import and export pages where a model has them) of every registered model,
third-party apps' included, rendered with the demo data plus a row of every model the
demo leaves empty.

What a person reads is checked: text nodes (not scripts, styles or textareas), tooltips,
placeholders and button captions. A run of ASCII letters passes when it is data (a word
stored in the database: names, usernames, slugs), a code (it has a digit, ``_ . : / @ + =``,
or is an acronym in capitals: JSON, UTC, ID), a time zone, or on the short list below."""

import contextlib
import datetime as dt
import re
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Names that stay as they are in Chinese too.
ALLOWED = {
    "Celery",  # the task queue, in task results' field names
    "RabbitMQ",  # brokers named in celery beat's help texts
    "Redis",
    "Control",  # the keys of Django's "hold down Control, or Command on a Mac"
    "Command",
    "Mac",
    "Accept",  # the HTTP header axes records
    "csv",  # the file formats import-export offers
    "xls",
    "xlsx",
    "tsv",
    "ods",
    "json",
    "yaml",
    "html",
    "null",  # JSON literals in read-only JSON fields
    "true",
    "false",
}
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.:/@+=-]*")
CODE = re.compile(r"[\d_.:/@+=]")
SHOWN_ATTRIBUTES = ("title", "placeholder")


class VisibleText(HTMLParser):
    """Text a person reads: text nodes outside script, style, textarea (an input's value)
    and bdi (data of unknown direction, such as a password hash's masked characters), and
    the attributes browsers show."""

    SKIP = {"script", "style", "textarea", "bdi"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        values = dict(attrs)
        self.parts.extend(values[name] for name in SHOWN_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data)


def stray_english(html: str, allowed: set[str]) -> list[str]:
    """The visible texts of a page that hold English words, each with those words."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        words = [
            token
            for token in TOKEN.findall(part)
            if not (CODE.search(token) or (token.isupper() and len(token) > 1))
            and not all(word in allowed for word in re.findall(r"[A-Za-z]+", token))
        ]
        if words:
            found.append(f"{' '.join(words)}  <-  {' '.join(part.split())[:120]}")
    return found


def data_words() -> set[str]:
    """Every ASCII word stored in the database, and the time zones' names."""
    words = set(ALLOWED)
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._default_manager.values_list(*fields) if fields else ():
            for value in row:
                words.update(re.findall(r"[A-Za-z]+", str(value or "")))
    for name in zoneinfo.available_timezones():
        words.update(re.findall(r"[A-Za-z]+", name))
    return words


def every_model_has_a_row(admin_user):
    """The demo, plus a row of each model the demo does not fill."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.conf import settings
    from django_celery_beat.models import (
        ClockedSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from django_celery_beat.schedulers import ModelEntry
    from django_celery_results.models import GroupResult, TaskResult

    from interviews.imports.services import import_file
    from portal.api.services import token_create
    from portal.celery import app
    from portal.notifications.services import notification_create

    call_command("seed_demo", verbosity=0)
    for name, spec in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, app=app, **spec)
    hourly = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(
        name="每小时发送通知", task="portal.send_pending_notifications", interval=hourly
    )
    SolarSchedule.objects.create(event="sunrise", latitude=36.8, longitude=118.05)
    ClockedSchedule.objects.create(clocked_time=timezone.now() + dt.timedelta(days=1))
    TaskResult.objects.create(
        task_id="0d5a",
        task_name="interviews.publish_due_articles",
        status="SUCCESS",
        result="0",
        worker="portal@host",
    )
    GroupResult.objects.create(group_id="7e1c", result="[]")
    seen = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "127.0.0.1",
        "username": "official_heping",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(
        get_data="", post_data="username=official_heping", failures_since_start=3, **seen
    )
    AccessFailureLog.objects.create(locked_out=True, **seen)
    AccessLog.objects.create(**seen)
    notification_create(recipient=admin_user, key="admin-test", title="测试通知")
    token_create(user=admin_user, name="区数据平台")
    import_file(
        data="和平街道：红色物业进小区\n\n问：怎么办？\n答：我們推行紅色物業，讓黨建引領社區治理，這樣辦。\n",
        filename="a.txt",
    )
    from interviews.models import ImportJob

    ImportJob.objects.create(filename="b.txt", data=b"x", size=1, message="处理超时")
    empty = [m for m in admin.site._registry if not m._default_manager.exists()]
    assert empty == []


def admin_pages() -> list[str]:
    pages = ["/admin/"]
    pages += [
        reverse("admin:app_list", args=[label])
        for label in sorted({m._meta.app_label for m in admin.site._registry})
    ]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        pages += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
            reverse(f"{name}_change", args=[obj.pk]),
            reverse(f"{name}_history", args=[obj.pk]),
        ]
        for extra in ("import", "export"):  # import-export's pages
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"{name}_{extra}"))
    return pages


def test_every_admin_page_reads_in_chinese(client, admin_user):
    every_model_has_a_row(admin_user)
    client.force_login(admin_user)
    allowed = data_words()
    pages = admin_pages()
    assert len(pages) >= 4 * len(admin.site._registry)
    rendered, problems = 0, {}
    for url in pages:
        response = client.get(url)
        if response.status_code == 403 and url.endswith("/add/"):
            continue  # records only the app writes (login attempts, task results)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "zh-hans"
        rendered += 1
        for problem in stray_english(response.content.decode(), allowed):
            problems.setdefault(problem, url)
    assert rendered > len(pages) - 10
    assert problems == {}


def test_third_party_admin_says_it_in_chinese(client, admin_user):
    """Spot checks of what the catalogue and the admin subclasses fixed."""
    every_model_has_a_row(admin_user)
    client.force_login(admin_user)
    index = client.get("/admin/").content.decode()
    for name in (
        "登录防护",
        "登录尝试",
        "登录失败记录",
        "登录记录",
        "任务执行结果",
        "任务结果",
        "任务组结果",
    ):
        assert name in index, name
    schedule = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    text = schedule.content.decode()
    assert "每分钟（Asia/Shanghai）" in text
    assert "在 01:30, 仅在 星期一（Asia/Shanghai）" in text
    assert "以 任务名称" in text
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist")).content.decode()
    assert "official_heping 登录失败（" in failures and "，已锁定" in failures
    from interviews.imports.models import ImportRecord

    record = client.get(
        reverse("admin:interviews_importrecord_change", args=[ImportRecord.objects.get().pk])
    ).content.decode()
    assert "繁体转简体" in record and "to_simplified" not in record


def test_a_region_import_with_bad_rows_reads_in_chinese(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile(
        "regions.csv", "名称,层级,区划代码,上级\n和平街道,星球,12,\n".encode("utf-8-sig")
    )
    response = client.post(
        reverse("admin:initiatives_region_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    text = response.content.decode()
    assert "部分行未通过校验" in text
    assert "某些行验数据证失败" not in text
    assert stray_english(text, data_words() | {"regions"}) == []
    export = client.get(reverse("admin:initiatives_region_export")).content.decode()
    assert "名称" in export and "Name (名称)" not in export
