"""Admin for places."""
