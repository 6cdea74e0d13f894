"""URLs of the interviews app (namespace ``interviews``), one module per slice."""

from .articles import urls as articles
from .imports import urls as imports
from .public import urls as public

app_name = "interviews"

urlpatterns = [*public.urlpatterns, *articles.urlpatterns, *imports.urlpatterns]
