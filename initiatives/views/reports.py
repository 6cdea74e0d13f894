"""reports views."""
