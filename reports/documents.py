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
from collections.abc import Iterable

from django.utils import timezone

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Category
from emulation import selectors as emulation_selectors
from emulation.enums import InitiativeLevel
from reports import charts, exemplars, statistics, wording
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
        "period_phrase": (
            f"6 tháng đầu năm {year} (từ ngày {formatting.short_date(window[0])} "
            f"đến ngày {formatting.short_date(window[1])})"
        ),
        "years": None,
        "decided_between": window,
        "dates": window,
        "part3_title": f"Nhiệm vụ trọng tâm 6 tháng cuối năm {year}",
    }


# WeasyPrint lays out about 100 rows of a six-column table a second here (benchmarks/reports.py): the PDF lists
# this many recipients of higher awards and sends the reader to the Excel appendix for the rest.
HIGHER_PDF_LIMIT = 150

# The appendices of a unit's report, in the order they are printed (spec reports.md "Appendices").
BY_YEAR, BY_UNIT, HIGHER, CHART = "by_year", "by_unit", "higher", "chart"
APPENDICES = (BY_YEAR, BY_UNIT, HIGHER, CHART)


def appendix_numbers(printed: Iterable[str]) -> dict[str, dict]:
    """The one numbering of a document's appendices: {appendix: {"number": "II", "title": "PHỤ LỤC II", "name":
    "Phụ lục II"}}
    for those actually printed, in their order. Nghị định 30/2020 numbers two or more appendices with Roman
    numerals; a single one is "PHỤ LỤC" alone. An appendix left out leaves no gap, and every reference to an
    appendix in the text (and the Excel copy of one) takes its `name` from here."""
    printed = list(printed)
    numbers = [""] if len(printed) == 1 else [formatting.roman(index) for index in range(1, len(printed) + 1)]
    return {
        key: {"number": number, "title": f"PHỤ LỤC {number}".strip(), "name": f"Phụ lục {number}".strip()}
        for key, number in zip(printed, numbers, strict=True)
    }


def printed_appendices(figures: dict) -> list[str]:
    """Which appendices a unit's report prints, in order: none without awards; the table by unit when it has more
    than the unit's own row; the recipients of higher awards when there are any; the chart per year over two years
    or more (an annual report's would be one bar)."""
    if not figures["totals"]["total"]:
        return []
    shown = {
        BY_YEAR: True,
        BY_UNIT: len(figures["units"]) > 1,
        HIGHER: bool(figures["higher"]),
        CHART: len(figures["per_year"]) > 1,
    }
    return [key for key in APPENDICES if shown[key]]


def appendices(figures: dict) -> dict[str, dict]:
    """The numbers of the appendices a unit's report prints (`appendix_numbers` of `printed_appendices`)."""
    return appendix_numbers(printed_appendices(figures))


def internal_checks(figures: dict) -> dict:
    """The internal checks of a report, for the leaders and the clerk only (never printed in the report sent
    upward, spec reports.md): the units where CSTĐCS seems to go round a small group ("bình xét luân phiên",
    `statistics.rotating`), and the individual awards whose post at the time the unit history does not say.
    A cluster's figures have neither."""
    indicators = figures.get("indicators") or {}
    individuals = indicators.get("individuals", 0)
    unknown = (indicators.get("unknown") or {}).get("count", 0)
    return {
        "rotating": indicators.get("rotating", []),
        "individuals": individuals,
        "unknown_post": unknown,
        "unknown_post_percent": formatting.percent(unknown, individuals),
    }


def _with_total(rows: list[dict]) -> dict:
    return {
        "collectives": sum(row["collectives"] for row in rows),
        "individuals": sum(row["individuals"] for row in rows),
        "total": sum(row["total"] for row in rows),
    }


def _counts(row: dict) -> dict:
    return {"collectives": row["collectives"], "individuals": row["individuals"], "total": row["total"]}


def _predecessor_names(predecessors: tuple[Predecessor, ...]) -> str:
    """ "VKSND tỉnh A, VKSND tỉnh B (hợp nhất từ 01/7/2025)": the names in tree order, grouped by the day they
    were taken over, each group followed by its day when known."""
    groups: dict[datetime.date | None, list[str]] = {}
    for predecessor in predecessors:
        groups.setdefault(predecessor.since, []).append(str(predecessor))
    return "; ".join(
        ", ".join(names) + (f" (hợp nhất từ {formatting.short_date(since)})" if since else "")
        for since, names in groups.items()
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
    reach = full if lineage == Lineage.WITH_PREDECESSORS else unit_lineage.own_reach(unit, full=full)
    qs = statistics.awards_in_period(
        unit=unit, years=period["years"], decided_between=period["decided_between"], lineage=reach
    )

    tally = statistics.Tally(qs)  # one read of the awards for the tables by type, authority, subsets and year
    types = tally.by_type()
    authorities = tally.by_authority()
    totals = _with_total(types)
    subsets = tally.subsets()
    # The 6-month report counts its initiatives as its awards: by the date of the decision recognising them.
    initiatives = statistics.initiatives(
        unit=unit, years=period["years"], decided_between=period["decided_between"], lineage=reach
    )
    years, matrix_types, matrix = tally.by_year_and_type(period["years"])
    year_type_rows = [
        {"name": formatting.quotation_marks(award_type["name"]), "counts": [matrix[i][j] for i in range(len(years))]}
        for j, award_type in enumerate(matrix_types)
    ]
    for row in year_type_rows:
        row["total"] = sum(row["counts"])
    units = [  # a phòng with its parent's name: the predecessors' phòng bear the same names as the unit's own
        {
            "name": row["unit"].name_with_parent,
            "predecessor": row["predecessor"],
            "depth": row["depth"],
            **_counts(row),
        }
        for row in statistics.by_unit(qs, unit=unit, lineage=reach, period=period["dates"])
    ]
    indicators = statistics.indicators(qs)
    named = statistics.named_awards(qs)
    higher = [
        {
            **row,
            "award": formatting.quotation_marks(row["award"]),
            "decision_number": formatting.decision_number(row["decision_number"]),
            "decision_date": formatting.short_date(row["decision_date"]) if row["decision_date"] else "",
        }
        for row in statistics.higher_recipients(qs)
    ]
    movements = statistics.movements_in_period(
        unit=unit, start=period["dates"][0], end=period["dates"][1], lineage=reach
    )
    # The exemplars of the achievement years (the 6-month report: of its year), found by the units of the reach.
    exemplar_years = period["years"] or (year, year)
    found = emulation_selectors.exemplars_for_report(reach=reach, years=exemplar_years)

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
                "name": formatting.quotation_marks(row["name"]),
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
        "initiative_phrase": _initiative_phrase(period),
        # Part 2.4 as the offices write it (`reports.wording`): forms and titles apart, type by type (and issuer by
        # issuer for the other bodies) with their "trong đó"; the State's awards and the flags named.
        "clauses": tally.by_type_and_issuer(),
        "authority_groups": tally.by_category_and_authority(),
        "named": named,
        "flags": _flags_per_year(named),
        "indicators": indicators,
        "years": years,
        "year_type_rows": year_type_rows,
        "year_totals": [sum(line) for line in matrix],
        "per_year": tally.per_year(period["years"]),
        "units": units,
        "unit_totals": _with_total(units),
        "higher": higher,
        "exemplars": exemplars.figures(found, exemplar_years),
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def _flags_per_year(named: list[dict]) -> list[list]:
    """`[[year, [unit names]]]` of the flags among the named awards, years ascending (`statistics.flags_per_year`
    without its query)."""
    years: dict[int, list[str]] = {}
    for row in sorted(named, key=lambda row: row["year"]):  # stable: in report order and tree order within a year
        if row["code"] in statistics.FLAG_CODES:
            years.setdefault(row["year"], []).append(row["name"])
    return [[year, names] for year, names in years.items()]


def _initiative_phrase(period: dict) -> str:
    """When the counted initiatives were recognised, as the report says it: "năm 2024", "từ năm 2020 đến năm
    2024", or the 6-month window ("từ ngày 01/12/2024 đến ngày 31/5/2025")."""
    if period["decided_between"] is not None:
        start, end = period["decided_between"]
        return f"từ ngày {formatting.short_date(start)} đến ngày {formatting.short_date(end)}"
    first, last = period["years"]
    return f"năm {first}" if first == last else f"từ năm {first} đến năm {last}"


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


def _groups(rows: list[dict], *, labelled: bool) -> list[dict]:
    """Rows of a table (by type, by authority) with their sums: as one group, or by category (the titles, then the
    forms), each with its numeral and label, so that titles are not counted with forms."""
    if not labelled:
        return [{"numeral": "", "label": "", "rows": rows, **_with_total(rows)}] if rows else []
    groups = []
    for category in Category:
        # A type's name as printed: Kỷ niệm chương “Vì sự nghiệp Kiểm sát” in curly quotation marks.
        members = [
            {**row, "name": formatting.quotation_marks(row["name"])} for row in rows if row.get("category") == category
        ]
        if members:
            groups.append({"category": category.value, "label": str(category.label), "rows": members})
    return [
        {"numeral": ("I", "II")[index], **group, **_with_total(group["rows"])} for index, group in enumerate(groups)
    ]


def awards_wording(figures: dict) -> dict:
    """The part 2.4 of the report from its figures (`reports.wording`): the forms paragraph, the titles paragraph,
    the flag list (lines), the tables by type and by authority each in two groups, titles and forms. Figures frozen
    before the forms and titles were stated apart have no `clauses`, `named`, `authority_groups`: their paragraphs
    are written from the types (without the issuers and the names) and their tables are not split."""
    rows = figures.get("clauses") or [{"authority": "", **row} for row in figures["types"]]
    named = figures.get("named", [])
    unit_code = figures["unit"]["code"]
    types = figures["types"]
    if "authority_groups" in figures:
        authority_groups = [
            {"numeral": ("I", "II")[index], **group} for index, group in enumerate(figures["authority_groups"])
        ]
    else:
        authority_groups = _groups(figures["authorities"], labelled=False)
    return {
        "forms_text": wording.forms_paragraph(
            rows=rows,
            named=named,
            unit_name=figures["unit"]["name"],
            unit_code=unit_code,
            period_phrase=figures["period_phrase"],
        ),
        "titles_text": wording.titles_paragraph(rows=rows, named=named, unit_code=unit_code),
        "flag_lines": (
            wording.flag_lines(rows=rows, named=named)
            if "named" in figures
            else wording.flag_lines_by_year(figures.get("flags", []))
        ),
        "type_groups": _groups(types, labelled=all(row.get("category") for row in types)),
        "authority_groups": authority_groups,
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
    higher = figures["higher"]
    per_year = figures["per_year"]
    signature = {**default_signature(unit), **{key: value for key, value in (signature or {}).items() if value}}
    return {
        **header_context(unit, doc_number=number or "…/BC-…", day=day),
        **figures,
        **signature,
        "unit_name": figures["unit"]["name"],
        # Figures frozen before exemplars were recorded have none: the section is left out.
        **exemplars.section(
            figures.get("exemplars"), unit_name=figures["unit"]["name"], period_phrase=figures["period_phrase"]
        ),
        "narrative": {field: text for field, text in (narrative or {}).items() if text and text.strip()},
        "placeholder": WRITER_PLACEHOLDER,
        **awards_wording(figures),
        "initiatives_text": "; ".join(
            f"{formatting.count2(initiatives[level.value])} sáng kiến {str(level.label).lower()}"
            for level in (InitiativeLevel.NATIONAL, InitiativeLevel.SECTOR, InitiativeLevel.GRASSROOTS)
            if initiatives[level.value]
        ),
        "initiative_total": initiatives["total"],
        "structure_text": wording.structure_sentence(indicators),
        "remote_text": wording.remote_sentence(indicators),
        "lineage_statement": figures.get("lineage", {}).get("statement", ""),
        "appendix": appendices(figures),
        "initiative_phrase": figures.get("initiative_phrase") or _years_phrase(figures.get("initiative_years")),
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


INTERNAL_TEMPLATE = "pdf/report_internal.html"


def internal_context(figures: dict, *, unit: Unit, title: str, number: str = "") -> dict:
    """What `templates/pdf/report_internal.html` shows: the internal checks of the report (`internal_checks`) under
    the unit's name, with the day the figures were computed, for the leaders and the clerk; never part of the
    report sent upward."""
    header = header_context(unit)
    computed = figures.get("computed_at")
    return {
        **internal_checks(figures),
        "parent_body": header["parent_body"],
        "issuing_body": header["issuing_body"],
        "report_title": title,
        "report_number": number,
        "subject": figures.get("subject", title),
        "period_phrase": figures.get("period_phrase", ""),
        "computed_on": formatting.short_date(datetime.datetime.fromisoformat(computed).date()) if computed else "",
        "rotating_min_years": statistics.ROTATING_MIN_YEARS,
        "rotating_max_people": statistics.ROTATING_MAX_PEOPLE,
    }


def _years_phrase(years: list[int] | None) -> str:
    """The initiatives' years of figures frozen before they carried their phrase."""
    if not years:
        return ""
    return f"năm {years[0]}" if years[0] == years[-1] else f"từ năm {years[0]} đến năm {years[-1]}"


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
