"""The printed summary reports (báo cáo sơ kết 6 tháng, tổng kết năm, tổng kết 5 năm) of a unit and its subtree,
in the administrative format of Nghị định 30/2020/NĐ-CP (spec reports.md).

`report_context` computes every figure from the records with `reports.statistics` (never typed by hand); the
narrative parts (I.1 text, I.2.1–2.3, II, III) are placeholders marked for the writer. `report_pdf` renders it.
"""

import datetime

from awards.documents import head_name, head_title, header_context
from emulation.enums import InitiativeLevel
from reports import formatting, pdf, statistics
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


def _period(*, kind: str, start: int | None, end: int | None, year: int | None) -> dict:
    """Subject line, wording and windows of the period of a report."""
    if kind == FIVE_YEAR:
        span = end - start + 1
        return {
            "subject": (
                f"Tổng kết phong trào thi đua và công tác khen thưởng {span} năm (Từ năm {start} đến năm {end})"
            ),
            "period_phrase": f"{formatting.count2(span)} năm (từ năm {start} đến năm {end})",
            "years": (start, end),
            "decided_between": None,
            "dates": (datetime.date(start, 1, 1), datetime.date(end, 12, 31)),
            "part3_title": "Phương hướng, nhiệm vụ phong trào thi đua trong thời gian tới",
        }
    if kind == ANNUAL:
        return {
            "subject": f"Tổng kết công tác thi đua, khen thưởng năm {year} và phương hướng, nhiệm vụ năm {year + 1}",
            "period_phrase": f"năm {year}",
            "years": (year, year),
            "decided_between": None,
            "dates": (datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
            "part3_title": f"Phương hướng, nhiệm vụ năm {year + 1}",
        }
    window = statistics.half_year_window(year=year)
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


def _with_total(rows: list[dict]) -> dict:
    return {
        "collectives": sum(row["collectives"] for row in rows),
        "individuals": sum(row["individuals"] for row in rows),
        "total": sum(row["total"] for row in rows),
    }


def report_context(
    *, kind: str, unit: Unit, start: int | None = None, end: int | None = None, year: int | None = None
) -> dict:
    """Everything the report template shows; raises ValueError for an incomplete or wrong period."""
    check_period(kind=kind, start=start, end=end, year=year)
    period = _period(kind=kind, start=start, end=end, year=year)
    qs = statistics.awards_in_period(unit=unit, years=period["years"], decided_between=period["decided_between"])

    types = statistics.by_type(qs)
    authorities = statistics.by_authority(qs)
    totals = _with_total(types)
    subsets = statistics.subsets(qs)
    # The 6-month report counts by decision date; its initiatives are those of the achievement year.
    initiative_years = period["years"] or (year, year)
    initiatives = statistics.initiatives(unit=unit, years=initiative_years)
    years, matrix_types, matrix = statistics.by_year_and_type(qs, years=period["years"])
    year_type_rows = [
        {"name": award_type["name"], "counts": [matrix[i][j] for i in range(len(years))]}
        for j, award_type in enumerate(matrix_types)
    ]
    for row in year_type_rows:
        row["total"] = sum(row["counts"])
    year_totals = [sum(line) for line in matrix]
    units = statistics.by_unit(qs, unit=unit)
    indicators = statistics.indicators(qs)

    return {
        **header_context(unit, doc_number="…/BC-…"),
        "kind": kind,
        "unit": unit,
        "subject": period["subject"],
        "period_phrase": period["period_phrase"],
        "part3_title": period["part3_title"],
        "placeholder": WRITER_PLACEHOLDER,
        "movements": statistics.movements_in_period(unit=unit, start=period["dates"][0], end=period["dates"][1]),
        "totals": totals,
        "totals_text": _luot(totals["collectives"], totals["individuals"]),
        "types": types,
        "authorities": authorities,
        "authority_totals": _with_total(authorities),
        "thematic_text": _luot(subsets["thematic"]["collectives"], subsets["thematic"]["individuals"]),
        "ad_hoc_text": _luot(subsets["ad_hoc"]["collectives"], subsets["ad_hoc"]["individuals"]),
        "subsets": subsets,
        "initiatives_text": "; ".join(
            f"{formatting.count2(initiatives[level.value])} sáng kiến {str(level.label).lower()}"
            for level in (InitiativeLevel.NATIONAL, InitiativeLevel.SECTOR, InitiativeLevel.GRASSROOTS)
            if initiatives[level.value]
        ),
        "initiative_total": initiatives["total"],
        "initiative_years": initiative_years,
        "flags": sorted(statistics.flags_per_year(qs).items()),
        "indicators": indicators,
        "staff_percent": formatting.percent(indicators["staff"]["count"], indicators["individuals"]),
        "manager_percent": formatting.percent(indicators["managers"]["count"], indicators["individuals"]),
        "years": years,
        "year_type_rows": year_type_rows,
        "year_totals": year_totals,
        "units": units,
        "unit_totals": _with_total(units),
        "higher": statistics.higher_recipients(qs),
        "recipients": [*([f"{unit.parent.name} (để báo cáo)"] if unit.parent_id else []), "Lãnh đạo đơn vị", "Lưu: VT"],
        "sign_authority": "",
        "sign_position": head_title(unit),
        "signer_name": head_name(unit),
    }


def report_pdf(
    *, kind: str, unit: Unit, start: int | None = None, end: int | None = None, year: int | None = None
) -> bytes:
    return pdf.render_pdf("pdf/report.html", report_context(kind=kind, unit=unit, start=start, end=end, year=year))
