"""Shared fixtures: role users, services that must be there in CI, the browser."""

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

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


# The day the suite runs as. By default a fixed moment, so that no test depends on the day
# it runs; ``PORTAL_TEST_TODAY=2027-02-28T09:00+08:00`` (or ``--today``) makes the whole run
# happen on another day: tests that take ``now``/``today`` build their world around it, and
# the clock of every other test starts there and ticks.
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_MOMENT = dt.datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI)


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=os.environ.get("PORTAL_TEST_TODAY", ""),
        help="run the suite as if it were this moment (ISO 8601, e.g. 2026-12-28T00:30+08:00); "
        "also PORTAL_TEST_TODAY",
    )


def run_moment(config) -> dt.datetime:
    """The moment this run happens at: ``--today`` / PORTAL_TEST_TODAY, or the default.
    A value without a zone is Asia/Shanghai time; a date alone is 09:00 that day."""
    raw = (config.getoption("--today") or "").strip()
    if not raw:
        return DEFAULT_MOMENT
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise pytest.UsageError(
            f"--today / PORTAL_TEST_TODAY: not an ISO date or time: {raw!r}"
        ) from exc
    if len(raw) == 10:
        moment = moment.replace(hour=9)
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


def pytest_report_header(config):
    return f"portal: the run happens at {run_moment(config).isoformat()}"


def pytest_configure(config):
    database_url = os.environ.get("DATABASE_URL", "")
    if REQUIRE_SERVICES and not database_url.startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL")
    if REQUIRE_SERVICES and not REDIS_URL:
        raise pytest.UsageError("REQUIRE_SERVICES=1 but REDIS_URL is not set")


@pytest.fixture(scope="session", autouse=True)
def _run_clock(request):
    """Every test's clock starts at the run's moment and ticks (worker and browser tests need
    time to pass). Tests that need a still clock take ``now``/``today`` or freeze their own
    moment with ``@pytest.mark.time_machine(..., tick=False)``."""
    with time_machine.travel(run_moment(request.config), tick=True):
        yield


@pytest.fixture
def now(request) -> dt.datetime:
    """The run's moment, with the clock stopped there for the test. Tests that take it
    build their world relative to it and pass on any day (CI runs them on a year end, a
    leap day and ISO week 53)."""
    moment = run_moment(request.config)
    with time_machine.travel(moment, tick=False):
        yield moment.astimezone(SHANGHAI)


@pytest.fixture
def today(now) -> dt.date:
    """The local date (Asia/Shanghai) of the run's moment, the clock stopped there."""
    return now.date()


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
    from portal.celery import TASK_PACKAGES

    return [f"{package}.tasks" for package in TASK_PACKAGES]


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


IMAGES_LOADED = """() => Promise.all([...document.images].map((img) => {
  img.loading = "eager";
  return img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; });
}))"""


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves the page under artifacts/screenshots/, once its images
    have loaded: a ``loading="lazy"`` image below the window is not fetched for a
    full-page shot, so each is made eager first and waited for (or its error)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        page.evaluate(IMAGES_LOADED)
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
        # Wait for the POST's own navigation: "networkidle" alone can settle before the
        # click's navigation starts, and the test's next goto would then cancel the login.
        with page.expect_navigation():
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


# The reporting loop: an initiative of 和平街道 with two indicators (one summed, one whose
# target is zero and whose direction is down), and builders for reports.
@pytest.fixture
def report_initiative(unit):
    import datetime as dt

    from initiatives.models import Direction, Measure
    from tests.factories import IndicatorFactory, InitiativeFactory, InitiativeFamilyFactory

    family = InitiativeFamilyFactory(name="城市管理", slug="chengshi-guanli")
    initiative = InitiativeFactory(
        region=unit, title="花开和平", family=family, start_date=dt.date(2026, 1, 1)
    )
    IndicatorFactory(
        initiative=initiative, name="新增花卉面积", unit="平方米", target=4000, position=1
    )
    IndicatorFactory(
        initiative=initiative,
        name="裸露土地",
        unit="平方米",
        baseline=500,
        target=0,
        direction=Direction.DOWN,
        measure=Measure.LEVEL,
        position=2,
    )
    return initiative


@pytest.fixture
def make_report():
    """``make_report(initiative, status=..., month=10, values=True)``: a report with a value
    for every indicator, for a month of 2026 (or the month that starts on ``start``)."""
    import datetime as dt
    from calendar import monthrange

    from tests.factories import IndicatorValueFactory, ProgressReportFactory

    def make(initiative, *, status="draft", month=10, start=None, values=True, **kwargs):
        start = start or dt.date(2026, month, 1)
        end = start.replace(day=monthrange(start.year, start.month)[1])
        report = ProgressReportFactory(
            initiative=initiative,
            status=status,
            period_start=start,
            period_end=end,
            due_date=end + dt.timedelta(days=5),
            **kwargs,
        )
        if values:
            for indicator in initiative.indicators.all():
                IndicatorValueFactory(report=report, indicator=indicator, value=10)
        return report

    return make


# Interview articles: build one through the services, in any state of the workflow.
@pytest.fixture
def make_article(editor, admin_user):
    def make(
        headline="访谈标题",
        *,
        status="draft",
        blocks=(("question", "问题？"), ("answer", "回答。")),
        by=None,
        at=None,
        **fields,
    ):
        import datetime as dt

        from django.utils import timezone

        from interviews.articles.services import editing, workflow
        from interviews.models import ArticleStatus, InterviewArticle

        outlets = fields.pop("outlets", ())
        initiatives = fields.pop("initiatives", ())
        article = editing.article_save(
            article=InterviewArticle(headline=headline, **fields),
            by=by or editor,
            blocks=[
                editing.BlockData(kind=kind, text=text, position=i)
                for i, (kind, text) in enumerate(blocks, start=1)
            ],
            outlets=outlets,
            initiatives=initiatives,
        )
        if status == ArticleStatus.DRAFT:
            return article
        workflow.article_submit(article=article, by=by or editor)
        if status == ArticleStatus.IN_REVIEW:
            return InterviewArticle.objects.get(pk=article.pk)
        if status == ArticleStatus.SCHEDULED:
            at = at or timezone.now() + dt.timedelta(hours=1)
        workflow.article_publish(article=article, by=admin_user, at=at)
        if status == ArticleStatus.ARCHIVED:
            workflow.article_archive(article=article, by=admin_user)
        return InterviewArticle.objects.get(pk=article.pk)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The test cache is process-wide; public pages cached by one test must not be served
    to the next (slugs repeat across tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """A request in English leaves English active in the thread; the next test starts in
    the site's language again."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _project_tasks_registered():
    """Register every project task with the project's Celery app before any test runs.
    celery.contrib.pytest's ``celery_app`` restores Celery's app-finalizer list when it
    ends, which drops the shared tasks of modules first imported during such a test: the
    project's app, finalized later, would then miss them (NotRegistered)."""
    from portal.celery import app

    app.loader.import_default_modules()
    app.finalize(auto=True)
