"""Model permissions each role's group holds, for Django admin. Object-level limits (own
unit, own district) are ``rules`` predicates and admin querysets; these only open the doors."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICIAL: [],
    Role.REVIEWER: [
        "initiatives.view_progressreport",
        "initiatives.change_progressreport",
        "initiatives.view_indicatorvalue",
        "initiatives.view_reportphoto",
        "initiatives.view_initiative",
        "initiatives.view_indicator",
        "initiatives.view_summary",
    ],
    Role.EDITOR: [
        f"interviews.{action}_{model}"
        for model in ("interviewarticle", "articleblock", "series", "outlet", "importrecord")
        for action in ("view", "add", "change", "delete")
    ]
    + [
        "interviews.view_articlerevision",
        "interviews.view_importjob",
        "initiatives.view_region",
        "initiatives.view_person",
    ],
    Role.ADMIN: [],  # admins are superusers
}


def sync_role_permissions(**kwargs) -> None:
    """Give each role group exactly its listed permissions (run after every migrate)."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Q(pk__in=[])
        for code in codes:
            app_label, codename = code.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
