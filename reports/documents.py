"""The printed summary reports (báo cáo sơ kết 6 tháng, tổng kết năm, tổng kết 5 năm) of a unit and its subtree,
in the administrative format of Nghị định 30/2020/NĐ-CP (spec reports.md).

Two steps, so that an issued report can be printed again exactly as it was:
- `compute_figures` computes every figure from the records with `reports.statistics` (never typed by hand) into
  plain JSON-able data, which issuing a report stores;
- `report_context` puts those figures together with the writer's parts (the narrative sections, number, date,
  signature; placeholders where a part is empty) for `templates/pdf/report.html`.
`report_pdf` does both for the command line.
"""

import datetime

from django.utils import timezone

from awards.catalogue import calendar as cal
from emulation.enums import InitiativeLevel
from reports import charts, statistics
from reports.models import Lineage
from units import lineage as unit_lineage
from units.common import formatting, pdf, versions
from units.letterhead import head_name, head_title, header_context
from units.lineage import Predecessor, Reach
from units.models import Unit

FIVE_YEAR = "five_year"
ANNUAL = "annual"
SIX_MONTH = "six_month"
KINDS = (FIVE_YEAR, ANNUAL, SIX_MONTH)

WRITER_PLACEHOLDER = "(Nội dung do đơn vị soạn thảo)"


def _luot(collectives: int, individuals: int) -> str:
    """ "15 lượt tập thể, 120 lượt cá nhân" with two-digit counts."""
    return f"{formatting.count2(collectives)} lượt tập thể, {formatting.count2(individuals)} lượt cá nhân"


def check_period(*, kind: str, start: int | None, end: int | None, year: int | None) -> None:
    """Raise ValueError (in Vietnamese, shown as is by the command) when the period is incomplete or wrong."""
    if kind not in KINDS:
        raise ValueError(f"Loại báo cáo không hợp lệ: {kind!r} (chọn một trong {', '.join(KINDS)}).")
    if kind == FIVE_YEAR:
        if start is None or end is None:
            raise ValueError("Báo cáo tổng kết 5 năm cần năm bắt đầu và năm kết thúc (--start, --end).")
        if end < start:
            raise ValueError(f"Năm kết thúc ({end}) không được trước năm bắt đầu ({start}).")
    elif year is None:
        raise ValueError("Báo cáo năm và báo cáo 6 tháng cần năm báo cáo (--year).")


def _period(
    *,
    kind: str,
    start: int | None,
    end: int | None,
    year: int | None,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> dict:
    """Subject line, wording and windows of the period of a report. The `dates` (movements active, pledges signed)
    of the annual and 5-year reports are work years, 01/12 of the year before to 30/11 (domain-rules §4.4: "2019
    report data 01/12/2018–30/11/2019"); their awards are counted by achievement year."""
    if kind == FIVE_YEAR:
        span = end - start + 1
        return {
            "subject": (
                f"Tổng kết phong trào thi đua và công tác khen thưởng {span} năm (Từ năm {start} đến năm {end})"
            ),
            "period_phrase": f"{formatting.count2(span)} năm (từ năm {start} đến năm {end})",
            "years": (start, end),
            "decided_between": None,
            "dates": cal.work_year_window(start, end),
            "part3_title": "Phương hướng, nhiệm vụ phong trào thi đua trong thời gian tới",
        }
    if kind == ANNUAL:
        return {
            "subject": f"Tổng kết công tác thi đua, khen thưởng năm {year} và phương hướng, nhiệm vụ năm {year + 1}",
            "period_phrase": f"năm {year}",
            "years": (year, year),
            "decided_between": None,
            "dates": cal.work_year_window(year),
            "part3_title": f"Phương hướng, nhiệm vụ năm {year + 1}",
        }
    window = window or cal.six_month_window(year)
    return {
        "subject": (
            f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year} "
            f"và phương hướng, nhiệm vụ 6 tháng cuối năm {year}"
        ),
        "period_phrase": f"6 tháng đầu năm {year} (từ ngày {window[0]:%d/%m/%Y} đến ngày {window[1]:%d/%m/%Y})",
        "years": None,
        "decided_between": window,
        "dates": window,
        "part3_title": f"Nhiệm vụ trọng tâm 6 tháng cuối năm {year}",
    }


# WeasyPrint lays out about 100 rows of a six-column table a second here (benchmarks/reports.py): the PDF lists
# this many recipients of higher awards and sends the reader to the Excel appendix for the rest.
HIGHER_PDF_LIMIT = 150
# Rotation warnings written out in the text; the rest are counted and listed in the Excel appendix.
ROTATING_PDF_LIMIT = 10


def _with_total(rows: list[dict]) -> dict:
    return {
        "collectives": sum(row["collectives"] for row in rows),
        "individuals": sum(row["individuals"] for row in rows),
        "total": sum(row["total"] for row in rows),
    }


def _counts(row: dict) -> dict:
    return {"collectives": row["collectives"], "individuals": row["individuals"], "total": row["total"]}


def _predecessor_names(predecessors: tuple[Predecessor, ...]) -> str:
    """ "VKSND tỉnh A, VKSND tỉnh B (hợp nhất từ 01/07/2025)": the names in tree order, grouped by the day they
    were taken over, each group followed by its day when known."""
    groups: dict[datetime.date | None, list[str]] = {}
    for predecessor in predecessors:
        groups.setdefault(predecessor.since, []).append(str(predecessor))
    return "; ".join(
        ", ".join(names) + (f" (hợp nhất từ {since:%d/%m/%Y})" if since else "") for since, names in groups.items()
    )


def lineage_statement(lineage: str, full: Reach) -> str:
    """The one sentence of the report that says which units it counts (spec reports.md "Which awards a report
    counts"). `full` is the unit's reach with its predecessors."""
    if not full.added:
        return "Số liệu theo cây đơn vị tại thời điểm khen thưởng."
    names = _predecessor_names(full.added)
    if lineage == Lineage.WITH_PREDECESSORS:
        return f"Số liệu tính cả các đơn vị tiền thân: {names}."
    return f"Số liệu theo cây đơn vị tại thời điểm khen thưởng, không tính các đơn vị tiền thân: {names}."


def compute_figures(
    *,
    kind: str,
    unit: Unit,
    start: int | None = None,
    end: int | None = None,
    year: int | None = None,
    window: tuple[datetime.date, datetime.date] | None = None,
    lineage: str = Lineage.WITH_PREDECESSORS,
) -> dict:
    """Every computed part of the report as plain data (JSON-able: it is stored when a report is issued, the
    lineage and its sentence with the rest).

    `lineage` (`reports.models.Lineage`): the unit with its predecessors, or the tree as it was. Raises ValueError
    for an incomplete or wrong period.

    Cached per unit, period and lineage until the records change (`units.common.versions.cached`, the version
    `RECORDS`): the editor's preview refreshed with nothing changed, and the PDF made after it, read the figures
    back in one query instead of about fifteen aggregations. `computed_at` is then when they were computed, the
    records being the same since. Computed afresh: a fixed number of queries whatever the data (the links of the
    tree are read once, whatever the number of predecessors).
    """
    check_period(kind=kind, start=start, end=end, year=year)
    if lineage not in Lineage.values:
        raise ValueError(f"Phạm vi đơn vị không hợp lệ: {lineage!r} (chọn một trong {', '.join(Lineage.values)}).")
    return versions.cached(
        "reports.figures",
        (str(kind), unit.pk, start, end, year, window, str(lineage)),
        lambda: _compute_figures(kind=kind, unit=unit, start=start, end=end, year=year, window=window, lineage=lineage),
    )


def _compute_figures(
    *,
    kind: str,
    unit: Unit,
    start: int | None,
    end: int | None,
    year: int | None,
    window: tuple[datetime.date, datetime.date] | None,
    lineage: str,
) -> dict:
    period = _period(kind=kind, start=start, end=end, year=year, window=window)
    # Read even as it was: the sentence names the predecessors left out.
    full = unit_lineage.reach(unit)
    reach = full if lineage == Lineage.WITH_PREDECESSORS else unit_lineage.own_reach(unit)
    qs = statistics.awards_in_period(
        unit=unit, years=period["years"], decided_between=period["decided_between"], lineage=reach
    )

    tally = statistics.Tally(qs)  # one read of the awards for the tables by type, authority, subsets and year
    types = tally.by_type()
    authorities = tally.by_authority()
    totals = _with_total(types)
    subsets = tally.subsets()
    # The 6-month report counts by decision date; its initiatives are those of the achievement year.
    initiative_years = period["years"] or (year, year)
    initiatives = statistics.initiatives(unit=unit, years=initiative_years, lineage=reach)
    years, matrix_types, matrix = tally.by_year_and_type(period["years"])
    year_type_rows = [
        {"name": award_type["name"], "counts": [matrix[i][j] for i in range(len(years))]}
        for j, award_type in enumerate(matrix_types)
    ]
    for row in year_type_rows:
        row["total"] = sum(row["counts"])
    units = [  # a phòng with its parent's name: the predecessors' phòng bear the same names as the unit's own
        {"name": row["unit"].name_with_parent, "predecessor": row["predecessor"], **_counts(row)}
        for row in statistics.by_unit(qs, unit=unit, lineage=reach)
    ]
    indicators = statistics.indicators(qs)
    higher = [
        {**row, "decision_date": row["decision_date"].strftime("%d/%m/%Y") if row["decision_date"] else ""}
        for row in statistics.higher_recipients(qs)
    ]
    movements = statistics.movements_in_period(
        unit=unit, start=period["dates"][0], end=period["dates"][1], lineage=reach
    )

    return {
        "kind": kind,
        "unit": {"code": unit.code, "name": unit.name},
        "lineage": {
            "value": str(lineage),
            "statement": lineage_statement(lineage, full),
            # The subtrees counted (the drafting of the narrative reads them) and the predecessors they add.
            "paths": list(reach.paths),
            "predecessors": [
                {"code": predecessor.code, "name": predecessor.name, "since": _iso(predecessor.since)}
                for predecessor in reach.added
            ],
        },
        "subject": period["subject"],
        "period_phrase": period["period_phrase"],
        "part3_title": period["part3_title"],
        "window": [day.isoformat() for day in period["dates"]],
        "movements": [
            {
                "footnote": row["footnote"],
                "name": row["name"],
                "citation": row["citation"],
                "kind": row["movement"].kind,
            }
            for row in movements
        ],
        "totals": totals,
        "types": types,
        "authorities": authorities,
        "authority_totals": _with_total(authorities),
        "subsets": subsets,
        "initiatives": initiatives,
        "initiative_years": list(initiative_years),
        "flags": sorted(statistics.flags_per_year(qs).items()),
        "indicators": indicators,
        "years": years,
        "year_type_rows": year_type_rows,
        "year_totals": [sum(line) for line in matrix],
        "per_year": tally.per_year(period["years"]),
        "units": units,
        "unit_totals": _with_total(units),
        "higher": higher,
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def default_signature(unit: Unit) -> dict:
    """Who signs by default (the head of the unit) and where the report goes."""
    return {
        "recipients": [*([f"{unit.parent.name} (để báo cáo)"] if unit.parent_id else []), "Lãnh đạo đơn vị", "Lưu: VT"],
        "sign_authority": "",
        "sign_position": head_title(unit),
        "signer_name": head_name(unit),
    }


def report_context(
    figures: dict,
    *,
    unit: Unit,
    narrative: dict | None = None,
    number: str = "",
    day: datetime.date | None = None,
    signature: dict | None = None,
) -> dict:
    """What `templates/pdf/report.html` shows: the figures, the writer's parts (a placeholder where one is empty),
    the header and the signature. `signature` holds recipients (lines), sign_authority, sign_position and
    signer_name; missing keys take the defaults of the unit."""
    indicators = figures["indicators"]
    initiatives = figures["initiatives"]
    totals = figures["totals"]
    subsets = figures["subsets"]
    higher = figures["higher"]
    per_year = figures["per_year"]
    unknown_post = indicators.get("unknown", {}).get("count", 0)
    signature = {**default_signature(unit), **{key: value for key, value in (signature or {}).items() if value}}
    return {
        **header_context(unit, doc_number=number or "…/BC-…", day=day),
        **figures,
        **signature,
        "unit_name": figures["unit"]["name"],
        "narrative": {field: text for field, text in (narrative or {}).items() if text and text.strip()},
        "placeholder": WRITER_PLACEHOLDER,
        "totals_text": _luot(totals["collectives"], totals["individuals"]),
        "thematic_text": _luot(subsets["thematic"]["collectives"], subsets["thematic"]["individuals"]),
        "ad_hoc_text": _luot(subsets["ad_hoc"]["collectives"], subsets["ad_hoc"]["individuals"]),
        "initiatives_text": "; ".join(
            f"{formatting.count2(initiatives[level.value])} sáng kiến {str(level.label).lower()}"
            for level in (InitiativeLevel.NATIONAL, InitiativeLevel.SECTOR, InitiativeLevel.GRASSROOTS)
            if initiatives[level.value]
        ),
        "initiative_total": initiatives["total"],
        "staff_percent": formatting.percent(indicators["staff"]["count"], indicators["individuals"]),
        "manager_percent": formatting.percent(indicators["managers"]["count"], indicators["individuals"]),
        # Reports issued before the post history was read have neither of these.
        "unknown_post": unknown_post,
        "unknown_post_percent": formatting.percent(unknown_post, indicators["individuals"]),
        "lineage_statement": figures.get("lineage", {}).get("statement", ""),
        "rotating_shown": indicators["rotating"][:ROTATING_PDF_LIMIT],
        "rotating_more": max(len(indicators["rotating"]) - ROTATING_PDF_LIMIT, 0),
        "higher_shown": higher[:HIGHER_PDF_LIMIT],
        "higher_total": len(higher),
        "higher_cut": len(higher) > HIGHER_PDF_LIMIT,
        "year_column": year_column(len(figures["years"])),
        "chart_svg": charts.awards_per_year_svg(
            [row["year"] for row in per_year],
            [
                {"name": "Tập thể", "counts": [row["collectives"] for row in per_year]},
                {"name": "Cá nhân", "counts": [row["individuals"] for row in per_year]},
            ],
        ),
    }


def year_column(years: int) -> str:
    """The width class of each year's column (and the total's) of appendix 01: 10% while they fit beside the TT
    and a name column of at least 30%, narrower when the period has many years (`col.wN` of pdf/base.html)."""
    return f"w{max(4, min(10, 64 // (years + 1)))}"


def report_pdf(
    *,
    kind: str,
    unit: Unit,
    start: int | None = None,
    end: int | None = None,
    year: int | None = None,
    window: tuple[datetime.date, datetime.date] | None = None,
    lineage: str = Lineage.WITH_PREDECESSORS,
) -> bytes:
    """The report with the computed figures and placeholders for the writer's parts (the command line)."""
    figures = compute_figures(kind=kind, unit=unit, start=start, end=end, year=year, window=window, lineage=lineage)
    return pdf.render_pdf("pdf/report.html", report_context(figures, unit=unit))
