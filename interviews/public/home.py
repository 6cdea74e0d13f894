"""Cards of the home page contributed by the public site: the latest interviews, for
visitors who are not signed in."""

from portal.accounts.roles import user_roles

from . import selectors


def sections(user) -> list[dict]:
    if user_roles(user):
        return []
    latest = selectors.latest_published(limit=5)
    return [{"template": "interviews/_home_public.html", "data": {"latest": latest}}]
