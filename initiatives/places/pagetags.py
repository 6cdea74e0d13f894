"""Page-cache tags (``portal.pagecache``) of what public pages show of places: a unit's
page, the unit list and search (``UNITS``), and the day (pages that say what is late or
current are computed again on a new day)."""

from django.utils import timezone

UNITS = "units"


def unit_tag(slug: str) -> str:
    return f"unit:{slug}"


def day_tag() -> str:
    return f"day:{timezone.localdate().isoformat()}"
