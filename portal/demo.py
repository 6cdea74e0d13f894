"""Demo accounts for every role (demo data only; one shared password, settings.DEMO_PASSWORD)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from .models import UserProfile
from .roles import Role

# username, role, full name, email, unit name, district name
ACCOUNTS = [
    ("official_heping", Role.OFFICIAL, "和平街道工作人员", "official_heping@example.org", "和平街道", None),
    ("official_gongyuan", Role.OFFICIAL, "公园街道工作人员", "official_gongyuan@example.org", "公园街道", None),
    ("reviewer_zhangdian", Role.REVIEWER, "张店区审核人", "reviewer_zhangdian@example.org", None, "张店区"),
    ("editor", Role.EDITOR, "编辑部编辑", "editor@example.org", None, None),
    ("admin", Role.ADMIN, "系统管理员", "admin@example.org", None, None),
]  # fmt: skip


def demo_moment(day: dt.date) -> dt.datetime:
    """The "now" of a demo seeded as of ``day``: the real now on the real today, otherwise
    that day at the real time of day (Asia/Shanghai), so that nothing in the demo is later
    than the moment it describes."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, timezone.localtime().time()))


def load_accounts(places: dict) -> list:
    User = get_user_model()
    users = []
    for username, role, full_name, email, unit, district in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=full_name, email=email)
            user.set_password(settings.DEMO_PASSWORD)
            user.is_staff = role in (Role.REVIEWER, Role.EDITOR, Role.ADMIN)
            user.is_superuser = role == Role.ADMIN
            user.save()
        user.groups.add(Group.objects.get(name=role))
        UserProfile.objects.update_or_create(
            user=user,
            defaults={"unit": places.get(unit), "district": places.get(district)},
        )
        users.append(user)
    return users
