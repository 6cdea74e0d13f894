"""The models of the ``portal`` app, defined in its slices; Django loads them from here."""

from .accounts.models import UserProfile
from .notifications.models import Notification

__all__ = ["Notification", "UserProfile"]
