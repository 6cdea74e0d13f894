"""Django admin of the ``portal`` app: each slice registers its own models."""

from . import third_party_admin as _third_party  # noqa: F401
from .accounts import admin as _accounts  # noqa: F401
from .api import admin as _api  # noqa: F401
from .notifications import admin as _notifications  # noqa: F401
