"""The user's printers (máy in) and their calibration: the list, add, edit (typed, or worked out from the test
sheet's crosshairs as measured), delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.certificates import selectors, services
from awards.certificates.forms import PrinterForm
from awards.certificates.models import PrinterCalibration
from awards.certificates.printing import crosshairs_fixed
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404, require_perm

PRINTER_DUPLICATE = _("Bạn đã có máy in cùng tên.")


def _decimal(value) -> str:
    """-1.5 → "-1,5" (the Vietnamese decimal comma, every digit kept)."""
    return str(value).replace(".", ",")


def _printer(request, pk: int) -> PrinterCalibration:
    printer = get_visible_or_404(selectors.printer_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_printer", printer)
    return printer


def _context(request, form, printer) -> dict:
    return {
        "form": form,
        "printer": printer,
        "layouts": list(selectors.layout_list(user=request.user).filter(is_active=True)),
        "marks": crosshairs_fixed(),
    }


@login_required
@require_GET
def printer_list(request):
    require_perm(request.user, "awards.print_certificates")
    context = {
        "printers": list(selectors.printers_of(user=request.user)),
        "layouts": list(selectors.layout_list(user=request.user).filter(is_active=True)),
    }
    return render(request, "awards/certificates/printer_list.html", context)


def _save(request, form) -> PrinterCalibration | None:
    if not form.is_valid():
        return None
    printer = form.save(commit=False)
    try:
        return services.printer_save(printer=printer, by=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc, duplicate=PRINTER_DUPLICATE)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def printer_create(request):
    require_perm(request.user, "awards.print_certificates")
    form = PrinterForm(request.POST or None, instance=PrinterCalibration(user=request.user))
    if request.method == "POST" and (printer := _save(request, form)) is not None:
        messages.success(request, _("Đã thêm máy in “%(name)s”.") % {"name": printer.name})
        return redirect("awards:printer-update", pk=printer.pk)
    return render(request, "awards/certificates/printer_form.html", _context(request, form, None))


@login_required
@require_http_methods(["GET", "POST"])
def printer_update(request, pk: int):
    printer = _printer(request, pk)
    form = PrinterForm(request.POST or None, instance=printer)
    if request.method == "POST" and (saved := _save(request, form)) is not None:
        messages.success(
            request,
            _("Đã lưu căn chỉnh máy in “%(name)s”: dịch %(x)s mm ngang, %(y)s mm dọc; tỷ lệ %(sx)s × %(sy)s.")
            % {
                "name": saved.name,
                "x": _decimal(saved.offset_x_mm),
                "y": _decimal(saved.offset_y_mm),
                "sx": _decimal(saved.scale_x),
                "sy": _decimal(saved.scale_y),
            },
        )
        return redirect("awards:printer-update", pk=saved.pk)
    return render(request, "awards/certificates/printer_form.html", _context(request, form, printer))


@login_required
@require_POST
def printer_delete(request, pk: int):
    printer = _printer(request, pk)
    services.printer_delete(printer=printer, by=request.user)
    messages.success(request, _("Đã xóa máy in “%(name)s”.") % {"name": printer.name})
    return redirect("awards:printer-list")
