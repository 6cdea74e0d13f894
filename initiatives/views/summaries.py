"""summaries views."""
