"""The layouts of the blanks (mẫu in phôi): the list, a layout with its preview, create and edit with its fields, the
scan of the blank (served through the permission check), the proof of the layout with sample data and the printer's
test sheet on its page size."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.certificates import printing, selectors, services
from awards.certificates.forms import LayoutFieldFormSet, LayoutForm
from awards.certificates.models import CertificateLayout
from units.common.files import serve_file
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404, require_perm
from units.selectors import object_history
from units.services import UNCHECKED


def _layout(request, pk: int) -> CertificateLayout:
    layout = get_visible_or_404(selectors.layout_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.view_certificate_layout", layout)
    return layout


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser's viewer (to print at 100 %), never kept in a cache."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def printer_from(request):
    """The user's printer named by `?printer=` (None when absent); another user's is not found (404)."""
    pk = request.GET.get("printer") or request.POST.get("printer")
    if not pk:
        return None
    try:
        return selectors.printer_get(user=request.user, pk=int(pk))
    except (ValueError, selectors.PrinterCalibration.DoesNotExist) as exc:
        raise Http404 from exc


@login_required
@require_GET
def layout_list(request):
    require_perm(request.user, "awards.print_certificates")
    layouts = list(selectors.layout_list(user=request.user))
    rows = [{"layout": layout, "can_change": request.user.has_perm("awards.change_certificate_layout", layout)}
            for layout in layouts]  # fmt: skip
    return render(request, "awards/certificates/layout_list.html", {"rows": rows})


@login_required
@require_GET
def layout_detail(request, pk: int):
    layout = _layout(request, pk)
    fields = selectors.layout_fields(layout=layout)
    context = {
        "layout": layout,
        "fields": fields,
        "preview": printing.preview(layout, fields, printing.SAMPLE_VALUES),
        "can_change": request.user.has_perm("awards.change_certificate_layout", layout),
        "printers": list(selectors.printers_of(user=request.user)),
        "history": object_history(obj=layout),
    }
    return render(request, "awards/certificates/layout_detail.html", context)


def _save(request, form, formset):
    """Validate and save a layout with its fields; the layout saved, or None with the errors on the forms."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    layout = form.save(commit=False)
    # The unit picker offers only the clerk's units; a shared layout (no unit) is the administrators'.
    if not request.user.has_perm("awards.change_certificate_layout", layout):
        form.add_error("issuing_unit", _("Bạn chỉ lập mẫu cho đơn vị trong phạm vi của mình."))
        return None
    kept, removed = formset.kept_and_removed()
    try:
        with transaction.atomic():
            return services.layout_save(
                layout=layout,
                fields=kept,
                removed=removed,
                by=request.user,
                expected_version=form.cleaned_data["version"] if layout.pk else UNCHECKED,
            )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _page(form) -> tuple | None:
    data = form.data
    try:
        return float(data.get("page_width_mm")), float(data.get("page_height_mm"))
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def layout_create(request):
    require_perm(request.user, "awards.print_certificates")
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = LayoutForm(data, files, user=request.user, instance=CertificateLayout())
    formset = LayoutFieldFormSet(data, instance=form.instance, prefix="fields", page=_page(form) if data else None)
    if request.method == "POST":
        layout = _save(request, form, formset)
        if layout is not None:
            messages.success(request, _("Đã lập mẫu in “%(name)s”.") % {"name": layout.name})
            return redirect("awards:certificate-layout-detail", pk=layout.pk)
    return render(request, "awards/certificates/layout_form.html", {"form": form, "formset": formset, "layout": None})


@login_required
@require_http_methods(["GET", "POST"])
def layout_update(request, pk: int):
    layout = _layout(request, pk)
    require_perm(request.user, "awards.change_certificate_layout", layout)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = LayoutForm(data, files, user=request.user, instance=layout)
    formset = LayoutFieldFormSet(data, instance=layout, prefix="fields", page=_page(form) if data else None)
    if request.method == "POST":
        saved = _save(request, form, formset)
        if saved is not None:
            messages.success(request, _("Đã lưu mẫu in “%(name)s”.") % {"name": saved.name})
            return redirect("awards:certificate-layout-detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "layout": layout}
    return render(request, "awards/certificates/layout_form.html", context)


@login_required
@require_GET
def layout_background(request, pk: int):
    """The scan of the blank, for the preview: through the permission check, never a public media URL."""
    layout = _layout(request, pk)
    if not layout.background:
        raise Http404
    return serve_file(request, layout.background, filename=PurePath(layout.background.name).name, as_attachment=False)


@login_required
@require_GET
def layout_proof(request, pk: int):
    """The layout printed on plain paper with sample data and the blank's outline."""
    layout = _layout(request, pk)
    printer = printer_from(request)
    fields = selectors.layout_fields(layout=layout)
    entries = [(_("dữ liệu mẫu"), printing.SAMPLE_VALUES)]
    content = printing.render_proof(layout, fields, entries, calibration=printing.Calibration.of(printer))
    return pdf_response(content, f"ban-in-thu-mau-{layout.pk}.pdf")


@login_required
@require_GET
def test_sheet(request, pk: int):
    """The printer's test sheet on the layout's page size, with the printer's calibration when one is named."""
    layout = _layout(request, pk)
    printer = printer_from(request)
    content = printing.render_test_sheet(
        layout, printing.Calibration.of(printer), printer_name=printer.name if printer else ""
    )
    return pdf_response(content, f"to-thu-can-chinh-{layout.pk}.pdf")
