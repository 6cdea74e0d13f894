"""``rules`` autodiscovers this module: the slices' object permissions."""

from .articles import rules as _articles  # noqa: F401
