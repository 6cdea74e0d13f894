"""URLs of the initiatives app, one module per area."""

from . import reports, summaries, units

app_name = "initiatives"

urlpatterns = [*units.urlpatterns, *reports.urlpatterns, *summaries.urlpatterns]
