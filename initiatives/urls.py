"""URLs of the initiatives app (namespace ``initiatives``), one module per slice."""

from .places import urls as places
from .public import urls as public
from .reporting import urls as reporting
from .summaries import urls as summaries

app_name = "initiatives"

urlpatterns = [
    *places.urlpatterns,
    *public.urlpatterns,
    *reporting.urlpatterns,
    *summaries.urlpatterns,
]
