from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
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
