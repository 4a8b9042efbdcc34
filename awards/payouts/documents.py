"""The printed payout list of a decision (DANH SÁCH CHI TIỀN THƯỞNG kèm theo quyết định) as PDF and .xlsx, and the
reward fund's report as .xlsx. Context builders read the records; the renderers return bytes."""

import dataclasses
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from awards.catalogue.enums import Category, IssuerKind
from awards.payouts.bonus import amount_in_words
from awards.payouts.models import Payout, RewardFund
from awards.payouts.rules import paying_unit
from awards.payouts.selectors import FundFigures
from awards.register.models import Decision
from units.common import formatting, pdf
from units.common.spreadsheets import sheet_title, write_row
from units.common.text import display_name
from units.letterhead import head_name, head_title, header_context
from units.models import Unit

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
MONEY_FORMAT = "#,##0"


def multiplier_text(value: Decimal) -> str:
    """1.50 → "1,5"; 12.00 → "12" (Vietnamese decimal comma)."""
    return formatting.number(Decimal(value).normalize()) if value else "0"


def issuer_phrase(decision: Decision) -> str:
    """Who signed the decision, as the line "(Kèm theo Quyết định … của …)" names him: the head of the issuing
    unit ("Viện trưởng Viện kiểm sát nhân dân thành phố Huế"), of a procuracy outside the tree, or the body."""
    if decision.issuing_unit_id:
        unit = decision.issuing_unit
        return f"{head_title(unit)} {unit.name}"
    body = decision.issuing_body
    if body is None:
        return ""
    return f"Viện trưởng {body.name}" if body.kind == IssuerKind.PROCURACY else body.name


def attached_line(decision: Decision) -> str:
    number = formatting.decision_number(decision.number)
    day = formatting.date_line(decision.date).lower()
    return f"(Kèm theo Quyết định số {number} {day} của {issuer_phrase(decision)})"


@dataclasses.dataclass
class ListRow:
    number: int
    name: str
    unit: str
    award: str
    multiplier: str
    amount: int
    payout: Payout


@dataclasses.dataclass
class ListGroup:
    heading: str
    rows: list[ListRow] = dataclasses.field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)


def _award_name(award) -> str:
    award_type = award.award_type
    return f"Danh hiệu {award_type.name}" if award_type.category == Category.TITLE else award_type.name


def _row(payout: Payout, number: int) -> ListRow:
    award = payout.award
    if award.person_id:
        name, unit = award.person.full_name, award.unit_at_time.name_with_parent
    else:
        collective = award.unit
        name = collective.name
        unit = collective.parent.name_with_parent if collective.parent_id else ""
    return ListRow(number, name, unit, award.award_type.name, multiplier_text(payout.multiplier), payout.amount, payout)


def list_groups(payouts: list[Payout]) -> list[ListGroup]:
    """The rows by award type in report order, numbered through the list; a heading per type."""
    groups: dict[int, ListGroup] = {}
    for payout in sorted(payouts, key=lambda p: (p.award.award_type.report_order, p.award.award_type.code)):
        award = payout.award
        group = groups.setdefault(award.award_type_id, ListGroup(heading=_award_name(award)))
        group.rows.append(_row(payout, 0))
    number = 0
    result = list(groups.values())
    for index, group in enumerate(result):
        group.heading = f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {group.heading}"
        for row in group.rows:
            number += 1
            row.number = number
    return result


def list_unit(decision: Decision, payouts: list[Payout]) -> Unit | None:
    """The unit that draws up the list: the decision's issuing unit, or for a body's decision the unit of the fund
    that pays it (else the paying unit of its first recipient)."""
    if decision.issuing_unit_id:
        return decision.issuing_unit
    for payout in payouts:
        if payout.fund_id:
            return payout.fund.unit
    return paying_unit(payouts[0].award) if payouts else None


def payout_list_context(*, decision: Decision, payouts: list[Payout], left_out: int, by=None) -> dict:
    """The DANH SÁCH CHI of `payouts` (prepared, paid by the unit, with an amount), dated the day it was prepared.
    `left_out` counts the recipients of the decision the list does not carry (paid by another body, or only their
    higher award paid)."""
    unit = list_unit(decision, payouts)
    groups = list_groups(payouts)
    total = sum(group.total for group in groups)
    first = min(payouts, key=lambda payout: payout.created_at) if payouts else None
    preparer = first.created_by if first is not None and first.created_by_id else by
    prepared_on = timezone.localtime(first.created_at).date() if first is not None else None
    header = header_context(unit, day=prepared_on) if unit is not None else {"issuing_body": decision.issuer_name}
    return {
        **header,
        "doc_number": "",
        "decision": decision,
        "attached_line": attached_line(decision),
        "groups": groups,
        "multiple_groups": len(groups) > 1,
        "total": total,
        "total_words": amount_in_words(total),
        "count": sum(len(group.rows) for group in groups),
        "left_out": left_out,
        "preparer": display_name(preparer) if preparer else "",
        "head_name": head_name(unit) if unit is not None else "",
    }


LIST_TEMPLATE = "pdf/payout_list.html"


def payout_list_pdf(**kwargs) -> bytes:
    return pdf.render_pdf(LIST_TEMPLATE, payout_list_context(**kwargs))


# -- spreadsheets ---------------------------------------------------------------------------------------------------


def _bold_row(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _book_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def payout_list_xlsx(*, decision: Decision, payouts: list[Payout], left_out: int) -> bytes:
    """The same list for the finance office's spreadsheet: Vietnamese headers, amounts as numbers, a total row and
    the total in words."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Danh sách chi tiền thưởng"))
    write_row(sheet, [_("DANH SÁCH CHI TIỀN THƯỞNG")])
    write_row(sheet, [attached_line(decision)])
    sheet.append([])
    header = [
        _("TT"),
        _("Họ và tên / Tập thể"),
        _("Đơn vị"),
        _("Danh hiệu, hình thức"),
        _("Hệ số"),
        _("Mức lương cơ sở (đồng)"),
        _("Số tiền (đồng)"),
        _("Ngày chi"),
        _("Số chứng từ"),
        _("Ghi chú"),
    ]
    write_row(sheet, header)
    _bold_row(sheet, 4)
    for group in list_groups(payouts):
        for row in group.rows:
            payout = row.payout
            write_row(
                sheet,
                [
                    row.number,
                    row.name,
                    row.unit,
                    row.award,
                    float(payout.multiplier),
                    payout.base_salary,
                    payout.amount,
                    payout.paid_on.strftime("%d/%m/%Y") if payout.paid_on else "",
                    payout.voucher,
                    payout.note,
                ],
            )
    total = sum(payout.amount for payout in payouts)
    write_row(sheet, ["", _("Tổng cộng"), "", "", "", "", total])
    _bold_row(sheet, sheet.max_row)
    write_row(sheet, ["", _("Bằng chữ: %(words)s.") % {"words": amount_in_words(total)}])
    if left_out:
        write_row(
            sheet,
            [
                "",
                _("Không gồm %(count)s trường hợp do cơ quan khác chi trả hoặc chỉ nhận mức thưởng cao nhất.")
                % {"count": left_out},
            ],
        )
    for row in sheet.iter_rows(min_row=5, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = MONEY_FORMAT
    for column, width in zip("ABCDEFGHIJ", (6, 30, 40, 36, 8, 16, 16, 12, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column_letter in "BCDJ")
    return _book_bytes(book)


def fund_xlsx(*, fund: RewardFund, figures: FundFigures) -> bytes:
    """The fund's report: a summary (sources, paid, prepared, left), its sources, what was paid by award type and
    by month, and the decisions charged to it."""
    book = Workbook()
    summary = book.active
    summary.title = sheet_title(_("Tổng hợp"))
    write_row(summary, [_("Quỹ thi đua, khen thưởng năm %(year)s – %(unit)s") % {"year": fund.year, "unit": fund.unit}])
    summary.append([])
    write_row(summary, [_("Nội dung"), _("Số tiền (đồng)")])
    _bold_row(summary, 3)
    for label, value in (
        (_("Tổng nguồn quỹ"), fund.total),
        (_("Đã chi"), fund.paid),
        (_("Đã lập danh sách, chưa chi"), fund.committed),
        (_("Còn lại"), fund.total - fund.paid),
    ):
        write_row(summary, [label, value])
    write_row(summary, [_("Còn lại bằng chữ"), amount_in_words(max(fund.total - fund.paid, 0))])

    sources = book.create_sheet(sheet_title(_("Nguồn quỹ")))
    write_row(sources, [_("TT"), _("Nguồn"), _("Ngày"), _("Số tiền (đồng)"), _("Ghi chú")])
    _bold_row(sources, 1)
    for number, source in enumerate(figures.sources, start=1):
        day = source.received_on.strftime("%d/%m/%Y") if source.received_on else ""
        write_row(sources, [number, source.name, day, source.amount, source.note])
    write_row(sources, ["", _("Tổng cộng"), "", fund.total, ""])
    _bold_row(sources, sources.max_row)

    by_type = book.create_sheet(sheet_title(_("Theo danh hiệu, hình thức")))
    write_row(by_type, [_("TT"), _("Danh hiệu, hình thức"), _("Số lượt"), _("Số tiền (đồng)")])
    _bold_row(by_type, 1)
    for number, row in enumerate(figures.by_type, start=1):
        write_row(by_type, [number, row["name"], row["count"], row["amount"]])
    write_row(by_type, ["", _("Tổng cộng"), sum(r["count"] for r in figures.by_type), fund.paid])
    _bold_row(by_type, by_type.max_row)

    by_month = book.create_sheet(sheet_title(_("Theo tháng")))
    write_row(by_month, [_("Tháng"), _("Số lượt"), _("Số tiền (đồng)")])
    _bold_row(by_month, 1)
    for row in figures.by_month:
        write_row(by_month, [f"{row['month']:02d}/{fund.year}", row["count"], row["amount"]])
    write_row(by_month, [_("Cả năm"), sum(r["count"] for r in figures.by_month), fund.paid])
    _bold_row(by_month, by_month.max_row)

    decisions = book.create_sheet(sheet_title(_("Theo quyết định")))
    write_row(
        decisions,
        [
            _("Số quyết định"),
            _("Ngày ký"),
            _("Cơ quan ban hành"),
            _("Số người"),
            _("Đã chi (đồng)"),
            _("Chưa chi (đồng)"),
        ],
    )
    _bold_row(decisions, 1)
    for row in figures.decisions:
        decision = row["decision"]
        write_row(
            decisions,
            [
                decision.number,
                decision.date.strftime("%d/%m/%Y"),
                decision.issuer_name,
                row["count"],
                row["paid"],
                row["committed"],
            ],
        )
    for sheet, widths in (
        (summary, (36, 40)),
        (sources, (6, 48, 12, 18, 36)),
        (by_type, (6, 48, 10, 18)),
        (by_month, (12, 10, 18)),
        (decisions, (18, 12, 44, 10, 18, 18)),
    ):
        for index, width in enumerate(widths):
            sheet.column_dimensions["ABCDEF"[index]].width = width
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int) and cell.value >= 1000:
                    cell.number_format = MONEY_FORMAT
    return _book_bytes(book)
