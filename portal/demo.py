"""What the slices' demo loaders share: the moment a demo describes."""

import datetime as dt

from django.utils import timezone


def demo_moment(day: dt.date) -> dt.datetime:
    """The "now" of a demo seeded as of ``day``: the real now on the real today, otherwise
    that day at the real time of day (Asia/Shanghai), so that nothing in the demo is later
    than the moment it describes."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, timezone.localtime().time()))
