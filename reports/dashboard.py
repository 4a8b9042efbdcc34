"""The dashboard of the home page for leaders and clerks: four panels, each drawn as a chart with its table.

Awards per achievement year and type, the current year's nominations by state, the quota use of the units and
the movements active today. Every panel reads through the scoping selectors of its app, so a unit's staff see
their own subtree and administrators see everything, and runs a fixed number of queries whatever the amount of
data (aggregates in SQL, or one flat fetch); the number is in each docstring. The panels that count a unit's
history (the awards of the last years, the quotas) take the units with their predecessors (`units.lineage`): the
staff of a province formed in 2025 see what its former provinces earned before.

The `*_chart` functions turn a panel into the plain data `static/reports/js/dashboard.js` draws (embedded with
`json_script`); the numbers are the ones of the panel's table, and the texts are translated here.
"""

import datetime
import functools

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from awards.catalogue import calendar as cal
from awards.catalogue.models import AwardType
from awards.nominations import eligibility
from awards.nominations import selectors as nomination_selectors
from awards.nominations.enums import NominationState
from awards.payouts import selectors as payout_selectors
from awards.register.models import Award
from emulation import selectors as emulation_selectors
from emulation.models import Movement
from reports.deadlines.panel import deadline_panel
from units import rules as unit_rules
from units import selectors as unit_selectors
from units.common import versions
from units.enums import Role, UnitLevel
from units.lineage import Links
from units.models import Unit
from units.scope import scope_roots

# The roles the dashboard is for; other roles (council members, secretaries) keep the plain home page.
DASHBOARD_ROLES = frozenset({Role.CLERK, Role.LEADER})
# Achievement years in the awards panel, the current one included once it has an award.
YEARS_SHOWN = 5
# The award types with the most awards are charted one by one; the others share one "other types" series,
# so that the colours stay few enough to tell apart. The table lists every type.
TYPES_CHARTED = 6


def is_shown_to(user) -> bool:
    return bool(unit_rules.is_administrator(user) or unit_rules.scope_paths(user, DASHBOARD_ROLES))


# -- awards per year and type ----------------------------------------------------------------------------


def awards_counted_for(*, user, links: Links | None = None):
    """The awards the panel counts: those whose unit at the time lies in the user's scope, or in the subtree of a
    predecessor of a unit of it (the register's pages show only the former). Everything for the administrator.
    The links of the tree are read unless given (one query)."""
    roots = scope_roots(user)
    if roots is None:
        return Award.objects.all()
    reach = (links if links is not None else Links.load()).reach_paths(roots)
    # The units as a subquery, as in `reports.statistics.awards_in_period` (an index on the unit at the time).
    return Award.objects.filter(unit_at_time__in=Unit.objects.filter(reach.q("path")))


def awards_by_year_and_type(*, user, year: int, links: Links | None = None) -> dict:
    """Counted (not revoked) awards of the user's units with their predecessors (`awards_counted_for`), per
    achievement year and type.

    The years are the `YEARS_SHOWN` up to `year`, or up to the year before while `year` has no award yet (its
    decisions come at the end of the year). Returns `years`, `rows` (per type in report order: `award_type`,
    `counts` per year, `total`), `totals` per year and `total`. Two queries (the counts; the award types), and
    the links unless given.
    """
    counts = {
        (row["year"], row["award_type_id"]): row["total"]
        for row in awards_counted_for(user=user, links=links)
        .counting()
        .filter(year__range=(year - YEARS_SHOWN, year))
        .values("year", "award_type_id")
        .annotate(total=Count("id"))
        .order_by()
    }
    last = year if any(award_year == year for award_year, _type in counts) else year - 1
    years = list(range(last - YEARS_SHOWN + 1, last + 1))
    type_ids = {type_id for award_year, type_id in counts if award_year in years}
    types = list(AwardType.objects.filter(pk__in=type_ids).order_by("report_order", "code")) if type_ids else []
    rows = []
    for award_type in types:
        per_year = [counts.get((award_year, award_type.pk), 0) for award_year in years]
        rows.append({"award_type": award_type, "counts": per_year, "total": sum(per_year)})
    totals = [sum(row["counts"][index] for row in rows) for index in range(len(years))]
    return {"years": years, "rows": rows, "totals": totals, "total": sum(totals)}


def awards_chart(panel: dict) -> dict:
    """Stacked bars per year: the `TYPES_CHARTED` types with the most awards (in report order), then one
    series for all the others. A series' `label` goes in the legend, its `title` in the tooltip."""
    rows = panel["rows"]
    # Stable sort: between types with as many awards, the one earlier in report order is charted.
    charted = set(sorted(range(len(rows)), key=lambda index: -rows[index]["total"])[:TYPES_CHARTED])
    series = [
        {"label": row["award_type"].abbreviation, "title": row["award_type"].display_name, "data": row["counts"]}
        for index, row in enumerate(rows)
        if index in charted
    ]
    others = [row for index, row in enumerate(rows) if index not in charted]
    if others:
        label = _("Loại khác")
        series.append(
            {
                "label": label,
                "title": f"{label} ({', '.join(row['award_type'].abbreviation for row in others)})",
                "data": [sum(row["counts"][index] for row in others) for index in range(len(panel["years"]))],
                "other": True,
            }
        )
    return {
        "labels": [str(award_year) for award_year in panel["years"]],
        "series": series,
        "text": {"axis": _("Lượt khen thưởng"), "total": _("Tổng")},
    }


# -- nominations of the year by state ------------------------------------------------------------------


def nominations_by_state(*, user, year: int) -> dict:
    """The nominations of `year` the user may see (those of units in scope and those sent to a council in
    scope), per state in the order of the workflow; only states with nominations. Returns `year`, `rows`
    (`state`, `label`, `count`) and `total`. One query."""
    counts = dict(
        nomination_selectors.nominations_visible_to(user=user)
        .filter(year=year)
        .values_list("state")
        .annotate(total=Count("id"))
        .order_by()
    )
    rows = [
        {"state": state.value, "label": state.label, "count": counts[state.value]}
        for state in NominationState
        if counts.get(state.value)
    ]
    return {"year": year, "rows": rows, "total": sum(row["count"] for row in rows)}


def nominations_chart(panel: dict) -> dict:
    return {
        "labels": [str(row["label"]) for row in panel["rows"]],
        "states": [row["state"] for row in panel["rows"]],
        "data": [row["count"] for row in panel["rows"]],
        "text": {"axis": _("Số đề nghị"), "series": _("Đề nghị năm %(year)s") % {"year": panel["year"]}},
    }


# -- quota use per unit -------------------------------------------------------------------------------------


def quota_units(*, user) -> list[Unit]:
    """The units whose quotas the panel shows: the active units at the top of the user's scope and those
    directly under them, in tree order. A phòng has no quota of its own (see
    `awards.nominations.selectors.quota_unit_of`), so departments are left out. One query."""
    roots = scope_roots(user)
    if roots is None:
        near_top = Q(parent__isnull=True) | Q(parent__parent__isnull=True)
    else:
        near_top = Q(path__in=roots) | Q(parent__path__in=roots)
    return list(
        unit_selectors.units_visible_to(user=user)
        .active()
        .exclude(level=UnitLevel.DEPARTMENT)
        .filter(near_top)
        .order_by("sort_key")
    )


def _use(figures: dict) -> dict:
    """Count against cap, with the share of the cap used in percent (None: something nominated against a cap
    of nought, i.e. over without a share)."""
    total, cap = figures["total"], figures["cap"]
    if cap:
        return {**figures, "percent_used": round(100 * total / cap)}
    return {**figures, "percent_used": None if total else 0}


def quota_use(*, user, year: int, links: Links | None = None) -> dict:
    """The quotas of `year` for the units of `quota_units`, as `awards.nominations.eligibility.quota_table` computes
    them (awards of the year in the register plus live nominations, the units with their predecessors): per unit
    `unit`, `ldtt`, `cstdcs` and `ttldxs`, each quota with `percent_used`. Four queries whatever the number of
    units (the units; the rule sets, the awards and the nominations of the year under them), and the links unless
    given."""
    rows = [
        {
            "unit": row["unit"],
            "ldtt": row["ldtt"],
            "cstdcs": _use(row["cstdcs"]),
            "ttldxs": _use(row["ttldxs"]),
            "ttldtt": row["ttldtt"],
            "over": row["cstdcs"]["over"] or row["ttldxs"]["over"],
        }
        for row in eligibility.quota_table(quota_units(user=user), year, links=links)
    ]
    return {"year": year, "rows": rows, "over": sum(1 for row in rows if row["over"])}


def quota_chart(panel: dict) -> dict:
    """Horizontal bars per unit: the share of each cap in use (100 = the cap)."""

    def series(key: str, label: str) -> dict:
        return {
            "label": label,
            "percent": [row[key]["percent_used"] for row in panel["rows"]],
            "total": [row[key]["total"] for row in panel["rows"]],
            "cap": [row[key]["cap"] for row in panel["rows"]],
        }

    return {
        "labels": [str(row["unit"]) for row in panel["rows"]],
        "over": [row["over"] for row in panel["rows"]],
        "series": [series("cstdcs", _("CSTĐCS")), series("ttldxs", _("TTLĐXS"))],
        "text": {
            "axis": _("Phần trăm số được xét theo tỷ lệ"),
            "limit": _("Mức tối đa"),
            # "%(total)s / tối đa %(cap)s" with the numbers put in by the script.
            "figures": _("%(total)s / tối đa %(cap)s"),
        },
    }


# -- movements active today ----------------------------------------------------------------------------------

MOVEMENTS_SHOWN = 15


def movements_active(*, user, today: datetime.date) -> QuerySet[Movement]:
    """The movements the user may see that run today (started, and not ended or open-ended), oldest first,
    with their launching unit.

    Scope is that of the movement pages (`emulation.selectors.movements_visible_to`: launched by a unit in
    scope or with a unit in scope taking part), not the report rule of `reports.statistics.movements_in_period`,
    which also counts what any ancestor launched: every row here must open on the movement's own page.
    """
    movements = emulation_selectors.movement_list(user=user, active_from=today, active_to=today)
    return movements.order_by("start_date", "code")


def movements_chart(movements: list[Movement], *, today: datetime.date) -> dict:
    """A timeline: one bar per movement from its start to its end (open-ended ones up to today)."""
    return {
        "today": today.isoformat(),
        "items": [
            {
                "name": movement.name,
                "start": movement.start_date.isoformat(),
                "end": movement.end_date.isoformat() if movement.end_date else None,
                "startText": movement.start_date.strftime("%d/%m/%Y"),
                "endText": movement.end_date.strftime("%d/%m/%Y") if movement.end_date else "",
            }
            for movement in movements
        ],
        "text": {
            "today": _("Hôm nay"),
            "dated": _("Có thời hạn"),
            "open": _("Không thời hạn (tính đến hôm nay)"),
            "period": _("Từ %(start)s đến %(end)s"),
            "since": _("Từ %(start)s, không thời hạn"),
        },
    }


# -- the four panels ----------------------------------------------------------------------------------------


def home_panels(*, user, today: datetime.date) -> dict:
    """The four panels of the home page with their charts: awards, nominations and quotas of the year under
    review on `today` (in December to February, the year just ended), the movements running `today`.

    The awards, the nominations and the quotas, which aggregate the register and the nominations, are cached per
    scope (the user's `scope_roots`: users with the same scope share them) and year until the records change
    (`units.common.versions.cached`; the nominations and the quotas also until a nomination changes): then the
    versions of each and the movements are read. Computed afresh: the links of the tree (once for all), two for the
    awards, three for the nominations, four for the quotas, one for the movements (two when they fill the panel),
    and the versions (the user's role paths are loaded once per request by `units.rules.role_paths`). The movements
    panel shows the first MOVEMENTS_SHOWN of them and counts them all. The reward funds of the budget year
    (`awards.payouts.selectors.fund_use`: paid against the sources of the units at the top of the scope) are one
    query more.
    """
    year = cal.year_under_review(today)
    roots = scope_roots(user)
    scope = tuple(roots) if roots is not None else None
    links = functools.cache(Links.load)  # read once, and only for a panel computed afresh
    awards = versions.cached(
        "dashboard.awards", (scope, year), lambda: awards_by_year_and_type(user=user, year=year, links=links())
    )
    nominations = versions.cached(
        "dashboard.nominations",
        (scope, year),
        lambda: nominations_by_state(user=user, year=year),
        names=(versions.RECORDS, versions.NOMINATIONS),
    )
    quotas = versions.cached(
        "dashboard.quotas",
        (scope, year),
        lambda: quota_use(user=user, year=year, links=links()),
        names=(versions.RECORDS, versions.NOMINATIONS),
    )
    running = movements_active(user=user, today=today)
    fund_year = cal.default_year_for_reward_funds(today)
    # The panel shows the first MOVEMENTS_SHOWN and counts the rest; the list page has them all (the sector runs
    # 136 at once: a 105 KB table that made the home page the slowest of the administrator's). Counted only when
    # the panel is full: loading all 136 to count them cost more than the query.
    movements = list(running[:MOVEMENTS_SHOWN])
    total = len(movements) if len(movements) < MOVEMENTS_SHOWN else running.count()
    return {
        "year": year,
        "today": today,
        "awards": awards,
        "awards_chart": awards_chart(awards),
        "nominations": nominations,
        "nominations_chart": nominations_chart(nominations),
        "quotas": quotas,
        "quota_chart": quota_chart(quotas),
        "movements": movements,
        "movements_total": total,
        "movements_chart": movements_chart(movements, today=today),
        # The reward funds' use: money read afresh (one query), never cached with the counts.
        "fund_year": fund_year,
        "funds": payout_selectors.fund_use(user=user, year=fund_year),
        # The calendar's next deadlines (one query; two more for a clerk whose unit has a plan: who has not done
        # the nearest deadline), never cached: the day and the records move them.
        "deadlines": deadline_panel(user=user, today=today),
    }
