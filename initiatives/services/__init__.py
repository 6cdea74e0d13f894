"""Writes of the initiatives app, one module per area; import from the module itself
(``from initiatives.services.reports import report_submit``)."""
