"""Malformed input answered before any view sees it: one rule for every page.

A NUL byte cannot be stored in PostgreSQL text and has no business in a form or a query
string; a query parameter longer than any search or filter needs, and a page number that
no list can reach, are refused the same way. Each gets a 400 in the site's look with a
message in the reader's language, instead of the 500 that the database or an integer
overflow would give further down."""

import functools
import re

import csp.constants as _csp_constants
import csp.middleware as _csp_middleware
import csp.utils as _csp_utils
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Longer than any search, filter or slug; a query string is not where text is sent.
MAX_QUERY_VALUE = 1000
# Pagination parameters: a whole number of at most six digits (a million pages), or
# Django's "last".
PAGE_PARAMETERS = frozenset({"page", "p"})
PAGE_NUMBER = re.compile(r"\d{1,6}|last")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def malformed_input_problem(request) -> str | None:
    """What is wrong with the request's parameters, in words, or ``None``."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return _("网址中含有不允许的字符（空字符），请检查后重试。")
        if len(key) > MAX_QUERY_VALUE or any(len(v) > MAX_QUERY_VALUE for v in values):
            return _("网址中的查询参数过长（最多 %(limit)s 个字符）。") % {"limit": MAX_QUERY_VALUE}
        if key in PAGE_PARAMETERS and any(not PAGE_NUMBER.fullmatch(v) for v in values):
            return _("页码无效：请使用不超过六位的正整数。")
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return _("提交的内容中含有不允许的字符（空字符），请删除后重试。")
    return None


class MalformedInputMiddleware:
    """Refuse NUL bytes in any parameter, over-long query values and absurd page numbers
    with a 400 page. Placed after the authentication middleware so that the page shows the
    reader's menu, and before the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = malformed_input_problem(request)
        if problem is not None:
            if request.path.startswith("/api/"):
                # The API's callers read problem details (RFC 9457), not a page.
                body = {"type": "about:blank", "title": _("请求无效"), "status": 400}
                body |= {"detail": problem, "code": "malformed_input"}
                return JsonResponse(
                    body,
                    status=400,
                    content_type="application/problem+json",
                    json_dumps_params={"ensure_ascii": False},
                )
            return render(request, "400.html", {"message": problem}, status=400)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (Django sets
    Referrer-Policy and Cross-Origin-Opener-Policy itself, django-csp the CSP)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


_RO = "CONTENT_SECURITY_POLICY_REPORT_ONLY"


class CSPMiddleware(_csp_middleware.CSPMiddleware):
    """django-csp's middleware with the header built once per process for responses that
    change nothing of the policy (no ``@csp_update``/``@csp_replace``/config decorator, no
    nonce asked for): django-csp builds the same string from the settings on every
    response, about 0.2 ms, a fifth of a cached public page's time. Any other response
    goes through django-csp unchanged."""

    _PARTS = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
    )

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, part, None) is not None for part in self._PARTS
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response
        for header, exempt, setting, report_only in (
            (_csp_constants.HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY", False),
            (_csp_constants.HEADER_REPORT_ONLY, "_csp_exempt_ro", _RO, True),
        ):
            value = _static_policy(report_only)
            if not value or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = _csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def _static_policy(report_only: bool) -> str:
    return _csp_utils.build_policy(report_only=report_only)


@receiver(setting_changed)
def _policy_changed(*, setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", _RO):
        _static_policy.cache_clear()
