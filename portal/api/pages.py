"""The portal page where a signed-in user creates and revokes their API tokens
(/account/tokens/, in the account menu)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from portal.errors import WorkflowError

from . import selectors, services


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=64,
        help_text=gettext_lazy("说明令牌用在哪里，例如“区数据平台”。"),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("有效期至（可不填）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("到这一天结束时失效；不填则一直有效，直到吊销。"),
    )

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class TokenListView(LoginRequiredMixin, View):
    template_name = "portal/apitoken_list.html"

    def _render(self, request, form, key=None, status=200):
        context = {"form": form, "tokens": selectors.tokens_of(user=request.user), "new_key": key}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            _token, key = services.token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return self._render(request, form, status=400)
        # Rendered, not redirected: the key is shown this once and kept nowhere.
        return self._render(request, TokenForm(), key=key)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(selectors.tokens_of(user=request.user), pk=pk)
        services.token_revoke(token=token, by=request.user)
        messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
        return redirect("api_tokens")
