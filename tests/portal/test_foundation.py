import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_home_admin_login_and_healthz_answer_in_chinese(client):
    home = client.get("/")
    assert home.status_code == 200
    assert '<html lang="zh-hans">' in home.content.decode()
    assert "街道党建工作报告平台" in home.content.decode()
    assert client.get("/admin/login/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    assert "broker" in health.json()


@pytest.mark.django_db
def test_role_groups_exist_with_their_admin_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "official",
        "reviewer",
        "editor",
        "admin",
    }
    editor_perms = set(
        Group.objects.get(name="editor").permissions.values_list("codename", flat=True)
    )
    assert "change_interviewarticle" in editor_perms
    assert "change_progressreport" not in editor_perms
    assert Group.objects.get(name="official").permissions.count() == 0


@pytest.mark.django_db
def test_navigation_shows_each_role_only_its_doors(client, official, editor):
    client.force_login(official)
    page = client.get("/").content.decode()
    assert reverse("admin:index") not in page
    client.force_login(editor)
    assert reverse("admin:index") in client.get("/").content.decode()


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_with_a_clear_message(client, official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "official_heping", "password": "wrong"})
    locked = client.post(
        "/accounts/login/", {"username": "official_heping", "password": settings.DEMO_PASSWORD}
    )
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_the_right_password_goes_home(client, official, settings):
    response = client.post(
        "/accounts/login/", {"username": "official_heping", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(official.pk)


@pytest.mark.django_db
def test_language_switch_serves_the_english_catalogue(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Sub-district Party Work Reporting" in page


@pytest.mark.django_db
def test_unknown_page_is_a_404_in_the_portal_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def _production_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 60 + "production-check-key-with-enough-entropy",
        DATABASE_URL="sqlite:///:memory:",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="portal.example.org",
    )
    return env


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"]
)
def test_production_settings_refuse_to_start_without_their_variables(missing):
    env = _production_env()
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


def test_no_template_loads_anything_from_outside_the_machine():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for marker in ('src="http', 'href="http', "src='http", "href='http", "//cdn", "url(http"):
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []


@pytest.mark.django_db
def test_demo_data_is_idempotent(django_db_blocker):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from initiatives.models import Region

    call_command("seed_demo", verbosity=0)
    counts = (Region.objects.count(), get_user_model().objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Region.objects.count(), get_user_model().objects.count()) == counts
    assert get_user_model().objects.filter(username__in=[
        "official_heping", "official_gongyuan", "reviewer_zhangdian", "editor", "admin"
    ]).count() == 5  # fmt: skip
    heping = get_user_model().objects.get(username="official_heping")
    assert heping.profile.unit.name == "和平街道"
    assert json.dumps(counts)
