from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from interviews.public.sitemaps import SITEMAPS

from . import views
from .accounts.forms import PortalAuthenticationForm
from .api import pages as api_pages

admin.site.site_header = _("街道党建工作报告平台 · 管理")
admin.site.site_title = _("街道党建工作报告平台")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("portal.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", views.switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
    path("account/tokens/", api_pages.TokenListView.as_view(), name="api_tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        api_pages.TokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
    path("api/v1/", include("portal.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("initiatives.urls")),
    path("", include("interviews.urls")),
]

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
