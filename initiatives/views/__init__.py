"""Views of the initiatives app, one module per area (units, reports, summaries)."""
