"""Admin for summaries."""
