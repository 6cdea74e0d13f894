"""units views."""
