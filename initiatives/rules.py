"""``rules`` autodiscovers this module: the slices' object permissions."""

from .reporting import rules as _reporting  # noqa: F401
