"""Public unit pages: the unit list, a unit's profile page, an initiative's page."""

from django.views.generic import TemplateView

from . import selectors


class UnitListView(TemplateView):
    template_name = "initiatives/unit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")[:64]
        try:
            page = int(self.request.GET.get("page", "1"))
        except ValueError:
            page = 1
        context["query"] = query.strip()
        context["listing"] = selectors.unit_list(query=query, page=page)
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
