"""Issue 10: every URL pattern, Django admin's included, requested as anonymous and as every
role, GET and POST, with the ids of another unit's and another district's objects filled
in. The status each must answer is written in ``url_sweep_expected.py`` beside this file;
a pattern without an entry fails, so a new page cannot slip past the sweep.

One seeded world (the demo plus a row of each model the demo leaves empty), built once;
every request runs in a transaction that is rolled back, so that a POST changes nothing
the next request sees. ``SWEEP_RECORD=1`` prints the observed table instead of checking
(to review by hand, never to paste unread)."""

import os
import re
import time
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.portal.url_sweep_expected import EXPECTED, ROLES

pytestmark = pytest.mark.django_db

RECORD = os.environ.get("SWEEP_RECORD") == "1"
USERS = {
    "anon": None,
    "official": "official_heping",
    "reviewer": "reviewer_zhangdian",
    "editor": "editor",
    "admin": "admin",
}
assert tuple(USERS) == ROLES


def url_patterns() -> list[tuple[str, str, object]]:
    """(name, route, pattern) of every pattern the project answers, admin's included
    (admin's come from ``admin.site.get_urls()`` through the resolver)."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name or f"<unnamed {route}>"
                found.append((f"{namespace}:{name}" if namespace else name, route, pattern))

    walk(get_resolver().url_patterns, "", None)
    return found


class World:
    """The seeded objects whose ids fill the patterns: for the official (和平街道) another
    unit's (公园街道) and another district's (市北区), for the reviewer (张店区) another
    district's."""

    def __init__(self, admin_user):
        from initiatives.models import (
            Initiative,
            ProgressReport,
            ReportPhoto,
            ReportStatus,
            Summary,
        )
        from initiatives.summaries.models import ScopeKind
        from interviews.models import (
            ArticleRevision,
            ImportJob,
            ImportRecord,
            InterviewArticle,
            Series,
        )
        from portal.api.services import token_create
        from portal.notifications.models import Notification
        from tests.portal.test_admin_chinese import every_model_has_a_row

        every_model_has_a_row(admin_user)

        def report(unit: str) -> "ProgressReport":
            return (
                # Approved: the demo has approved reports on any day it is built.
                ProgressReport.objects.filter(
                    initiative__region__name=unit, status=ReportStatus.APPROVED
                )
                .order_by("pk")
                .first()
            )

        self.report = {"unit": report("公园街道"), "district": report("即墨路街道")}
        for key, found in self.report.items():
            assert found is not None, key
            ReportPhoto.objects.create(
                report=found,
                image=ContentFile(b"GIF89a", name="p.gif"),
                content_type="image/gif",
            )
        self.photo = {key: r.photos.get() for key, r in self.report.items()}
        self.initiative = {key: r.initiative for key, r in self.report.items()}
        self.summary = {
            "unit": Summary.objects.filter(scope_kind=ScopeKind.UNIT, region__name="公园街道")
            .order_by("pk")
            .first(),
            "district": Summary.objects.filter(scope_kind=ScopeKind.DISTRICT, region__name="市北区")
            .order_by("pk")
            .first(),
        }
        assert all(self.summary.values()), self.summary
        other = get_user_model().objects.get(username="official_gongyuan")
        self.notification = Notification.objects.filter(recipient=other).first() or (
            Notification.objects.create(recipient=other, key="sweep", title="公园街道的通知")
        )
        self.article = InterviewArticle.objects.filter(status="published").order_by("pk").first()
        self.revision = ArticleRevision.objects.filter(article=self.article).order_by("pk").first()
        self.series = Series.objects.order_by("pk").first()
        self.record = ImportRecord.objects.order_by("pk").first()
        self.import_job = ImportJob.objects.order_by("pk").first()
        # Each role's API token (the API takes no session), and one of another official's.
        self.api_keys = {
            user.username: token_create(user=user, name="sweep")[1]
            for user in get_user_model().objects.filter(username__in=USERS.values())
        }
        self.token = token_create(user=other, name="公园街道的令牌")[0]
        self.unit_slug = self.report["district"].initiative.region.slug
        assert Initiative.objects.exists()

    def admin_object(self, model, variant: str):
        """The object an admin pattern of ``model`` names: another district's (or unit's)
        for the models that belong to a unit, the first row otherwise."""
        from initiatives.models import Initiative, ProgressReport, Summary

        scoped = {
            ProgressReport: self.report,
            Summary: self.summary,
            Initiative: self.initiative,
        }
        if model in scoped:
            return scoped[model][variant]
        return model._default_manager.order_by("pk").first()


Target = Callable[[World, str], dict]


def _report(world, v):
    return {"pk": world.report[v].pk}


# What fills the arguments of each non-admin pattern; "variants" are the objects tried.
TARGETS: dict[str, tuple[tuple[str, ...], Target]] = {
    "password_reset_confirm": (("any",), lambda w, v: {"uidb64": "MQ", "token": "x-y"}),
    "notification_open": (("any",), lambda w, v: {"pk": w.notification.pk}),
    "initiatives:unit_detail": (("any",), lambda w, v: {"slug": w.unit_slug}),
    "initiatives:initiative_detail": (
        ("unit", "district"),
        lambda w, v: {"pk": w.initiative[v].pk},
    ),
    "initiatives:report_detail": (("unit", "district"), _report),
    "initiatives:report_edit": (("unit", "district"), _report),
    "initiatives:report_submit": (("unit", "district"), _report),
    "initiatives:review_action": (("unit", "district"), _report),
    "initiatives:report_photo": (
        ("unit", "district"),
        lambda w, v: {"pk": w.report[v].pk, "photo_pk": w.photo[v].pk},
    ),
    "initiatives:report_photo_thumbnail": (
        ("unit", "district"),
        lambda w, v: {"pk": w.report[v].pk, "photo_pk": w.photo[v].pk},
    ),
    "initiatives:summary_detail": (("unit", "district"), lambda w, v: {"pk": w.summary[v].pk}),
    "initiatives:summary_export": (
        ("unit", "district"),
        lambda w, v: {"pk": w.summary[v].pk, "fmt": "csv"},
    ),
    "interviews:article_detail": (("any",), lambda w, v: {"slug": w.article.slug}),
    "interviews:series_detail": (("any",), lambda w, v: {"slug": w.series.slug}),
    "interviews:import_review": (("any",), lambda w, v: {"pk": w.record.pk}),
    "interviews:import_accept": (("any",), lambda w, v: {"pk": w.record.pk}),
    "interviews:import_discard": (("any",), lambda w, v: {"pk": w.record.pk}),
    "interviews:article_restore": (
        ("any",),
        lambda w, v: {"pk": w.article.pk, "rid": w.revision.pk},
    ),
    "interviews:import_job": (("any",), lambda w, v: {"pk": w.import_job.pk}),
    # Another user's token: revoking it is refused to everyone but its owner.
    "api_token_revoke": (("any",), lambda w, v: {"pk": w.token.pk}),
    "api:report": (("unit", "district"), _report),
    "api:report_photos": (("unit", "district"), _report),
    "api:report_submit": (("unit", "district"), _report),
    "api:report_return": (("unit", "district"), _report),
    "api:report_approve": (("unit", "district"), _report),
    "api:summary": (("unit", "district"), lambda w, v: {"pk": w.summary[v].pk}),
    "api:summary_csv": (("unit", "district"), lambda w, v: {"pk": w.summary[v].pk}),
    "api:unit": (("any",), lambda w, v: {"slug": w.unit_slug}),
    "api:unit_figures": (("any",), lambda w, v: {"slug": w.unit_slug}),
    "api:article": (("any",), lambda w, v: {"slug": w.article.slug}),
    "api:series": (("any",), lambda w, v: {"slug": w.series.slug}),
}
ARTICLE_PK = re.compile(
    r"^interviews:article_(manage|edit|preview|submit|return|publish|archive|discard_changes|reopen|compare)$"
)
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _admin_model(route: str):
    """The admin-registered model of an admin pattern (``admin/<app>/<model>/...``)."""
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def fill(world: World, name: str, route: str) -> list[tuple[str, str]]:
    """(variant, path) for a pattern: its arguments filled in with the world's ids."""
    if name.endswith("_simple_history"):  # simple-history's version page: two bare groups
        model = _admin_model(route)
        out = []
        for v in ("unit", "district"):
            obj = world.admin_object(model, v)
            version = obj.history.order_by("history_id").first().history_id
            out.append((v, f"/{route.split('^')[0]}{obj.pk}/history/{version}/"))
        return out
    names = [m.group(2) or m.group(3) for m in PARAM.finditer(route)]
    if not names:
        return [("any", "/" + route.lstrip("^").rstrip("$").replace("\\", ""))]
    if name in TARGETS:
        variants, target = TARGETS[name]
        return [(v, _build(route, target(world, v))) for v in variants]
    if ARTICLE_PK.match(name):
        return [("any", _build(route, {"pk": world.article.pk}))]
    if route == "admin/(?P<url>.*)$":  # admin's catch-all: a page that does not exist
        return [("any", "/admin/no-such-page/")]
    if name == "admin:app_list":
        return [("any", _build(route, {"app_label": "initiatives"}))]
    if name == "admin:view_on_site":
        report = world.report["district"]
        content_type = ContentType.objects.get_for_model(report)
        return [
            (
                v,
                _build(
                    route, {"content_type_id": content_type.pk, "object_id": world.report[v].pk}
                ),
            )
            for v in ("unit", "district")
        ]
    model = _admin_model(route)
    if model is None:
        raise AssertionError(f"the sweep does not know how to fill {name} ({route})")
    variants = (
        ("unit", "district")
        if model._meta.model_name
        in (
            "progressreport",
            "summary",
            "initiative",
        )
        else ("any",)
    )
    out = []
    for v in variants:
        obj = world.admin_object(model, v)
        out.append((v, _build(route, {"object_id": obj.pk, "id": obj.pk})))
    return out


def _build(route: str, args: dict) -> str:
    def value(match):
        key = match.group(2) or match.group(3)
        return str(args[key])

    path = PARAM.sub(value, route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


TIMES: dict[str, float] = {}


def request(client: Client, user, method: str, path: str, api_keys: dict) -> int:
    """One request, its writes rolled back; the session restored when it logged out. The
    API is called with the role's token, as other systems call it."""
    session = client.cookies.get("sessionid")
    if user is not None and (session is None or not session.value):
        client.force_login(user)
    headers = {}
    if user is not None and path.startswith("/api/"):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_keys[user.username]}"
    started = time.perf_counter()
    with transaction.atomic():
        response = getattr(client, method)(path, **headers)
        transaction.set_rollback(True)
    TIMES[path] = TIMES.get(path, 0) + time.perf_counter() - started
    client.cookies.pop("django_language", None)
    return response.status_code


def test_every_url_answers_each_role_as_the_table_says(admin_user):
    world = World(admin_user)
    users = {
        role: get_user_model().objects.get(username=username) if username else None
        for role, username in USERS.items()
    }
    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    filled, unknown = [], []
    for name, route, _pattern in url_patterns():
        try:
            filled += [(name, variant, path) for variant, path in fill(world, name, route)]
        except AssertionError as exc:
            unknown.append(str(exc))
    assert unknown == [], unknown
    observed: dict[str, str] = {}
    for name, variant, path in filled:
        key = name if variant == "any" else f"{name} [{variant}]"
        observed[key] = " | ".join(
            " ".join(
                str(request(clients[role], users[role], method, path, world.api_keys))
                for role in ROLES
            )
            for method in ("get", "post")
        )
    if RECORD:
        width = max(map(len, observed))
        print("\n".join(f'    "{k}":{" " * (width - len(k))} "{v}",' for k, v in observed.items()))
        slow = sorted(TIMES.items(), key=lambda item: -item[1])[:25]
        print("\n".join(f"SLOW {seconds:6.2f} {path}" for path, seconds in slow))
        print(f"SLOW total {sum(TIMES.values()):.1f} s over {len(TIMES)} paths")
        return
    missing = sorted(set(observed) - set(EXPECTED))
    assert missing == [], f"URL patterns without an entry in url_sweep_expected.py: {missing}"
    wrong = {k: (EXPECTED[k], v) for k, v in observed.items() if EXPECTED[k] != v}
    assert wrong == {}, "expected vs observed (GET roles | POST roles): " + repr(wrong)
    stale = sorted(set(EXPECTED) - set(observed))
    assert stale == [], f"entries for patterns that no longer exist: {stale}"
