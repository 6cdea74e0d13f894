"""A small HTTP client for the several-hosts test: one reader's cookies, carried from host
to host, and the forms of a page read back as the browser would post them."""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import requests
import urllib3

from .cluster import PUBLIC_NAME

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the test's own cert


class FormReader(HTMLParser):
    """Every ``<form>`` of a page: its attributes and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "files": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "file":
                self._form["files"].append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset"):
                self._form["fields"].append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "value": None, "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["value"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            value = (
                self._select["value"]
                if self._select["value"] is not None
                else self._select["first"]
            )
            self._form["fields"].append((self._select["name"], value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form(html: str, *, id: str | None = None, action: str | None = None) -> dict:
    reader = FormReader()
    reader.feed(html)
    for found in reader.forms:
        if id is not None and found["attrs"].get("id") == id:
            return found
        if action is not None and found["attrs"].get("action", "") == action:
            return found
    raise AssertionError(f"no form id={id!r} action={action!r} on the page")


class Reader:
    """One person with a browser: their cookies, whichever host answers.

    ``base`` is a web host (``http://10.x.y.2:8000``, spoken to as nginx speaks to it: the
    public name and ``X-Forwarded-Proto: https``) or the proxy (``https://10.x.y.4``)."""

    def __init__(self, base: str, cookies: dict | None = None):
        self.base = base
        self.cookies = {} if cookies is None else cookies

    def on(self, base: str) -> "Reader":
        """The same reader (the same cookies) on another host."""
        return Reader(base, self.cookies)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        path = quote(path, safe="/?&=%:+")  # 现场.png: headers are Latin-1
        headers = {
            "Host": PUBLIC_NAME,
            "Accept-Language": "zh-hans",
            "Origin": f"https://{PUBLIC_NAME}",
            "Referer": f"https://{PUBLIC_NAME}{path}",
        }
        if not self.base.startswith("https://"):
            headers["X-Forwarded-Proto"] = "https"
        headers.update(kwargs.pop("headers", {}))
        response = requests.request(
            method,
            self.base + path,
            headers=headers,
            cookies=dict(self.cookies),
            allow_redirects=False,
            verify=False,
            timeout=60,
            **kwargs,
        )
        for cookie in response.cookies:
            if cookie.value and not cookie.is_expired():
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data, **kwargs) -> requests.Response:
        if isinstance(data, dict):
            data = list(data.items())
        data = [(k, v) for k, v in data if k != "csrfmiddlewaretoken"]
        data.append(("csrfmiddlewaretoken", self.csrf_token(path)))
        return self.request("POST", path, data=data, **kwargs)

    def csrf_token(self, path: str) -> str:
        if "csrftoken" not in self.cookies:
            self.get("/accounts/login/")
        return self.cookies["csrftoken"]

    def login(self, username: str, password: str) -> requests.Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})


def text(response: requests.Response) -> str:
    response.encoding = "utf-8"
    return response.text


def links(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)
