"""The public unit pages: the unit list, a unit's profile page, an initiative's page, with
progress from approved reports only. Uses ``places``, ``catalog`` and ``reporting``."""
