from django.contrib import admin

from .models import UserProfile


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "district")
    list_select_related = ("user", "unit", "district")
    search_fields = ("user__username", "user__first_name", "unit__name", "district__name")
    autocomplete_fields = ("user", "unit", "district")
