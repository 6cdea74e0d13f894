from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from . import selectors, services


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "portal/notification_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notifications"] = selectors.notifications_for(user=self.request.user)
        return context


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request):
        services.notifications_mark_read(user=request.user)
        return redirect("notifications")


class NotificationOpenView(LoginRequiredMixin, View):
    """/notifications/<pk>/: mark one's own notification read and follow its link (only
    to this site; anything else goes back to the list)."""

    def get(self, request, pk):
        notification = get_object_or_404(selectors.notifications_of(user=request.user), pk=pk)
        services.notifications_mark_read(user=request.user, ids=[notification.pk])
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect("notifications")
        return redirect(target)
