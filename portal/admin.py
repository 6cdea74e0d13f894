"""Django admin of the ``portal`` app: each slice registers its own models."""

from .accounts import admin as _accounts  # noqa: F401
from .notifications import admin as _notifications  # noqa: F401
