"""Site-wide pages: the home page (cards contributed by the slices), /healthz, the favicon,
errors."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
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


def error_403(request, exception=None):
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
