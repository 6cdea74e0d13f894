"""Django admin of the ``initiatives`` app: each slice registers its own models."""

from .catalog import admin as _catalog  # noqa: F401
from .places import admin as _places  # noqa: F401
from .reporting import admin as _reporting  # noqa: F401
from .summaries import admin as _summaries  # noqa: F401
