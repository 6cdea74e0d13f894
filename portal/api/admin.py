"""API tokens in admin: listed, created (the key shown once) and revoked through the
services; the hash is never shown or edited."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from portal.errors import WorkflowError

from . import services
from .models import ApiToken


class ApiTokenAdminForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name", "expires_at")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("user") is not None:
            try:
                services.token_check(
                    user=cleaned["user"],
                    name=cleaned.get("name", ""),
                    expires_at=cleaned.get("expires_at"),
                )
            except WorkflowError as exc:
                raise forms.ValidationError(exc.message)
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenAdminForm
    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_select_related = ("user",)
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "user__username", "prefix")
    autocomplete_fields = ("user",)
    fields = ("user", "name", "expires_at", "prefix", "created_at", "revoked_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "revoked_at", "last_used_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("user", "name", "expires_at", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # a token is never edited: revoke it and create another
        token, key = services.token_create(user=obj.user, name=obj.name, expires_at=obj.expires_at)
        obj.pk, obj.prefix, obj.created_at = token.pk, token.prefix, token.created_at
        self.message_user(
            request,
            _("令牌已创建，密钥只显示这一次，请立即复制：%(key)s") % {"key": key},
            messages.WARNING,
        )

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.token_revoke(token=token, by=request.user)
        self.message_user(request, _("已吊销 %(n)d 个令牌。") % {"n": queryset.count()})
