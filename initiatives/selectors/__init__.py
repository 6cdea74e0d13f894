"""Reads of the initiatives app, one module per area; import from the module itself."""
