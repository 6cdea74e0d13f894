"""Shared fixtures: role users, services that must be there in CI, the browser."""

import os
from pathlib import Path

import pytest

pytest_plugins = ("celery.contrib.pytest",)

# CI sets REQUIRE_SERVICES=1: a missing PostgreSQL, Redis or Chromium then fails the run
# instead of skipping the tests that need it.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("REDIS_URL", "")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API


def missing_service(reason: str):
    """Fail in CI, skip (with the reason) on a developer's bare machine."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def pytest_configure(config):
    database_url = os.environ.get("DATABASE_URL", "")
    if REQUIRE_SERVICES and not database_url.startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL")
    if REQUIRE_SERVICES and not REDIS_URL:
        raise pytest.UsageError("REQUIRE_SERVICES=1 but REDIS_URL is not set")


# Factories import Django models, so they are imported inside the fixtures: tests of the
# importer's pure functions can then run without Django.
@pytest.fixture
def district(db):
    from tests.factories import DistrictFactory

    return DistrictFactory(name="张店区")


@pytest.fixture
def unit(district):
    from tests.factories import UnitFactory

    return UnitFactory(name="和平街道", parent=district)


@pytest.fixture
def other_unit(district):
    from tests.factories import UnitFactory

    return UnitFactory(name="公园街道", parent=district)


@pytest.fixture
def foreign_unit(db):
    """A unit in another district."""
    from tests.factories import UnitFactory

    return UnitFactory(name="即墨路街道")


@pytest.fixture
def official(unit):
    from tests.factories import make_user

    return make_user("official", unit=unit, username="official_heping")


@pytest.fixture
def other_official(other_unit):
    from tests.factories import make_user

    return make_user("official", unit=other_unit, username="official_gongyuan")


@pytest.fixture
def reviewer(district):
    from tests.factories import make_user

    return make_user("reviewer", district=district, username="reviewer_zhangdian")


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user("editor", username="editor")


@pytest.fixture
def admin_user(db):
    from tests.factories import make_user

    return make_user("admin", username="admin")


# Celery: a real worker on the real Redis broker (tests marked ``worker``).
@pytest.fixture(scope="session")
def celery_config():
    return {
        "broker_url": REDIS_URL or "memory://",
        "result_backend": "django-db",
        "result_extended": True,
        "task_always_eager": False,
        "broker_connection_retry_on_startup": False,
    }


@pytest.fixture(scope="session")
def celery_includes():
    # Only the task modules that exist on this branch (interviews.tasks may come later).
    from importlib.util import find_spec

    modules = ["portal.tasks", "initiatives.tasks", "interviews.tasks"]
    return [name for name in modules if find_spec(name) is not None]


@pytest.fixture
def redis_broker():
    """The real Redis broker, or a skip/fail naming why not."""
    if not REDIS_URL:
        missing_service("REDIS_URL is not set; worker tests need the real Redis broker")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:
        missing_service(f"Redis at {REDIS_URL} does not answer: {exc}")
    return REDIS_URL


# Browser tests: Debian's Chromium, launched by path.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        missing_service(
            f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves the page under artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def browser_login(page, live_server):
    """Log a user in through the real login form."""
    from django.conf import settings

    def login(username: str, password: str = settings.DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")

    return login


@pytest.fixture
def no_outside_requests(page, live_server):
    """Fail the test if the page asks for anything not on the live server."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    yield outside
    assert outside == [], f"requests left the machine: {outside}"
