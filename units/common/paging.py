"""Paging of lists: Django's paginator for the short ones (`paginate`), and pages that neither COUNT nor OFFSET
for the register.

The paginator's `COUNT(*)` dominated the page time on 300,000 awards, and a deep OFFSET reads every row before
it (spec: "Numbers the product must hold"). `keyset_page` walks an index order (key descending, then id
descending) from the last row shown; one extra row tells whether there is a next page. `offset_page` is the
same "one more row" pager with an offset, for lists bounded by one object (the recipients of a decision).
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Q

PAGE_SIZE = 50
CURSOR_PARAMS = ("after", "before", "page")


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@dataclasses.dataclass
class Page:
    rows: list
    next_query: str = ""
    previous_query: str = ""
    first_query: str = ""
    start: int = 0  # rows shown before this page (offset pages only), to number the rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_query or self.previous_query)


def query_without_cursor(request) -> str:
    params = request.GET.copy()
    for name in CURSOR_PARAMS:
        params.pop(name, None)
    return params.urlencode()


def _with(base: str, name: str, value) -> str:
    return f"{base}&{name}={value}" if base else f"{name}={value}"


def _parse(text: str | None, to_python: Callable):
    if not text or "_" not in text:
        return None
    value, _sep, pk = text.rpartition("_")
    try:
        return to_python(value), int(pk)
    except ValueError:
        return None


def keyset_page(request, queryset, *, key: str, to_python: Callable, per_page: int = PAGE_SIZE) -> Page:
    """The page of `queryset` ordered by (-key, -id) after (`?after=`) or before (`?before=`) a cursor
    "value_id"; a cursor that does not parse gives the first page."""
    after = _parse(request.GET.get("after"), to_python)
    before = _parse(request.GET.get("before"), to_python)
    if before is not None:
        value, pk = before
        rows = list(
            queryset.filter(Q(**{f"{key}__gt": value}) | Q(**{key: value, "pk__gt": pk})).order_by(key, "pk")[
                : per_page + 1
            ]
        )
        has_previous, has_next = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        if after is not None:
            value, pk = after
            queryset = queryset.filter(Q(**{f"{key}__lt": value}) | Q(**{key: value, "pk__lt": pk}))
        rows = list(queryset.order_by(f"-{key}", "-pk")[: per_page + 1])
        has_previous, has_next = after is not None, len(rows) > per_page
        rows = rows[:per_page]
    base = query_without_cursor(request)
    page = Page(rows=rows)
    if rows and has_next:
        page.next_query = _with(base, "after", _cursor(rows[-1], key))
    if rows and has_previous:
        page.previous_query = _with(base, "before", _cursor(rows[0], key))
        page.first_query = base
    return page


def _cursor(row, key: str) -> str:
    value = getattr(row, key)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return f"{value}_{row.pk}"


def offset_page(request, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """The page `?page=N` of a bounded queryset, read with one extra row instead of a COUNT."""
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    base = query_without_cursor(request)
    page = Page(rows=rows[:per_page], start=start)
    if len(rows) > per_page:
        page.next_query = _with(base, "page", number + 1)
    if number > 1:
        page.previous_query = _with(base, "page", number - 1)
        page.first_query = base
    return page
