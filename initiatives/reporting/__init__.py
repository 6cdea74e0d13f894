"""The reporting loop: progress reports with values and photos, periods and due dates
(``periods``), the workflow and its review (``services/workflow``), progress against
targets (``progress``), the daily opening of periods and the reminders. Uses ``places``
and ``catalog``."""
