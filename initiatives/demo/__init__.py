"""Demo data of the initiatives app, from the seeds' facts. Every loader is idempotent, and
builds its world around the day it is given (``seed_demo --today``; the real today by
default)."""

import datetime as dt

from . import catalog, places, reports, summaries


def load(*, today: dt.date) -> dict:
    """Load everything; return the places by name (the accounts need them)."""
    places_by_name = places.load_places()
    catalog.load(places_by_name, today=today)
    return places_by_name


def load_activity(places_by_name: dict, *, now: dt.datetime) -> None:
    """Reports and summaries, after the accounts exist (reports name who filed them), as
    they would stand at ``now``."""
    reports.load(places_by_name, now=now)
    summaries.load(places_by_name, now=now)
