from django.contrib import admin

from .models import Notification, UserProfile


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "district")
    list_select_related = ("user", "unit", "district")
    search_fields = ("user__username", "user__first_name", "unit__name", "district__name")
    autocomplete_fields = ("user",)
    raw_id_fields = ("unit", "district")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "created_at", "read_at", "emailed_at")
    list_filter = ("read_at", "emailed_at")
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username")
    readonly_fields = ("created_at",)
