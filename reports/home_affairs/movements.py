"""Biểu 0601.N/BNV-TĐKT: the movements of a unit in the statistics year, by scope, duration, method and launching
level (see the package's docstring)."""

import datetime

from emulation.enums import MovementKind
from emulation.models import Movement
from reports import statistics
from reports.home_affairs.layout import Column, HeaderCell, Line, StatisticsForm
from units.common.text import fold
from units.enums import UnitLevel
from units.lineage import Reach
from units.models import Unit

CENTRAL, SECTOR, UNIT = "central", "sector", "unit"
# A launching document of the central level names one of these (folded): the Central council, the Government.
_CENTRAL_ISSUERS = (
    "hoi dong thi dua - khen thuong trung uong",
    "hoi dong thi dua khen thuong trung uong",
    "chinh phu",
    "thu tuong",
)
_GROUP_WORDS = ("cum thi dua", "khoi thi dua")


def _movement_scope(movement: Movement) -> tuple[str, str]:
    """(scope line key, launching level) of a movement, from its launching unit and document:

    - a document of the central level (its issuer or citation names the Central council, the Government or the
      Prime Minister): nationwide, launched by the central level;
    - launched by VKSND tối cao: the whole sector (the ministry-level scope), at the ministry level;
    - launched by a cluster or a bloc (its name or document names one): the cluster's scope, at the level of its
      launching unit;
    - otherwise the body's own (cơ quan, tổ chức, đơn vị), at that level.
    """
    issuer = fold(f"{movement.doc_issuer} {movement.document_text}")
    if any(word in issuer for word in _CENTRAL_ISSUERS):
        return "scope:national", CENTRAL
    level = SECTOR if movement.launching_unit.level == UnitLevel.SUPREME else UNIT
    if any(word in fold(f"{movement.name} {issuer}") for word in _GROUP_WORDS):
        return "scope:group", level
    return ("scope:sector", level) if level == SECTOR else ("scope:unit", level)


def _months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` inclusive, to the nearest month (10/01/2022–31/12/2025: 48)."""
    following = end + datetime.timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    return months + round((following.day - start.day) / 30)


def _duration_line(movement: Movement) -> str:
    """The duration line: under 1 year, 1 year, 1 to under 3, 3 to under 5, 5 years and more. A movement without
    an end date is a standing one (5 years and more)."""
    if movement.end_date is None:
        return "duration:5+"
    months = _months(movement.start_date, movement.end_date)
    if months < 12:
        return "duration:<1"
    if months == 12:
        return "duration:1"
    if months < 36:
        return "duration:1-3"
    if months < 60:
        return "duration:3-5"
    return "duration:5+"


def movement_form(*, unit: Unit, year: int, reach: Reach, start, end, receiver: str) -> StatisticsForm:
    movements = [
        row["movement"] for row in statistics.movements_in_period(unit=unit, start=start, end=end, lineage=reach)
    ]
    levels = (CENTRAL, SECTOR, UNIT)
    lines = [
        Line("Tổng số", "01", key="total", style="total"),
        Line("1. Chia theo phạm vi tổ chức thi đua", style="heading"),
        Line("- Toàn quốc", "02", key="scope:national"),
        Line("- Bộ, ban, ngành đoàn thể, địa phương", "03", key="scope:sector"),
        Line("- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", "04", key="scope:group"),
        Line("- Cơ quan, tổ chức, đơn vị", "05", key="scope:unit"),
        Line("2. Chia theo thời hạn thi đua", style="heading"),
        Line("- Dưới 1 năm", "06", key="duration:<1"),
        Line("- 1 năm", "07", key="duration:1"),
        Line("- Từ 1 năm đến dưới 3 năm", "08", key="duration:1-3"),
        Line("- Từ 3 năm đến dưới 5 năm", "09", key="duration:3-5"),
        Line("- Từ 5 năm trở lên", "10", key="duration:5+"),
        Line("3. Chia theo phương thức tổ chức phong trào thi đua", style="heading"),
        Line("- Thi đua theo chuyên đề", "11", key=f"method:{MovementKind.THEMATIC}"),
        Line("- Thi đua thường xuyên hằng năm", "12", key=f"method:{MovementKind.REGULAR}"),
    ]
    by_key = {line.key: line for line in lines if line.key}
    for line in by_key.values():
        line.values = [0] * (1 + len(levels))
    for movement in movements:
        scope, level = _movement_scope(movement)
        column = 1 + levels.index(level)
        for key in ("total", scope, _duration_line(movement), f"method:{movement.kind}"):
            by_key[key].values[0] += 1
            by_key[key].values[column] += 1
    header = [
        HeaderCell(0, 0, "", rows=2),
        HeaderCell(0, 1, "Mã số", rows=2),
        HeaderCell(0, 2, "Tổng số", rows=2),
        HeaderCell(0, 3, "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua", columns=3),
        HeaderCell(1, 3, "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"),
        HeaderCell(1, 4, "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
        HeaderCell(1, 5, "Cơ quan, tổ chức, đơn vị"),
    ]
    numbering = [HeaderCell(0, index, text) for index, text in enumerate(["A", "B", "1 = (2 + 3 + 4)", "2", "3", "4"])]
    return StatisticsForm(
        code="0601",
        number="0601.N/BNV-TĐKT",
        title="SỐ PHONG TRÀO THI ĐUA",
        unit=unit,
        year=year,
        start=start,
        end=end,
        receiver=receiver,
        columns=[Column(level) for level in levels],
        header=header,
        header_rows=2,
        numbering=numbering,
        lines=lines,
        measure_note="Đơn vị tính: Phong trào",
        has_measure_column=False,
        notes=[
            "Phong trào thi đua do đơn vị, đơn vị cấp trên hoặc đơn vị trực thuộc phát động, diễn ra trong kỳ báo cáo; "
            "phạm vi và cấp phát động theo đơn vị và văn bản phát động, thời hạn theo ngày bắt đầu và kết thúc "
            "(phong trào không có ngày kết thúc tính từ 5 năm trở lên)."
        ],
    )
