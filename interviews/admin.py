from .imports import admin as _imports_admin  # noqa: F401
