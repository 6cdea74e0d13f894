"""URLs of the initiatives app (namespace ``initiatives``), one module per slice."""

from .public import urls as public
from .reporting import urls as reporting
from .summaries import urls as summaries

app_name = "initiatives"

urlpatterns = [*public.urlpatterns, *reporting.urlpatterns, *summaries.urlpatterns]
