"""The computed figures of the summary reports (báo cáo sơ kết, tổng kết): a read path, no writes.

`awards_in_period` chooses the awards a report counts (spec "Which awards a report counts"); the other functions
turn that queryset into the tables, paragraphs and appendices of part I.2.4 and the indicators. Each one runs a
fixed number of queries whatever the amount of data (aggregates or one flat fetch, never one query per row);
the number is in its docstring. A report needing several tables reads the awards once through a `Tally`.

Every function that selects by unit takes the report's `lineage` (`reports.models.Lineage`): the unit with its
predecessors (the default: `units.lineage`, one more query to read the links) or the tree as it was. A caller
computing many figures passes the `units.lineage.Reach` it worked out once (`unit_reach`) instead.

Counts are in "lượt": one award to one recipient is one lượt.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.catalogue.enums import Authority, AwardKind, Category, RecipientKind
from awards.catalogue.models import AwardType
from awards.register.models import Award
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative, Movement
from reports.models import Lineage
from units import lineage as unit_lineage
from units.lineage import Reach, own_reach
from units.models import INNER_LEVELS, PATH_SEPARATOR, Assignment, Person, Unit

# The emulation flags (cờ thi đua) of the catalogue (awards/data/award-catalog.csv): the collective titles
# named "Cờ thi đua …". Listed explicitly: a code pattern ("CTD…") would also catch a future type by accident.
FLAG_CODES = ("CTDCP", "CTDN", "CTDUBND")
# The authorities of the State, above the sector: the report names the recipients of their awards and the year
# (Huân chương, Bằng khen and Cờ thi đua of the Government, Chiến sĩ thi đua toàn quốc), as seed 004 does.
HIGHEST_AUTHORITIES = (Authority.STATE_PRESIDENT, Authority.PRIME_MINISTER)

# The grassroots emulation fighter title, the one that "bình xét luân phiên" (taking turns) distorts.
CSTDCS_CODE = "CSTDCS"
ROTATING_MIN_YEARS = 3
ROTATING_MAX_PEOPLE = 3

_COLLECTIVE = Q(recipient_kind=RecipientKind.COLLECTIVE)
_INDIVIDUAL = Q(recipient_kind=RecipientKind.INDIVIDUAL)


def _split_counts() -> dict:
    """Aggregate expressions of one collectives / individuals / total row."""
    return {
        "collectives": Count("id", filter=_COLLECTIVE),
        "individuals": Count("id", filter=_INDIVIDUAL),
        "total": Count("id"),
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def unit_reach(unit: Unit, lineage: str | Reach = Lineage.WITH_PREDECESSORS) -> Reach:
    """The subtrees whose records count as `unit`'s: with its predecessors (`units.lineage`, one query) or as it
    was (its own subtree, no query). A `Reach` is returned as it is."""
    if isinstance(lineage, Reach):
        return lineage
    if lineage == Lineage.AS_IT_WAS:
        return own_reach(unit)
    if lineage == Lineage.WITH_PREDECESSORS:
        return unit_lineage.reach(unit)
    raise ValueError(f"Unknown lineage {lineage!r}.")


def awards_in_period(
    *,
    unit: Unit,
    years: tuple[int, int] | None = None,
    decided_between: tuple[datetime.date, datetime.date] | None = None,
    lineage: str | Reach = Lineage.WITH_PREDECESSORS,
) -> QuerySet[Award]:
    """The counted (not revoked) awards of `unit` and its subtree in a report's period, with those of its
    predecessors unless `lineage` says as it was. No query until evaluated (but the links, see `unit_reach`).

    Give exactly one of `years` (achievement years, both ends included: annual and 5-year reports) or
    `decided_between` (decision dates, both ends included: the 6-month report). The subtree is that of
    `unit_at_time`, so an individual counts where he worked in the year of the award, not where he works now.
    """
    if (years is None) == (decided_between is None):
        raise ValueError("Give exactly one of years or decided_between.")
    reach = unit_reach(unit, lineage)
    # The subtrees as a subquery on units, not a join filtered on the path: SQLite cannot use an index for
    # Django's `LIKE … ESCAPE` and then reads every award of the years (5-year report of a province: each
    # aggregate ~55 ms on the national data set); with the unit ids it uses awards_award_unit_at_time_year
    # (~4 ms). Same awards, same single query.
    qs = Award.objects.counting().filter(unit_at_time__in=Unit.objects.filter(reach.q("path")))
    if years is not None:
        return qs.filter(year__range=years)
    return qs.filter(decision__date__range=decided_between)


class Tally:
    """The counts of a queryset of awards per (year, award type, recipient kind, award kind), fetched in one
    GROUP BY; the tables by type, by authority, the subsets, year × type and per year are sums over it, so a
    report that needs all of them reads the awards once."""

    def __init__(self, qs: QuerySet[Award]):
        # Grouping on the type's id and reading the few types apart is about 40% faster than grouping on their
        # joined columns (benchmarks/reports.py, 100,000 awards). Two queries.
        counted = list(
            qs.values("year", "recipient_kind", "kind", "award_type_id").annotate(count=Count("id")).order_by()
        )
        types = {
            award_type["id"]: award_type
            for award_type in AwardType.objects.filter(pk__in={row["award_type_id"] for row in counted}).values(
                "id", "code", "name", "category", "authority", "report_order"
            )
        }
        self.rows = sorted(
            (
                {
                    "year": row["year"],
                    "recipient_kind": row["recipient_kind"],
                    "kind": row["kind"],
                    "count": row["count"],
                    **{f"award_type__{field}": value for field, value in types[row["award_type_id"]].items()},
                }
                for row in counted
            ),
            key=lambda row: (row["award_type__report_order"], row["award_type__code"], row["year"]),
        )
        self.types = types
        # The awards of bodies outside the sector's authorities are stated by issuer ("Tổng Liên đoàn Lao động Việt
        # Nam", "Hội Luật gia Việt Nam"), not as "Cơ quan khác", type by type and with their kind (the report's
        # "trong đó"): one more query, only when there are any.
        others = [pk for pk, award_type in types.items() if award_type["authority"] == Authority.OTHER]
        self.other_issuers = (
            list(
                qs.filter(award_type_id__in=others)
                .values(
                    "award_type_id",
                    "kind",
                    "recipient_kind",
                    "decision__issuing_body__name",
                    "decision__issuing_body__kind",
                    "decision__issuing_unit__name",
                )
                .annotate(count=Count("id"))
                .order_by()
            )
            if others
            else []
        )

    @staticmethod
    def _add(counts: dict, row: dict) -> None:
        key = "collectives" if row["recipient_kind"] == RecipientKind.COLLECTIVE else "individuals"
        counts[key] += row["count"]
        counts["total"] += row["count"]

    def by_type(self) -> list[dict]:
        types: dict[str, dict] = {}
        for row in self.rows:  # in report order
            code = row["award_type__code"]
            if code not in types:
                types[code] = {
                    "code": code,
                    "name": row["award_type__name"],
                    "category": row["award_type__category"],
                    "collectives": 0,
                    "individuals": 0,
                    "total": 0,
                }
            self._add(types[code], row)
        return list(types.values())

    @staticmethod
    def _issuer(row: dict) -> str:
        return row["decision__issuing_body__name"] or row["decision__issuing_unit__name"]

    def by_authority(self, category: str | None = None) -> list[dict]:
        """Counts per conferring authority; the other bodies each by name, most awards first. `category`
        (`Category`) counts the titles or the forms alone."""
        counts = {authority: {"collectives": 0, "individuals": 0, "total": 0} for authority in Authority}
        for row in self.rows:
            if category is None or row["award_type__category"] == category:
                self._add(counts[row["award_type__authority"]], row)
        issuers: dict[str, dict] = {}
        for row in self.other_issuers:
            if category is None or self.types[row["award_type_id"]]["category"] == category:
                self._add(issuers.setdefault(self._issuer(row), {"collectives": 0, "individuals": 0, "total": 0}), row)
        result = []
        for authority in Authority:
            if not counts[authority]["total"]:
                continue
            if authority == Authority.OTHER and issuers:
                named = sorted(issuers.items(), key=lambda item: (-item[1]["total"], item[0]))
                result.extend({"authority": authority.value, "label": name, **row} for name, row in named)
            else:
                result.append({"authority": authority.value, "label": str(authority.label), **counts[authority]})
        return result

    def by_category_and_authority(self) -> list[dict]:
        """The table by authority in two groups, so that titles are not counted with forms: the titles (danh hiệu
        thi đua), then the forms (hình thức khen thưởng), each with its label, its rows (as `by_authority`) and
        their sums (collectives, individuals, total). A group without awards is left out."""
        groups = []
        for category in Category:
            rows = self.by_authority(category)
            if rows:
                groups.append(
                    {
                        "category": category.value,
                        "label": str(category.label),
                        "rows": rows,
                        **{key: sum(row[key] for row in rows) for key in ("collectives", "individuals", "total")},
                    }
                )
        return groups

    def by_type_and_issuer(self) -> list[dict]:
        """What the report's paragraph states form by form and title by title: per award type in report order
        (code, name, category, authority, collectives, individuals, total) with its own "trong đó" (`thematic`:
        theo đợt, chuyên đề; `ad_hoc`: đột xuất; collectives and individuals each), and for a type of the other
        bodies one row per issuer, most awards first: `issuer` (the body's name, or the unit's that signed;
        "" for the sector's own authorities) and `issuer_kind` (`IssuerKind` of the body, "" for a unit)."""

        def entry(code: str, award_type: dict, issuer: str = "", issuer_kind: str = "") -> dict:
            return {
                "code": code,
                "name": award_type["name"],
                "category": award_type["category"],
                "authority": award_type["authority"],
                "issuer": issuer,
                "issuer_kind": issuer_kind,
                "collectives": 0,
                "individuals": 0,
                "total": 0,
                "thematic": {"collectives": 0, "individuals": 0},
                "ad_hoc": {"collectives": 0, "individuals": 0},
            }

        def add(counts: dict, row: dict) -> None:
            self._add(counts, row)
            part = {AwardKind.THEMATIC: "thematic", AwardKind.AD_HOC: "ad_hoc"}.get(row["kind"])
            if part:
                key = "collectives" if row["recipient_kind"] == RecipientKind.COLLECTIVE else "individuals"
                counts[part][key] += row["count"]

        types: dict[str, dict] = {}
        for row in self.rows:  # in report order
            code = row["award_type__code"]
            if code not in types:
                fields = ("name", "category", "authority")
                types[code] = entry(code, {field: row[f"award_type__{field}"] for field in fields})
            add(types[code], row)
        by_issuer: dict[str, dict[str, dict]] = defaultdict(dict)
        for row in self.other_issuers:
            award_type = self.types[row["award_type_id"]]
            issuer = self._issuer(row)
            if issuer not in by_issuer[award_type["code"]]:
                kind = row["decision__issuing_body__kind"] or ""
                by_issuer[award_type["code"]][issuer] = entry(award_type["code"], award_type, issuer, kind)
            add(by_issuer[award_type["code"]][issuer], row)
        result = []
        for code, counts in types.items():
            if code in by_issuer:
                result.extend(sorted(by_issuer[code].values(), key=lambda row: (-row["total"], row["issuer"])))
            else:
                result.append(counts)
        return result

    def subsets(self) -> dict:
        result = {name: {"collectives": 0, "individuals": 0, "total": 0} for name in ("thematic", "ad_hoc")}
        for row in self.rows:
            if row["kind"] == AwardKind.THEMATIC:
                self._add(result["thematic"], row)
            elif row["kind"] == AwardKind.AD_HOC:
                self._add(result["ad_hoc"], row)
        return result

    def by_year_and_type(self, years: tuple[int, int] | None = None):
        year_list = list(range(years[0], years[1] + 1)) if years else sorted({row["year"] for row in self.rows})
        types: list[dict] = []
        for row in self.rows:
            if not types or types[-1]["code"] != row["award_type__code"]:
                types.append({"code": row["award_type__code"], "name": row["award_type__name"]})
        column = {award_type["code"]: index for index, award_type in enumerate(types)}
        line = {year: index for index, year in enumerate(year_list)}
        matrix = [[0] * len(types) for _ in year_list]
        for row in self.rows:
            if row["year"] in line:
                matrix[line[row["year"]]][column[row["award_type__code"]]] += row["count"]
        return year_list, types, matrix

    def per_year(self, years: tuple[int, int] | None = None) -> list[dict]:
        year_list = list(range(years[0], years[1] + 1)) if years else sorted({row["year"] for row in self.rows})
        counts = {year: {"collectives": 0, "individuals": 0, "total": 0} for year in year_list}
        for row in self.rows:
            if row["year"] in counts:
                self._add(counts[row["year"]], row)
        return [{"year": year, **counts[year]} for year in year_list]


def by_type(qs: QuerySet[Award]) -> list[dict]:
    """Per award type in report order: code, name, category, collectives, individuals, total. Two queries."""
    return Tally(qs).by_type()


def by_authority(qs: QuerySet[Award]) -> list[dict]:
    """Per conferring authority of the award type, in the order of `Authority` (highest first), only those with
    awards: authority, label, collectives, individuals, total. Two queries (see `Tally`)."""
    return Tally(qs).by_authority()


def subsets(qs: QuerySet[Award]) -> dict:
    """The "trong đó" lines: thematic (theo đợt, chuyên đề) and ad hoc (đột xuất) awards. Two queries."""
    return Tally(qs).subsets()


def by_year_and_type(
    qs: QuerySet[Award], *, years: tuple[int, int] | None = None
) -> tuple[list[int], list[dict], list[list[int]]]:
    """The appendix "by year × title/form": `(years, types, matrix)` with `matrix[i][j]` the lượt of `types[j]`
    in `years[i]`. `years` (both ends included) lists every year of the period, even one without awards;
    without it only the years with awards are listed. Types are those with awards, in report order. Two
    queries."""
    return Tally(qs).by_year_and_type(years)


def _existed(row_unit: Unit, period: tuple[datetime.date, datetime.date] | None) -> bool:
    """Whether the unit existed at some day of the period (open today when no period is given)."""
    if period is None:
        return row_unit.is_active
    opened = row_unit.valid_from is None or row_unit.valid_from <= period[1]
    return opened and (row_unit.valid_to is None or row_unit.valid_to >= period[0])


def by_unit(
    qs: QuerySet[Award],
    *,
    unit: Unit,
    lineage: str | Reach = Lineage.WITH_PREDECESSORS,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> list[dict]:
    """The appendix "by unit", in the tree order of the report's period: first `unit` itself (awards whose unit at
    the time is exactly `unit`), then each direct child with its whole subtree, by its place in the tree
    (`Unit.sort_key`). A unit another row's unit absorbed (`Reach.absorbed`: a district closed in 2025 under the
    khu vực that took it over; with predecessors, a predecessor outside the subtree with its whole former subtree)
    follows the row of its successor, marked `predecessor`, its own predecessors under it in turn (`depth` 2, …);
    one absorbed by two successors follows the first. A unit is listed when it has awards or existed in `period`
    (both ends included; without it, when it is open today), a predecessor outside the subtree always; the
    predecessors of a unit left out take its place, unmarked.
    Rows: unit, predecessor, depth (0 for a unit of the tree, 1 under its successor, …), collectives, individuals,
    total. Three queries, and the links (see `unit_reach`): the children and the predecessors; the counts per unit
    at the time; their paths (grouping on the id and reading the paths apart is about twice as fast as grouping on
    the joined path)."""
    reach = unit_reach(unit, lineage)
    added = {predecessor.pk for predecessor in reach.added}
    # With their parents: the appendix prints a phòng with its parent's name (`Unit.name_with_parent`).
    loaded = list(Unit.objects.filter(Q(parent=unit) | Q(pk__in=added)).select_related("parent").order_by("sort_key"))
    children = [child for child in loaded if child.parent_id == unit.pk]
    predecessors = {predecessor.path: predecessor for predecessor in loaded if predecessor.pk in added}
    per_unit = list(qs.values("unit_at_time_id").annotate(**_split_counts()).order_by())
    paths = dict(Unit.objects.filter(pk__in=[row["unit_at_time_id"] for row in per_unit]).values_list("id", "path"))

    def row_key(path: str) -> str | None:
        """The row counting `path`: the unit, its child above the path, or the predecessor holding it."""
        if path == unit.path:
            return path
        rest = path.removeprefix(unit.path)
        if rest != path:
            # The direct child whose subtree holds the path: the first code below `unit` in it.
            return f"{unit.path}{rest.split(PATH_SEPARATOR, 1)[0]}{PATH_SEPARATOR}"
        return next((root for root in predecessors if path.startswith(root)), None)

    empty = {"collectives": 0, "individuals": 0, "total": 0}
    row_units = {row_unit.path: row_unit for row_unit in (unit, *children, *predecessors.values())}
    sums = {key: dict(empty) for key in row_units}
    for row in per_unit:
        key = row_key(paths[row["unit_at_time_id"]])
        if key not in sums:
            continue  # outside `unit`: the caller passed a queryset of another unit
        for field in empty:
            sums[key][field] += row[field]

    # The row each absorbed row follows: its first successor's, unless that is itself or leads back to it.
    successor_row: dict[str, str] = {}
    for predecessor_path, successor_path in reach.absorbed:
        if predecessor_path not in row_units or predecessor_path == unit.path or predecessor_path in successor_row:
            continue
        first = target = row_key(successor_path)
        seen = {predecessor_path}
        while target is not None and target not in seen:
            seen.add(target)
            target = successor_row.get(target)
        if first is not None and target is None:  # the chain ends at a row of the tree, not back at itself
            successor_row[predecessor_path] = first
    for path in predecessors:  # a predecessor outside the subtree is always someone's: the unit's at least
        successor_row.setdefault(path, unit.path)
    following: dict[str, list[str]] = defaultdict(list)
    for path in row_units:  # in tree order, so that two predecessors of one unit keep theirs
        if path in successor_row:
            following[successor_row[path]].append(path)

    rows: list[dict] = []

    def add(path: str, *, depth: int) -> None:
        row_unit = row_units[path]
        shown = path == unit.path or path in predecessors or sums[path]["total"] or _existed(row_unit, period)
        if shown:
            rows.append({"unit": row_unit, "predecessor": depth > 0, "depth": depth, **sums[path]})
        for absorbed in following.get(path, ()):
            add(absorbed, depth=depth + 1 if shown else depth)

    add(unit.path, depth=0)
    for child in children:
        if child.path not in successor_row:
            add(child.path, depth=0)
    return rows


def higher_recipients(
    qs: QuerySet[Award], *, codes: Iterable[str] | None = None, authorities: Iterable[str] | None = None
) -> list[dict]:
    """The appendix of recipients of higher awards: by default every award type not conferred by the head of the
    unit; `codes` or `authorities` narrow it. Ordered by achievement year, report order of the type, recipient
    name. Rows: year, name (a collective phòng with its parent's name), recipient_kind, unit (name of the unit at
    the time, an inner unit with its parent's), award, decision_number, decision_date. One query."""
    qs = qs.exclude(award_type__authority=Authority.UNIT_HEAD)
    if codes is not None:
        qs = qs.filter(award_type__code__in=list(codes))
    if authorities is not None:
        qs = qs.filter(award_type__authority__in=list(authorities))
    rows = (
        qs.annotate(recipient_name=Coalesce("person__full_name", "unit__name"))
        .order_by("year", "award_type__report_order", "recipient_name", "id")
        .values(
            "year",
            "recipient_name",
            "recipient_kind",
            "unit__level",
            "unit__parent__name",
            "unit_at_time__name",
            "unit_at_time__level",
            "unit_at_time__parent__name",
            "award_type__name",
            "decision__number",
            "decision__date",
        )
    )
    return [
        {
            "year": row["year"],
            "name": (
                row["recipient_name"]
                if row["recipient_kind"] == RecipientKind.INDIVIDUAL
                else Unit.compose_name(row["recipient_name"], row["unit__level"], row["unit__parent__name"])
            ),
            "recipient_kind": row["recipient_kind"],
            "unit": Unit.compose_name(
                row["unit_at_time__name"], row["unit_at_time__level"], row["unit_at_time__parent__name"]
            ),
            "award": row["award_type__name"],
            "decision_number": row["decision__number"],
            "decision_date": row["decision__date"],
        }
        for row in rows
    ]


def rotating(qs: QuerySet[Award]) -> list[dict]:
    """Units where a small group seems to take turns at CSTĐCS ("bình xét luân phiên"), as a warning.

    Rule, per unit at the time, over the CSTĐCS awards of `qs`: flagged when they fall in at least 3 different
    years, all went to 2 or 3 people, each of them holding it at least twice, and at least one of them had a
    break (held it, missed a year, held it again). One person's unbroken run is a chain towards higher titles,
    not a rotation; four or more holders is a spread, not a closed circle.
    Rows: unit (name), within (the unit above it, short name: names such as "Phòng 2" repeat across provinces),
    people (names, sorted), years (sorted). One query (a flat fetch of the CSTĐCS awards' ids), and two more
    (the names) when a unit is flagged.
    """
    # The ids only (no join): the names are read for the flagged units alone, which are few.
    holdings: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    fetched = (
        qs.filter(_INDIVIDUAL, award_type__code=CSTDCS_CODE)
        .order_by()
        .values_list("unit_at_time_id", "person_id", "year")
    )
    for unit_id, person_id, year in fetched:
        holdings[unit_id][person_id].add(year)
    flagged_units = {}
    for unit_id, people in holdings.items():
        years = set().union(*people.values())
        if len(years) < ROTATING_MIN_YEARS or not 2 <= len(people) <= ROTATING_MAX_PEOPLE:
            continue
        if any(len(held) < 2 for held in people.values()):
            continue
        if not any(max(held) - min(held) + 1 > len(held) for held in people.values()):
            continue
        flagged_units[unit_id] = (people, years)
    if not flagged_units:
        return []
    units = {
        row["id"]: row
        for row in Unit.objects.filter(pk__in=flagged_units).values("id", "name", "parent__short_name", "parent__name")
    }
    person_ids = {person_id for people, _years in flagged_units.values() for person_id in people}
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("id", "full_name"))
    flagged = [
        {
            "unit": units[unit_id]["name"],
            "within": units[unit_id]["parent__short_name"] or units[unit_id]["parent__name"] or "",
            "people": sorted(names[person_id] for person_id in people),
            "years": sorted(years),
        }
        for unit_id, (people, years) in flagged_units.items()
    ]
    # Names repeat across provinces ("Phòng 2"): the unit above, people and years break the tie, so that the
    # order does not depend on the order the database returned the rows in.
    return sorted(flagged, key=lambda row: (row["within"], row["unit"], row["people"], row["years"]))


def post_was_managing() -> Subquery:
    """Whether the post the awarded person held on the award's decision date was a leading or managing one
    (`units.Assignment.is_manager` of his unit history; `Person.is_manager` is today's): the last period of his
    history started by that day (an undated start counts as started), i.e. the one covering the day, or the last
    one he held when he had left before it (an award decided after retirement). None when no period had started
    by then or the period does not say. A correlated subquery, for an annotation or an aggregate's filter."""
    return Subquery(
        Assignment.objects.filter(person=OuterRef("person_id"))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("decision__date")))
        .order_by(F("start_date").desc(nulls_last=True), "-id")
        .values("is_manager")[:1]
    )


def indicators(qs: QuerySet[Award]) -> dict:
    """The indicators the seeds ask leaders to watch. Two queries (the counts; the CSTĐCS rotation fetch), four
    when a unit is flagged for rotation.

    `staff` / `managers` / `unknown`: individual awards to people who did not / did hold a leading or managing
    post on the award's decision date (`post_was_managing`), or of whom the unit history does not say ("chưa rõ"),
    each with its share of the individual awards in percent (one decimal, None without individual awards);
    `remote_area`: awards whose unit at the time is in a remote or difficult area (a collective's unit at the time
    is the collective itself); `ad_hoc`: đột xuất awards; `rotating`: see `rotating`.
    """
    remote = Q(unit_at_time__is_remote_area=True)
    # A separate aggregate: adding the two flags to the Tally's GROUP BY costs more than this scan (SQLite).
    totals = qs.annotate(post_managing=post_was_managing()).aggregate(
        individuals=Count("id", filter=_INDIVIDUAL),
        managers=Count("id", filter=_INDIVIDUAL & Q(post_managing=True)),
        staff=Count("id", filter=_INDIVIDUAL & Q(post_managing=False)),
        remote_collectives=Count("id", filter=remote & _COLLECTIVE),
        remote_individuals=Count("id", filter=remote & _INDIVIDUAL),
        ad_hoc=Count("id", filter=Q(kind=AwardKind.AD_HOC)),
    )
    individuals, staff, managers = totals["individuals"], totals["staff"], totals["managers"]
    unknown = individuals - staff - managers
    return {
        "individuals": individuals,
        "staff": {"count": staff, "percent": _percent(staff, individuals)},
        "managers": {"count": managers, "percent": _percent(managers, individuals)},
        "unknown": {"count": unknown, "percent": _percent(unknown, individuals)},
        "remote_area": {
            "collectives": totals["remote_collectives"],
            "individuals": totals["remote_individuals"],
            "total": totals["remote_collectives"] + totals["remote_individuals"],
        },
        "ad_hoc": totals["ad_hoc"],
        "rotating": rotating(qs),
    }


def initiatives(
    *,
    unit: Unit,
    years: tuple[int, int] | None = None,
    decided_between: tuple[datetime.date, datetime.date] | None = None,
    lineage: str | Reach = Lineage.WITH_PREDECESSORS,
) -> dict:
    """Recognised initiatives (sáng kiến) of `unit` and its subtree (with its predecessors unless `lineage` says
    as it was), per recognition level, plus the total. Give exactly one of `years` (achievement years, both ends
    included: annual and 5-year reports) or `decided_between` (the date of the recognition decision, both ends
    included: the 6-month report's window, as its awards). One query, and the links (see `unit_reach`)."""
    if (years is None) == (decided_between is None):
        raise ValueError("Give exactly one of years or decided_between.")
    reach = unit_reach(unit, lineage)
    period = Q(year__range=years) if years is not None else Q(decision_date__range=decided_between)
    totals = Initiative.objects.filter(reach.q("unit__path"), period, status=InitiativeStatus.RECOGNISED).aggregate(
        **{level.value: Count("id", filter=Q(level=level)) for level in InitiativeLevel},
        total=Count("id"),
    )
    return totals


def _short_label(row: dict, prefix: str) -> str:
    """`Unit.label_with_parent` from the columns under `prefix` ("unit__", "unit_at_time__"): the short name, a
    phòng's followed by its parent's ("Phòng 2, VKSND tỉnh T")."""
    name = row[f"{prefix}short_name"] or row[f"{prefix}name"] or ""
    parent = row[f"{prefix}parent__short_name"] or row[f"{prefix}parent__name"]
    return f"{name}, {parent}" if row[f"{prefix}level"] in INNER_LEVELS and parent else name


def named_awards(qs: QuerySet[Award]) -> list[dict]:
    """The awards the report names one by one: those of the highest authorities (`HIGHEST_AUTHORITIES`: "VKSND
    thành phố Huế được Nhà nước tặng thưởng Huân chương Lao động hạng Nhất năm 2022") and the emulation flags
    (`FLAG_CODES`, each kind apart). In report order of the type, then by the recipient's place in the tree (a
    person's unit at the time), the person's name and the year. Rows: code, year, recipient_kind, unit_code (a
    collective's own code, "" for a person), name (a collective's short name, a phòng's with its parent's; a
    person's full name), unit (a person's unit at the time, likewise; "" for a collective). One query."""
    unit_fields = ("name", "short_name", "level", "parent__name", "parent__short_name")
    fetched = (
        qs.filter(Q(award_type__authority__in=HIGHEST_AUTHORITIES) | Q(_COLLECTIVE, award_type__code__in=FLAG_CODES))
        .order_by(
            "award_type__report_order", "award_type__code", "unit_at_time__sort_key", "person__full_name", "year", "id"
        )
        .values(
            "award_type__code",
            "year",
            "recipient_kind",
            "unit__code",
            "person__full_name",
            *(f"unit__{field}" for field in unit_fields),
            *(f"unit_at_time__{field}" for field in unit_fields),
        )
    )
    return [
        {
            "code": row["award_type__code"],
            "year": row["year"],
            "recipient_kind": row["recipient_kind"],
            "unit_code": row["unit__code"] or "",
            "name": (
                _short_label(row, "unit__")
                if row["recipient_kind"] == RecipientKind.COLLECTIVE
                else row["person__full_name"]
            ),
            "unit": "" if row["recipient_kind"] == RecipientKind.COLLECTIVE else _short_label(row, "unit_at_time__"),
        }
        for row in fetched
    ]


def flags_per_year(qs: QuerySet[Award], *, codes: Iterable[str] = FLAG_CODES) -> dict[int, list[str]]:
    """Emulation flags per achievement year: `{year: [unit names in tree order]}`, years ascending, only years
    with a flag. Pass `codes` for one kind of flag (e.g. `("CTDN",)`). One query."""
    fetched = (
        qs.filter(_COLLECTIVE, award_type__code__in=list(codes))
        .order_by("year", "unit__sort_key", "award_type__report_order")
        .values_list("year", "unit__name")
    )
    flags: dict[int, list[str]] = {}
    for year, unit_name in fetched:
        flags.setdefault(year, []).append(unit_name)
    return flags


def movements_in_period(
    *,
    unit: Unit,
    start: datetime.date,
    end: datetime.date,
    lineage: str | Reach = Lineage.WITH_PREDECESSORS,
) -> list[dict]:
    """Movements launched by `unit`, a unit of its subtree or one of its ancestors, active at some day between
    `start` and `end` (both included; an open-ended movement is still active), by start date; with predecessors
    (unless `lineage` says as it was), also those launched in a predecessor's subtree or above it, which its units
    took part in. Rows: footnote (1, 2, …), movement, name, citation (the launching document, for the footnote).
    One query, and the links (see `unit_reach`)."""
    reach = unit_reach(unit, lineage)
    # Every code of the roots' paths: their ancestors (the roots themselves are in their subtrees anyway).
    ancestor_codes = sorted({code for path in reach.paths for code in path.split(PATH_SEPARATOR) if code})
    movements = (
        Movement.objects.filter(
            reach.q("launching_unit__path") | Q(launching_unit__code__in=ancestor_codes),
            Q(end_date__isnull=True) | Q(end_date__gte=start),
            start_date__lte=end,
        )
        .select_related("launching_unit")
        .order_by("start_date", "code")
    )
    return [
        {"footnote": number, "movement": movement, "name": movement.name, "citation": movement.citation}
        for number, movement in enumerate(movements, start=1)
    ]


def per_year(qs: QuerySet[Award], *, years: tuple[int, int] | None = None) -> list[dict]:
    """Collectives, individuals and total lượt per achievement year, for the chart of awards per year. `years`
    (both ends included) lists every year of the period, even one without awards. Two queries."""
    return Tally(qs).per_year(years)
