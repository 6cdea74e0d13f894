"""Public unit pages: the unit list, a unit's profile page, an initiative's page."""

from urllib.parse import urlencode

from django.views.generic import TemplateView

from ..places.models import UNIT_KINDS
from . import selectors


class UnitListView(TemplateView):
    template_name = "initiatives/unit_list.html"
    FILTERS = ("q", "province", "city", "within", "kind")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        query = get.get("q", "")[:64]
        try:
            page = int(get.get("page", "1"))
        except ValueError:
            page = 1
        filters = selectors.unit_filters(
            province=get.get("province"),
            city=get.get("city"),
            within=get.get("within"),
            kind=get.get("kind", ""),
        )
        context["query"] = query.strip()
        context["listing"] = selectors.unit_list(query=query, page=page, filters=filters)
        context["unit_kinds"] = [(k.value, k.label) for k in UNIT_KINDS]
        # What the pages' links keep: the filters, not the page.
        context["filter_params"] = urlencode(
            [(name, get[name]) for name in self.FILTERS if get.get(name, "").strip()]
        )
        return context


class UnitDetailView(TemplateView):
    template_name = "initiatives/unit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = selectors.unit_detail(slug=self.kwargs["slug"])
        return context


class InitiativeDetailView(TemplateView):
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = selectors.initiative_detail(pk=self.kwargs["pk"])
        return context
