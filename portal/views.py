"""Site-wide pages: the home page (cards contributed by the slices), /healthz, the favicon,
errors."""

import logging
import sys

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import check_for_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import TemplateView

from .accounts.roles import user_roles
from .health import health

# Each slice contributes the cards of a user's home page (a list of (template, context)).
HOME_SECTIONS = (
    "initiatives.reporting.home.sections",
    "initiatives.summaries.home.dashboard_sections",
    "interviews.articles.home.sections",
    "interviews.public.home.sections",
)


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = []
        for path in HOME_SECTIONS:
            sections.extend(import_string(path)(self.request.user))
        context["sections"] = sections
        context["user_roles"] = sorted(user_roles(self.request.user))
        return context


@never_cache
def switch_language(request):
    """The language switch, a GET form (no CSRF token, so that public pages hold nothing of
    one visitor and can be served from the page cache): set the language cookie, go back
    to ``next`` on this site."""
    code = request.GET.get("language", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@never_cache
def healthz(request):
    state = health()
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, which browsers (and admin pages, which link no icon) ask for."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


logger = logging.getLogger(__name__)

# How long a client should wait before trying again when the database cannot be reached.
DATABASE_RETRY_AFTER = 30


def _database_unreachable(exc: BaseException | None) -> bool:
    """Whether the error, or one it came from, is the database not answering (refused,
    restarting, a connection that died), as opposed to a bug."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            # SQLite names a missing table an OperationalError too: that is a bug, a 500.
            return not str(exc).startswith(("no such table", "no such column"))
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def error_500(request):
    """The 500 page, or a 503 with ``Retry-After`` when the database is down. Both are
    rendered without the request's context processors (which read the session and the
    user's roles from the database), so they need no database. Django calls this inside
    its ``except`` block, so ``sys.exc_info()`` is the error being answered."""
    if _database_unreachable(sys.exc_info()[1]):
        logger.warning("database unreachable: answering 503 for %s", request.path)
        response = HttpResponse(
            render_to_string("503.html", {"retry_after": DATABASE_RETRY_AFTER}), status=503
        )
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
