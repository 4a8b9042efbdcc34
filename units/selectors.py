"""Read paths for units and staff, scoped to what the user may see."""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet

from units.common.text import fold
from units.models import Assignment, Person, RoleAssignment, Unit
from units.scope import EDIT_ROLES, EXPORT_ROLES, scope_q


def units_visible_to(*, user) -> QuerySet[Unit]:
    q = scope_q(user, "path")
    qs = Unit.objects.select_related("parent")
    return qs if q is None else qs.filter(q)


def unit_ids_visible_to(*, user, within: Unit | None = None) -> list[int] | None:
    """The ids of the units in the user's view scope, of `within`'s subtree when given; None for the whole tree (an
    administrator without `within`).

    A large table is then filtered on its own indexed column (`unit_at_time_id IN (…)`) rather than through a join
    to the units' paths: PostgreSQL's statistics on that column say how many rows these units hold, where through
    the join the planner assumes an average share of the table, and walked the whole register in year order for a
    regional procuracy that holds 30 of its 100,000 awards."""
    q = scope_q(user, "path")
    if q is None and within is None:
        return None
    units = Unit.objects.all() if q is None else Unit.objects.filter(q)
    if within is not None:
        units = units.subtree_of(within)
    return list(units.order_by().values_list("pk", flat=True))


def units_editable_by(*, user) -> QuerySet[Unit]:
    """Units a user may enter data for (parents for new units, units of staff)."""
    q = scope_q(user, "path", EDIT_ROLES)
    return Unit.objects.all() if q is None else Unit.objects.filter(q)


def units_exportable_by(*, user) -> QuerySet[Unit]:
    q = scope_q(user, "path", EXPORT_ROLES)
    qs = Unit.objects.select_related("parent")
    return qs if q is None else qs.filter(q)


def unit_list(*, user, query: str = "", level: str = "", include_closed: bool = False, within: Unit | None = None):
    qs = units_visible_to(user=user)
    if query:
        for token in fold(query).split():
            qs = qs.filter(search_text__contains=token)
    if level:
        qs = qs.filter(level=level)
    if not include_closed:
        qs = qs.active()
    if within is not None:
        qs = qs.subtree_of(within)
    return qs.annotate(staff_count=Count("staff", distinct=True)).order_by("sort_key")


# Past this many units the tree opens only its first two levels; each folded unit links to its own subtree. The
# whole sector (1,020 units) printed at once was a 194 KB page that nobody could read.
TREE_UNFOLDED_LIMIT = 150


@dataclasses.dataclass
class UnitTree:
    """The nodes [{unit, children: [...], folded: n}, ...] of the tree page; `root` the unit asked for (`?root=`),
    `trail` its ancestors within the user's view, `folded` whether some units are folded away."""

    nodes: list[dict]
    root: Unit | None = None
    trail: list[Unit] = dataclasses.field(default_factory=list)
    folded: bool = False

    def __bool__(self) -> bool:
        return bool(self.nodes)


def unit_tree(*, user, include_closed: bool = False, root: int | None = None) -> UnitTree:
    """The visible units as nested nodes, built from one query; under `root` (a unit's pk) only its subtree.

    When the tree has more than TREE_UNFOLDED_LIMIT units, the nodes two levels below the top are folded: each
    keeps the count of the units under it (`folded`), which the page links to `?root=`."""
    qs = units_visible_to(user=user)
    if not include_closed:
        qs = qs.active()
    # Only what the page prints: rows of 1,020 units with their parents cost more than the rest of the page.
    fields = ("code", "name", "short_name", "level", "parent_id", "valid_to", "is_remote_area")
    units = list(qs.select_related(None).only(*fields).order_by("sort_key"))
    nodes = {unit.pk: {"unit": unit, "children": [], "folded": 0} for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent["children"] if parent else roots).append(nodes[unit.pk])
    tree = UnitTree(nodes=roots)
    if root is not None and root in nodes:
        tree.root = nodes[root]["unit"]
        tree.nodes = [nodes[root]]
        ancestor = nodes.get(tree.root.parent_id)
        while ancestor is not None:
            tree.trail.insert(0, ancestor["unit"])
            ancestor = nodes.get(ancestor["unit"].parent_id)
    if _count(tree.nodes) > TREE_UNFOLDED_LIMIT:
        tree.folded = True
        for top in tree.nodes:
            for child in top["children"]:
                _fold(child)
    # The staff counts of the units shown only (a second query: counting the staff of 1,020 units in the units'
    # query cost more than the rest of the page).
    shown = _shown(tree.nodes)
    counts = dict(
        Person.objects.filter(unit__in=[unit.pk for unit in shown])
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    for unit in shown:
        unit.staff_count = counts.get(unit.pk, 0)
    return tree


def _shown(nodes: list[dict]) -> list[Unit]:
    return [unit for node in nodes for unit in (node["unit"], *_shown(node["children"]))]


def _count(nodes: list[dict]) -> int:
    return sum(1 + _count(node["children"]) for node in nodes)


def _fold(node: dict) -> None:
    node["folded"] = _count(node["children"])
    node["children"] = []


def unit_detail(*, user, pk: int) -> Unit:
    """The unit if the user may see it; Unit.DoesNotExist otherwise (the view answers 404)."""
    return units_visible_to(user=user).prefetch_related("predecessors", "successors").get(pk=pk)


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    return unit.children.annotate(staff_count=Count("staff", distinct=True)).order_by("sort_key")


def persons_visible_to(*, user) -> QuerySet[Person]:
    q = scope_q(user, "unit__path")
    qs = Person.objects.select_related("unit")
    return qs if q is None else qs.filter(q)


def persons_exportable_by(*, user) -> QuerySet[Person]:
    q = scope_q(user, "unit__path", EXPORT_ROLES)
    qs = Person.objects.select_related("unit")
    return qs if q is None else qs.filter(q)


def person_list(*, user, query: str = "", within: Unit | None = None, managers: str = "") -> QuerySet[Person]:
    qs = persons_visible_to(user=user)
    if query:
        qs = qs.search(query)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    if managers == "1":
        qs = qs.filter(is_manager=True)
    elif managers == "0":
        qs = qs.filter(is_manager=False)
    return qs.order_by("unit__sort_key", "full_name", "code")


def recipients_named(text: str) -> Q:
    """Rows with a `person` or a `unit` recipient (awards, nominations, registrations) whose recipient's name or code
    holds every word of `text`, with or without diacritics: the staff matched in their own table (by its trigram
    index on PostgreSQL, migration 0009) and their rows found by `person_id`; the units likewise, their collective
    rows by `unit_id`.

    The units that match are listed first (a short table; for most names none): without them the test is a plain
    `person_id IN (…)` that the planner answers either way round, the few rows of a rare name read by person and
    sorted, or the list walked in its order for a common one; with `OR unit_id IN (subquery)` it could only walk the
    list and test every row."""
    tokens = fold(text).split()
    if not tokens:
        return Q()
    units = Unit.objects.all()
    for token in tokens:
        units = units.filter(search_text__contains=token)
    unit_ids = list(units.order_by().values_list("pk", flat=True))
    named = Q(person__in=Person.objects.search(text).order_by().values("pk"))
    return named | Q(unit__in=unit_ids) if unit_ids else named


def person_detail(*, user, pk: int) -> Person:
    return persons_visible_to(user=user).get(pk=pk)


def person_assignments(*, person: Person) -> QuerySet[Assignment]:
    return person.assignments.select_related("unit", "created_by").order_by("-end_date", "-start_date", "-id")


def person_unit_on(*, person: Person, day: datetime.date) -> Unit | None:
    """The unit a person belonged to on a day, from the unit history (None when unknown)."""
    assignment = person_post_on(person=person, day=day)
    return assignment.unit if assignment else None


def person_post_on(*, person: Person, day: datetime.date) -> Assignment | None:
    """The post a person held on a day: the period of the unit history covering it, with its unit, position and
    manager flag (`is_manager` None when the history does not say); None when no period covers the day.

    A dated period wins over an undated one (an undated start covers every earlier day), the latest start first."""
    return (
        person.assignments.filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("unit")
        .order_by(F("start_date").desc(nulls_last=True), "-id")
        .first()
    )


def person_posts(*, person_ids: Iterable[int]) -> dict[int, list[Assignment]]:
    """The whole unit history of each person, in one query: what `post_on` picks from for many people at once."""
    posts: dict[int, list[Assignment]] = {}
    for assignment in Assignment.objects.filter(person__in=list(person_ids)).select_related("unit"):
        posts.setdefault(assignment.person_id, []).append(assignment)
    return posts


def post_on(posts: Iterable[Assignment], day: datetime.date) -> Assignment | None:
    """`person_post_on` over periods already loaded (`person_posts`): the same choice, without a query."""
    covering = [
        post
        for post in posts
        if (post.start_date is None or post.start_date <= day) and (post.end_date is None or post.end_date >= day)
    ]
    return max(covering, key=lambda post: (post.start_date is not None, post.start_date or day, post.pk), default=None)


def object_history(*, obj, limit: int = 50) -> list[dict]:
    """Changes of a tracked object, newest first: who, when, kind, and the fields that changed."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        entries.append({"record": record, "changes": changes})
    return entries


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else value
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def role_assignments_of(*, user) -> QuerySet[RoleAssignment]:
    return user.role_assignments.select_related("unit").order_by("role")


def persons_matching(queryset, text: str, *, limit: int = 6) -> list[Person]:
    """The staff of `queryset` a typed text designates: the one with that code, else those whose name holds every
    word (with or without diacritics); a single exact full name wins over longer ones ("Nguyễn Thị Hằng" is not
    "Nguyễn Thị Thanh Hằng"). At most `limit`."""
    text = " ".join((text or "").split())
    if not text:
        return []
    queryset = queryset.select_related("unit__parent")
    by_code = list(queryset.filter(code=text)[:1])
    if by_code:
        return by_code
    candidates = list(queryset.search(text).order_by("full_name", "code")[: limit + 1])
    exact = [person for person in candidates if fold(person.full_name) == fold(text)]
    return exact if len(exact) == 1 else candidates[:limit]


def attach_units(rows: Iterable, *fields: str) -> None:
    """Give each of `rows` its units `fields` (a unit foreign key of the row, or of a row it already holds: "unit",
    "person__unit", "decision__issuing_unit"), read by id in one query for all of them, each unit once.

    For a page of rows that prints several units: joining `units_unit` once per field made PostgreSQL's planner
    weigh every order of eight or nine tables (~5 ms on every page) and hash the whole table each time."""
    rows = list(rows)
    links = []  # (the object holding the foreign key, its name)
    for row in rows:
        for field in fields:
            *path, name = field.split("__")
            holder = row
            for step in path:
                if holder is not None and getattr(holder, f"{step}_id") is not None:
                    holder = getattr(holder, step)  # loaded with the row (select_related): no query
                else:
                    holder = None
            if holder is not None:
                links.append((holder, name))
    units = Unit.objects.in_bulk({getattr(holder, f"{name}_id") for holder, name in links} - {None})
    for holder, name in links:
        setattr(holder, name, units.get(getattr(holder, f"{name}_id")))
