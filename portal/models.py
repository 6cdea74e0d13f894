"""The models of the ``portal`` app, defined in its slices; Django loads them from here."""

from .accounts.models import UserProfile
from .api.models import ApiToken
from .notifications.models import Notification

__all__ = ["ApiToken", "Notification", "UserProfile"]
