"""The shape of a statistics form (`StatisticsForm`: its lines, columns, header and numbering) and its period."""

import dataclasses
import datetime

from awards.catalogue import calendar as cal
from units.common import formatting
from units.models import Unit

MINISTRY = "Bộ Nội vụ"


@dataclasses.dataclass
class Line:
    """A line of a form: its label, code (mã số) and unit of measure; `key` names what it counts (None: a heading
    without figures); `values` are its total then one figure per column of the form."""

    label: str
    code: str = ""
    measure: str = ""
    key: str | None = None
    style: str = "item"  # total, heading, item, sub (the "+" and "Trong đó" lines)
    values: list[int] = dataclasses.field(default_factory=list)

    @property
    def total(self) -> int | None:
        return self.values[0] if self.values else None


@dataclasses.dataclass(frozen=True)
class Column:
    """A figure column: `slot` the header group it sits under, `name` the form (award type) it counts when the group
    lists forms one by one, `subject` Tập thể / Cá nhân (empty when the column takes both), `types` the award types
    it counts and `kind` the recipient kind it keeps (None: both)."""

    slot: str
    name: str = ""
    subject: str = ""
    types: frozenset[int] = frozenset()
    kind: str | None = None


@dataclasses.dataclass(frozen=True)
class HeaderCell:
    """A cell of the table's header: row and column from the table's top-left corner (0-based), with its spans."""

    row: int
    column: int
    text: str
    rows: int = 1
    columns: int = 1


@dataclasses.dataclass
class StatisticsForm:
    code: str  # "0602"
    number: str  # "0602.N/BNV-TĐKT"
    title: str
    unit: Unit
    year: int
    start: datetime.date
    end: datetime.date
    receiver: str
    columns: list[Column]
    header: list[HeaderCell]
    header_rows: int
    numbering: list[HeaderCell]
    lines: list[Line]
    measure_note: str = ""
    has_measure_column: bool = True
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def left_columns(self) -> int:
        """Columns before the figures: the label (A), the code (B) and, in the award forms, the unit (C)."""
        return 3 if self.has_measure_column else 2

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)

    def value(self, key: str, column: int | None = None) -> int:
        """A figure: the line's total, or its figure in `column` (0-based among the figure columns)."""
        values = self.line(key).values
        return values[0] if column is None else values[1 + column]

    @property
    def filename(self) -> str:
        return f"bieu-{self.code}-{self.unit.code}-{self.year}.xlsx"


def period_of(year: int) -> tuple[datetime.date, datetime.date]:
    """The statistics year N: 01/12 of N-1 to 30/11 of N (the sector's work year, due to the ministry on 15/12)."""
    return cal.work_year_window(year)


def default_year(today: datetime.date | None = None) -> int:
    """The year a form is made for: the year under review (in December, the year whose forms are due on 15/12)."""
    return cal.default_year_for_annual_report(today)


def receiver_of(unit: Unit) -> str:
    """Who receives the unit's forms: the unit above it in the sector, the ministry for the top of the tree."""
    return unit.parent.name if unit.parent_id else MINISTRY


def period_note(start: datetime.date, end: datetime.date) -> str:
    return f"(Số liệu từ ngày {formatting.short_date(start)} đến ngày {formatting.short_date(end)})"
