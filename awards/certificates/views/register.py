"""The register of the certificates printed (sổ theo dõi cấp phát): the page by unit and year, and its .xlsx."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from awards.certificates import printing, selectors
from awards.certificates.forms import RegisterFilterForm
from awards.certificates.models import Certificate
from units.common import spreadsheets
from units.common.formatting import short_date
from units.common.paging import offset_page, query_without_page
from units.common.text import display_name
from units.common.views import require_perm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter(request) -> tuple[RegisterFilterForm, dict]:
    form = RegisterFilterForm(request.GET or None, user=request.user, years=selectors.register_years(user=request.user))
    return form, form.filters()


@login_required
@require_GET
def register_list(request):
    require_perm(request.user, "awards.view_certificate_register")
    form, filters = _filter(request)
    rows = selectors.certificate_register(user=request.user, **filters)
    page = offset_page(request, rows)
    context = {
        "form": form,
        "page": page,
        "entries": [_entry(request.user, certificate) for certificate in page],
        "query_string": query_without_page(request),
    }
    return render(request, "awards/certificates/register_list.html", context)


def _entry(user, certificate: Certificate) -> dict:
    award = certificate.award
    values = printing.award_values(award)
    replacement = selectors.replacement_of(certificate)
    return {
        "certificate": certificate,
        "award": award,
        "unit": values["recipient_unit"],
        "replaced_by": replacement,
        "can_reprint": replacement is None and user.has_perm("awards.reprint_certificate", certificate),
    }


HEADERS = (
    _lazy("TT"),
    _lazy("Số vào sổ"),
    _lazy("Năm"),
    _lazy("Ngày in"),
    _lazy("Họ và tên cá nhân, tên tập thể"),
    _lazy("Chức vụ"),
    _lazy("Đơn vị"),
    _lazy("Danh hiệu, hình thức"),
    _lazy("Số quyết định"),
    _lazy("Ngày quyết định"),
    _lazy("Mẫu phôi"),
    _lazy("Cấp lại thay cho số"),
    _lazy("Lý do cấp lại"),
    _lazy("Người in"),
    _lazy("Đơn vị giữ sổ"),
)


@login_required
@require_GET
def register_export(request):
    """The register as the clerk keeps it on paper: a title, then one row per certificate with Vietnamese headers."""
    require_perm(request.user, "awards.view_certificate_register")
    _form, filters = _filter(request)
    certificates = selectors.certificate_register(user=request.user, **filters).order_by(
        "register_unit__sort_key", "year", "number"
    )
    book = Workbook()
    sheet = book.active
    sheet.title = spreadsheets.sheet_title(_("Sổ cấp phát"))
    sheet.append([_("SỔ THEO DÕI CẤP PHÁT GIẤY KHEN, BẰNG KHEN")])
    sheet["A1"].font = Font(bold=True, size=13)
    described = [filters["unit"].name if filters["unit"] else _("Các đơn vị trong phạm vi")]
    described.append(_("Năm %(year)s") % {"year": filters["year"]} if filters["year"] else _("Tất cả các năm"))
    sheet.append([" — ".join(described)])
    sheet.append([])
    sheet.append([str(header) for header in HEADERS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, certificate in enumerate(certificates, 1):
        award = certificate.award
        values = printing.award_values(award)
        replaced = certificate.replaces
        spreadsheets.write_row(
            sheet,
            [
                index,
                certificate.number,
                certificate.year,
                short_date(timezone.localdate(certificate.created_at)),
                values["recipient_name"],
                values["recipient_title"],
                values["recipient_unit"],
                award.award_type.name,
                award.decision.number,
                short_date(award.decision.date),
                certificate.layout.name,
                f"{replaced.number}/{replaced.year}" if replaced else "",
                certificate.reason,
                display_name(certificate.created_by) if certificate.created_by else "",
                certificate.register_unit.name,
            ],
        )
    for column, width in zip("ABCDEFGHIJKLMNO", (5, 9, 7, 11, 28, 22, 36, 22, 18, 12, 24, 12, 28, 20, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    year = filters["year"] or "tat-ca"
    response["Content-Disposition"] = content_disposition_header(True, f"so-cap-phat-{year}.xlsx")
    return response
