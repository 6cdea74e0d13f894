"""Demo data of the initiatives app, from the seeds' facts. Every loader is idempotent."""

from . import catalog, places, reports, summaries


def load() -> dict:
    """Load everything; return the places by name (the accounts need them)."""
    places_by_name = places.load_places()
    catalog.load(places_by_name)
    return places_by_name


def load_activity(places_by_name: dict) -> None:
    """Reports and summaries, after the accounts exist (reports name who filed them)."""
    reports.load(places_by_name)
    summaries.load(places_by_name)
