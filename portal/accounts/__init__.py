"""Accounts: a user's place in the organisation (``UserProfile``), the four roles and who
holds them (``roles``), the role groups' admin permissions, demo accounts.

Below every initiatives and interviews slice: nothing here imports them (the profile's
links to ``initiatives.Region`` are string references)."""
