"""Every notification key, in one place. A notification is written once per recipient
and key (``services.notification_create``), so a key names the event it tells about:
the same event sent twice (a task run again, a second click) writes nothing new, and two
different events must never share a key."""

import datetime as dt

# A reminder is about a report due soon, or one already overdue.
REMINDER_DUE = "due"
REMINDER_OVERDUE = "overdue"


def report_submitted(report_id: int, return_count: int) -> str:
    """To the district's reviewers; a resubmission after a return is a new event."""
    return f"report:{report_id}:submitted:{return_count}"


def report_returned(report_id: int, return_count: int) -> str:
    return f"report:{report_id}:returned:{return_count}"


def report_approved(report_id: int) -> str:
    return f"report:{report_id}:approved"


def reminder(kind: str, initiative_id: int, period_start: dt.date) -> str:
    """``kind``: ``REMINDER_DUE`` or ``REMINDER_OVERDUE``, once per initiative and period."""
    return f"reminder:{kind}:{initiative_id}:{period_start:%Y-%m-%d}"


def escalation(report_id: int, return_count: int) -> str:
    """To the reviewers, once per return count of a report returned twice or more."""
    return f"escalation:{report_id}:{return_count}"


def digest(district_id: int, period_start: dt.date) -> str:
    """A reviewer's weekly digest of their district."""
    return f"digest:{district_id}:{period_start:%Y-%m-%d}"
