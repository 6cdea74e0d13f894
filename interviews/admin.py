"""Django admin of the ``interviews`` app: each slice registers its own models."""

from .articles import admin as _articles  # noqa: F401
from .imports import admin as _imports  # noqa: F401
