"""A unit "as it is today, with its predecessors": the one reading of the reorganisations' links (`Unit.predecessors`,
the other way `successors`) for every figure that counts a unit's history: the summary reports and their statistics,
the dashboard, the quotas, the collective chains of eligibility.

Two readings, both in a fixed number of queries whatever the size of the tree (the links of the whole tree are read
in one query: a few hundred rows nationally, about one per district absorbed in 2025):

- `Links.reach(unit)`: the subtrees whose records count as the unit's, as path prefixes (`Reach.q`). The unit's own
  subtree, plus the subtree of every predecessor of a unit inside it, and so on transitively: a province formed in
  2025 from provinces A, B and C reaches their whole former trees (their closed districts included); one of its
  regional procuracies that absorbed a district of a fourth province, merged elsewhere, reaches that district too.
  Paths are those of the tree today, as everywhere (`units.services.unit_save` moves a subtree's paths with it).
  "As it was" is the unit's own subtree alone (`own_reach`, no query).
- `collective_owners(unit_ids)`: whose collective awards count as a collective's own: itself and its predecessors,
  transitively (not their subtrees: a chain of TTLĐXS is the collective's, not its departments').

A unit split between two successors (a predecessor listed by both) counts for each of them in full: the register
records who received an award, not which part of the split unit earned it, so no share can be told apart. A figure
over both successors (their common parent, the sector) still counts each award once, since it selects awards by
where they were received, never adds the successors' figures.

A unit that absorbed several predecessors holds a year's title when any of them held it that year (the merged chain
is the union of theirs): a regional procuracy formed from two districts, one with TTLĐXS 2023 and 2024, carries
that run into 2025.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from units.common.text import natural_key
from units.models import Unit

ONE_DAY = datetime.timedelta(days=1)


def prefix_q(field: str, paths: Iterable[str]) -> Q:
    """Q matching a unit path `field` under any of `paths`; a path inside another one adds nothing."""
    q = Q(pk__in=[])
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
            q |= Q(**{f"{field}__startswith": path})
    return q


def _covered(path: str, roots: Iterable[str]) -> bool:
    return any(path.startswith(root) for root in roots)


@dataclasses.dataclass(frozen=True)
class Predecessor:
    """A unit whose subtree a reach adds to the unit's own: `successor_path` is the unit that lists it."""

    pk: int
    code: str
    name: str
    short_name: str
    path: str
    sort_key: str
    successor_path: str
    # The day the successor took it over: the successor's founding day, else the day after the predecessor closed.
    since: datetime.date | None

    def __str__(self) -> str:
        return self.short_name or self.name


@dataclasses.dataclass(frozen=True)
class Reach:
    """The subtrees whose records count as a unit's: `paths` are their roots (the unit's own first, none inside
    another), `added` the predecessors among them, in tree order. `absorbed` holds every link between two units of
    those subtrees as (predecessor's path, successor's path), successors in tree order: where a closed unit went,
    for the tree order of the report's appendix by unit (a district under the khu vực that absorbed it)."""

    paths: tuple[str, ...]
    added: tuple[Predecessor, ...] = ()
    absorbed: tuple[tuple[str, str], ...] = ()

    @property
    def with_predecessors(self) -> bool:
        return bool(self.added)

    def q(self, field: str = "path") -> Q:
        """Q over the unit path `field` (e.g. "unit_at_time__path") for the units of the reach."""
        return prefix_q(field, self.paths)

    def covers(self, path: str) -> bool:
        return _covered(path, self.paths)


def own_reach(unit: Unit, *, full: Reach | None = None) -> Reach:
    """The unit's own subtree: "as it was", the tree on the dates of the records. No query. Given the unit's `full`
    reach, it keeps the links inside the subtree (`Reach.absorbed`)."""
    absorbed = tuple(
        (predecessor, successor)
        for predecessor, successor in (full.absorbed if full else ())
        if predecessor.startswith(unit.path) and successor.startswith(unit.path)
    )
    return Reach(paths=(unit.path,), absorbed=absorbed)


@dataclasses.dataclass(frozen=True)
class _Link:
    successor_path: str
    predecessor: Predecessor


class Links:
    """The predecessor links of the whole tree, read once (`Links.load()`, one query), to answer for many units."""

    def __init__(self, links: list[_Link]):
        self.links = links

    @classmethod
    def load(cls) -> "Links":
        through = Unit.predecessors.through
        rows = through.objects.values_list(
            "from_unit__path",
            "from_unit__valid_from",
            "to_unit_id",
            "to_unit__code",
            "to_unit__name",
            "to_unit__short_name",
            "to_unit__path",
            "to_unit__sort_key",
            "to_unit__valid_to",
        ).order_by("to_unit__sort_key", "from_unit__sort_key")
        links = []
        for successor_path, founded, pk, code, name, short_name, path, sort_key, closed in rows:
            since = founded or (closed + ONE_DAY if closed else None)
            predecessor = Predecessor(pk, code, name, short_name, path, sort_key, successor_path, since)
            links.append(_Link(successor_path, predecessor))
        return cls(links)

    def reach_paths(self, paths: Iterable[str]) -> Reach:
        """The reach of the subtrees rooted at `paths` (a user's scope, several units) with their predecessors.

        A predecessor above one of `paths` in the tree (a unit listing its own parent) is a data error and left
        out: it would pull in the whole parent's tree.
        """
        own: list[str] = []
        for path in sorted(set(paths)):
            if not _covered(path, own):
                own.append(path)
        added: dict[str, Predecessor] = {}
        changed = True
        while changed:  # each pass adds at least one subtree, so it ends
            changed = False
            for link in self.links:
                predecessor = link.predecessor
                roots = [*own, *added]
                if not _covered(link.successor_path, roots) or _covered(predecessor.path, roots):
                    continue
                if any(path.startswith(predecessor.path) for path in own):
                    continue
                # A predecessor's subtree may hold one added before (a district of a province merged later).
                for path in [path for path in added if path.startswith(predecessor.path)]:
                    del added[path]
                added[predecessor.path] = predecessor
                changed = True
        ordered = sorted(added.values(), key=lambda predecessor: predecessor.sort_key)
        roots = (*own, *(predecessor.path for predecessor in ordered))
        in_tree_order = sorted(
            self.links, key=lambda link: (link.predecessor.sort_key, natural_key(link.successor_path))
        )
        absorbed = tuple(
            (link.predecessor.path, link.successor_path)
            for link in in_tree_order
            if link.predecessor.path != link.successor_path
            and _covered(link.predecessor.path, roots)
            and _covered(link.successor_path, roots)
        )
        return Reach(paths=roots, added=tuple(ordered), absorbed=absorbed)

    def reach(self, unit: Unit) -> Reach:
        """The unit with its predecessors (see the module's docstring)."""
        return self.reach_paths([unit.path])


def reach(unit: Unit) -> Reach:
    """The unit with its predecessors. One query."""
    return Links.load().reach(unit)


def reaches(units: Iterable[Unit]) -> dict[int, Reach]:
    """{unit id: its reach with predecessors} for many units. One query."""
    links = Links.load()
    return {unit.pk: links.reach(unit) for unit in units}


def collective_owners(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """{unit id: the ids among `unit_ids` whose collective awards include its own}: each unit of `unit_ids` owns
    its own awards and, transitively, its predecessors'. One query."""
    predecessors: dict[int, set[int]] = defaultdict(set)
    for successor_id, predecessor_id in Unit.predecessors.through.objects.values_list("from_unit_id", "to_unit_id"):
        predecessors[successor_id].add(predecessor_id)
    owners: dict[int, set[int]] = defaultdict(set)
    for unit_id in set(unit_ids):
        seen = {unit_id}
        waiting = [unit_id]
        while waiting:  # `seen` stops a cycle of links
            for predecessor_id in predecessors.get(waiting.pop(), ()):
                if predecessor_id not in seen:
                    seen.add(predecessor_id)
                    waiting.append(predecessor_id)
        for member in seen:
            owners[member].add(unit_id)
    return dict(owners)
