"""Issue 10, finding 10: a Content-Security-Policy with no inline script, and the other
security headers, on every page (admin and error pages included)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/units/", "/articles/", "/accounts/login/", "/nowhere/"])
def test_every_page_carries_the_policy_and_headers(client, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_pages_carry_the_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in directives(response)["script-src"]


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_has_an_inline_script_or_handler(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js/"
    assert not INLINE_HANDLER.search(text), "inline on...= handler: bind it in static/js/"
    assert not JAVASCRIPT_URL.search(text)


def test_the_inline_script_rule_sees_what_it_must():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/charts.js"></script>')
    assert INLINE_HANDLER.search('<select onchange="this.form.submit()">')
    assert not INLINE_HANDLER.search('<select data-autosubmit class="online">')


@pytest.mark.django_db
def test_the_policy_built_once_is_django_csps_and_follows_the_settings(client, settings, rf):
    """``portal.middleware.CSPMiddleware`` keeps the header it builds; a change of the
    setting builds it again, and a response that asks for its own policy goes through
    django-csp itself."""
    from csp.decorators import csp_update
    from csp.utils import build_policy
    from django.http import HttpResponse

    from portal.middleware import CSPMiddleware

    assert client.get("/units/")["Content-Security-Policy"] == build_policy()
    changed = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}}
    changed["DIRECTIVES"]["img-src"] = ["'self'", "https://maps.example"]
    settings.CONTENT_SECURITY_POLICY = changed
    assert "https://maps.example" in client.get("/units/")["Content-Security-Policy"]

    view = csp_update({"connect-src": ["https://api.example"]})(lambda request: HttpResponse())
    middleware = CSPMiddleware(view)
    response = middleware(rf.get("/x/"))
    assert "https://api.example" in directives(response)["connect-src"]
    plain = CSPMiddleware(lambda request: HttpResponse())(rf.get("/x/"))
    assert "https://api.example" not in plain["Content-Security-Policy"]
