"""Paging of lists: Django's paginator for the short ones (`paginate`), and pages that neither COUNT nor OFFSET
for the register.

The paginator's `COUNT(*)` dominated the page time on 300,000 awards, and a deep OFFSET reads every row before
it (spec: "Numbers the product must hold"). `keyset_page` walks an index order (key descending, then id
descending) from the last row shown; one extra row tells whether there is a next page. `offset_page` is the
same "one more row" pager with an offset, for lists bounded by one object (the recipients of a decision).

The index that serves a keyset list is one on `(key, id)` (`awards_award_year_id`, `awards_decision_date_id`), with
the filters' columns first where a filter is common (`awards_award_type_year_id`); `tests/test_query_plans.py`
checks on PostgreSQL that the pages are read from it without sorting the list.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.core.paginator import Paginator
from django.db.models import BooleanField, F, Func, QuerySet, Value

PAGE_SIZE = 50
CURSOR_PARAMS = ("after", "before", "page")


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, load: Callable[[list], Iterable] | None = None):
    """The page `?page=N` of `queryset`; with `load`, its rows are read by id as `keyset_page` reads them."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    if load is not None:
        page.object_list = in_order(list(page.object_list.values_list("pk", flat=True)), load)
    return page


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


class _Row(Func):
    """A row value, `(year, id)`."""

    template = "(%(expressions)s)"


class _RowCompare(Func):
    """`(key, id) < (value, pk)` compared as one row value (PostgreSQL, SQLite ≥ 3.15): one range of a `(key, id)`
    index, where the same test spelt `key < value OR (key = value AND id < pk)` is a filter the database applies
    to every row it walks past (a deep page read and dropped all the rows before it)."""

    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, key: str, operator: str, value, pk: int):
        super().__init__(_Row(F(key), F("pk")), _Row(Value(value), Value(pk)), arg_joiner=f" {operator} ")


def keyset_page(
    request,
    queryset: QuerySet,
    *,
    key: str,
    to_python: Callable,
    per_page: int = PAGE_SIZE,
    load: Callable[[list], Iterable] | None = None,
) -> Page:
    """The page of `queryset` ordered by (-key, -id) after (`?after=`) or before (`?before=`) a cursor
    "value_id"; a cursor that does not parse gives the first page.

    With `load`, the page is read in two steps: the ids of its rows in the key order (`queryset` reduced to its
    primary key, so that the query walks the index and joins only what its filters need), then `load(ids)`, the rows
    with what the page prints, by primary key and in any order. A join of many related tables planned with the
    list's order and limit cost the register ~20–40 ms of planning alone; over 50 ids it is a few."""
    after = _parse(request.GET.get("after"), to_python)
    before = _parse(request.GET.get("before"), to_python)
    if before is not None:
        value, pk = before
        rows = _read(queryset.filter(_RowCompare(key, ">", value, pk)).order_by(key, "pk"), per_page + 1, load)
        has_previous, has_next = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        if after is not None:
            value, pk = after
            queryset = queryset.filter(_RowCompare(key, "<", value, pk))
        rows = _read(queryset.order_by(f"-{key}", "-pk"), per_page + 1, load)
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


def _read(ordered: QuerySet | list, count: int, load: Callable[[list], Iterable] | None) -> list:
    """The first `count` rows of `ordered`, directly or (with `load`) by their ids, in the same order. A list is of
    ids already in order (with `load`)."""
    if isinstance(ordered, list):
        return in_order(ordered[:count], load)
    if load is None:
        return list(ordered[:count])
    return in_order(list(ordered.values_list("pk", flat=True)[:count]), load)


def in_order(pks: list, load: Callable[[list], Iterable]) -> list:
    """The rows `load(pks)` in the order of `pks` (a row deleted in between is left out): a list whose order was
    found by id, read by id with what its rows print."""
    by_pk = {row.pk: row for row in load(pks)}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _cursor(row, key: str) -> str:
    value = getattr(row, key)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return f"{value}_{row.pk}"


def offset_page(
    request, queryset: QuerySet | list, *, per_page: int = PAGE_SIZE, load: Callable[[list], Iterable] | None = None
) -> Page:
    """The page `?page=N` of a bounded queryset, read with one extra row instead of a COUNT; with `load`, by id as
    `keyset_page` reads it (`queryset` may then be the list of the ids in order, computed or cached beforehand)."""
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = _read(queryset[start:], per_page + 1, load)
    base = query_without_cursor(request)
    page = Page(rows=rows[:per_page], start=start)
    if len(rows) > per_page:
        page.next_query = _with(base, "page", number + 1)
    if number > 1:
        page.previous_query = _with(base, "page", number - 1)
        page.first_query = base
    return page
