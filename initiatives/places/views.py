"""The unit picker's suggestions (public: unit names and codes are on the unit pages)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .selectors import unit_label, units_matching


@require_GET
def unit_autocomplete(request):
    """``?q=和平`` -> up to 20 units, each with the text the picker's field reads back."""
    units = units_matching(request.GET.get("q", "")[:64])
    return JsonResponse({"results": [{"id": u.pk, "label": unit_label(u)} for u in units]})
