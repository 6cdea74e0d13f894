"""Django admin of the initiatives app, one module per area."""

from . import places, reports, summaries  # noqa: F401
