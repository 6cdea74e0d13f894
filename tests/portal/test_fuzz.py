"""Property-based fuzzing (hypothesis) of every query parameter of the public and portal
list pages and of every form the roles reach: whatever is typed or put in the address,
the answer is never a server error (issue 10).

The forms are read from the pages themselves (every ``<form>`` and its fields), so a new
field or form is fuzzed without a change here. The examples are bounded and derandomised
(``FUZZ_EXAMPLES`` per target, 20 by default): the suite is the same on every run."""

import os
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What attackers and tired users type: NUL bytes, huge and negative numbers, SQL and HTML,
# wildcards, impossible dates, Traditional and Simplified text, very long text.
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1e9",
    "9" * 40,
    "NaN",
    "inf",
    "\x00",
    "a\x00b",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    "_",
    "\\",
    "..",
    "../../etc/passwd",
    "🀄",
    "黨建引領",
    "党建" * 300,
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "null",
    "[]",
    "{}",
    "true",
    "last",
    "1.5",
    "１２",
    "\u202e",
    "a" * 5000,
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT)
SKIP_ACTIONS = ("/accounts/logout/",)


class Forms(HTMLParser):
    """Every form of a page: method, action, and its fields with their values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append(
                {"method": method, "action": attrs.get("action") or "", "fields": {}, "files": []}
            )
            return
        if tag == "option" and self.forms and self._select:
            fields = self.forms[-1]["fields"]
            if not fields.get(self._select) or "selected" in attrs:
                fields[self._select] = attrs.get("value") or ""
            return
        if not self.forms or "name" not in attrs:
            return
        form, name = self.forms[-1], attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                form["files"].append(name)
            elif kind in ("checkbox", "radio") and "checked" not in attrs:
                form["fields"].setdefault(name, "")
            elif kind not in ("submit", "button", "image", "reset"):
                form["fields"][name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            form["fields"][name] = ""
        elif tag == "select":
            self._select = name
            form["fields"].setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def page_forms(client, url: str) -> tuple[list[dict], set[str]]:
    """The page's forms, and the query parameter names its GET forms and links use."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = Forms()
    parser.feed(response.content.decode())
    names = {"page"}
    for form in parser.forms:
        form["action"] = form["action"] or url
        if form["method"] == "get":
            names.update(form["fields"])
    for link in parser.links:
        names.update(key for key, _value in parse_qsl(urlsplit(link).query))
    return parser.forms, names


def fuzz_query(client, url: str, names: set[str]):
    @FUZZ
    @given(
        params=st.dictionaries(
            st.one_of(st.sampled_from(sorted(names)), TEXT.filter(bool)), VALUE, max_size=4
        )
    )
    def check(params):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)

    check()


def fuzz_form(client, form: dict):
    """Each field keeps the page's value or gets a hostile one; files get random bytes."""
    fields = st.fixed_dictionaries(
        {name: st.one_of(st.just(value), VALUE) for name, value in form["fields"].items()}
    )
    files = st.fixed_dictionaries({name: st.binary(max_size=512) for name in form["files"]})

    @FUZZ
    @given(data=fields, uploads=files, name=st.sampled_from(["a.jpg", "a.txt", "党建.html", "x"]))
    def check(data, uploads, name):
        payload = dict(data)
        payload.update({key: SimpleUploadedFile(name, body) for key, body in uploads.items()})
        response = client.post(form["action"], payload)
        assert response.status_code < 500, (form["action"], payload, response.status_code)

    check()


@pytest.fixture
def world(unit, other_unit, foreign_unit, official, reviewer, editor, admin_user,
          report_initiative, make_report, make_article):  # fmt: skip
    """A small world with one of everything the pages show: a unit page, an initiative
    with a draft and a submitted report, summaries, a series with a published article,
    an article in review and a draft."""
    from initiatives.summaries.services.building import summaries_build_period
    from tests.factories import PersonFactory, SeriesFactory
    from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    draft = make_report(report_initiative, status="draft", month=10)
    submitted = make_report(report_initiative, status="submitted", month=9)
    series = SeriesFactory()
    person = PersonFactory()
    published = make_article("和平街道书记访谈", status="published", series=series, region=unit)
    in_review = make_article("公园街道书记访谈", status="in_review")
    article_draft = make_article("草稿", status="draft")
    return {
        "unit": unit, "initiative": report_initiative, "draft": draft, "submitted": submitted,
        "series": series, "published": published, "in_review": in_review,
        "article_draft": article_draft, "person": person,
    }  # fmt: skip


def public_pages(w) -> list[str]:
    return [
        "/", "/articles/", f"/articles/{w['published'].slug}/", f"/series/{w['series'].slug}/",
        "/units/", f"/units/{w['unit'].slug}/", f"/initiatives/{w['initiative'].pk}/",
        "/search/", "/feed/", "/sitemap.xml", "/accounts/login/",
    ]  # fmt: skip


# Query parameters the public pages read (and what their pages' forms and links show).
PUBLIC_PARAMETERS = {"q", "page", "series", "unit", "year"}


@pytest.mark.django_db
def test_no_query_parameter_of_a_public_page_gives_a_server_error(client, world):
    for url in public_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        names = set(PUBLIC_PARAMETERS)
        if "html" in response["Content-Type"]:
            names |= page_forms(client, url)[1]
        fuzz_query(client, url, names)


def role_pages(w) -> dict[str, list[str]]:
    """The pages with forms or filters, by the role that sees them."""
    period = w["draft"].period_start.isoformat()
    return {
        "official": [
            "/reports/", f"/reports/{w['draft'].pk}/edit/", "/accounts/password_change/",
            f"/reports/new/?initiative={w['initiative'].pk}&period={period}",
            "/reporting-rate/", "/summaries/", "/notifications/",
        ],
        "reviewer": ["/review/", f"/review/{w['submitted'].pk}/", "/summaries/", "/reporting-rate/"],
        "editor": [
            "/manage/articles/", "/manage/articles/new/",
            f"/manage/articles/{w['article_draft'].pk}/edit/",
            f"/manage/articles/{w['in_review'].pk}/", f"/manage/articles/{w['published'].pk}/",
            "/imports/upload/", "/imports/",
        ],
    }  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["official", "reviewer", "editor"])
def test_no_form_or_filter_of_a_role_gives_a_server_error(client, world, role, request):
    client.force_login(request.getfixturevalue(role))
    fuzzed: set[str] = set()  # each form once (the language switch is on every page)
    for url in role_pages(world)[role]:
        forms, names = page_forms(client, url)
        fuzz_query(client, urlsplit(url).path, names)
        for form in forms:
            action = form["action"]
            if (
                form["method"] == "post"
                and action not in fuzzed
                and not action.startswith(SKIP_ACTIONS)
            ):
                fuzz_form(client, form)
                fuzzed.add(form["action"])
        client.force_login(request.getfixturevalue(role))  # a form may have changed it
    # The pages' own forms were found and sent (the language switch is a GET form now).
    assert fuzzed and not any(action.startswith("/i18n/") for action in fuzzed)


@pytest.mark.django_db
def test_the_login_form_gives_no_server_error(client, world):
    forms, _names = page_forms(client, "/accounts/login/")
    login = [form for form in forms if "username" in form["fields"]]
    assert login
    fuzz_form(client, login[0])


def test_the_form_reader_finds_fields_and_files():
    parser = Forms()
    parser.feed(
        '<form method="post" action="/x/"><input name="a" value="1"><textarea name="b">t'
        '</textarea><select name="c"><option value="v">V</option></select>'
        '<input type="file" name="f"><input type="submit" name="go"></form>'
    )
    assert parser.forms == [
        {
            "method": "post",
            "action": "/x/",
            "fields": {"a": "1", "b": "t", "c": "v"},
            "files": ["f"],
        }
    ]
