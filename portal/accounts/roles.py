"""The four roles are Django groups (created by a migration). These helpers and ``rules``
predicates are the one place that says who has which role."""

import rules
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICIAL = "official", _("街道工作人员")
    REVIEWER = "reviewer", _("区级审核人")
    EDITOR = "editor", _("编辑")
    ADMIN = "admin", _("管理员")


def user_roles(user) -> frozenset[str]:
    """The user's role names, read once per request object and kept on it."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.ADMIN)
        cached = frozenset(names & set(Role.values))
        user._portal_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in user_roles(user)


def unit_of(user):
    """The 街道/镇 an official belongs to, or None."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.unit if profile else None


def district_of(user):
    """The 区/县 a reviewer reviews, or None."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.district if profile else None


is_official = rules.predicate(lambda user: has_role(user, Role.OFFICIAL), name="is_official")
is_reviewer = rules.predicate(lambda user: has_role(user, Role.REVIEWER), name="is_reviewer")
is_editor = rules.predicate(lambda user: has_role(user, Role.EDITOR), name="is_editor")
is_portal_admin = rules.predicate(lambda user: has_role(user, Role.ADMIN), name="is_portal_admin")


class RoleRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; a signed-in user without one of
    ``required_roles`` gets 403. Admins pass everywhere."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        roles = user_roles(request.user)
        if Role.ADMIN not in roles and not roles.intersection(self.required_roles):
            raise PermissionDenied(_("您的角色无权访问此页面。"))
        return super().dispatch(request, *args, **kwargs)


class EditorRequiredMixin(RoleRequiredMixin):
    """The editorial pages: editors (and admins)."""

    required_roles = (Role.EDITOR,)
