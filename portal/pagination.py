"""Pages of long lists without counting them: a page fetches one row more than it shows
to know whether another page follows, so a list of 43,000 summaries costs one LIMIT
query per page, not a COUNT(*) over every row each time."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext_lazy as _


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def has_other_pages(self) -> bool:
        return self._has_next or self.number > 1


class UncountedPaginator(Paginator):
    """``Paginator`` for ``ListView.paginator_class``; the template uses ``number``,
    ``has_previous``/``has_next`` and their page numbers only (no page count). The
    messages are Django's own, which its catalogues translate."""

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(_("That page number is not an integer")) from exc
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return UncountedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)
