"""The initiative catalogue: families, initiatives of a unit, milestones, indicators.
Uses ``places``."""
