"""Pages of a group's pledge (giao ước thi đua): create and edit with its targets, detail, the signed scan,
and the printable "Giao ước thi đua" PDF (short: rendered in the request)."""

import re
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from emulation import selectors, services
from emulation.enums import GroupKind, MemberRole
from emulation.forms.pledges import PledgeForm, PledgeTargetFormSet, target_rows
from emulation.models import EmulationGroup, Pledge
from units.common import pdf
from units.common.docx import docx_response
from units.common.files import serve_file
from units.common.text import fold
from units.common.views import get_visible_or_404, require_perm
from units.enums import UnitLevel
from units.models import Unit

TARGETS_PREFIX = "targets"
SIGNERS_PER_ROW = 3
# The sector's law on emulation: the 2003 law (amended 2005, 2013) until the 2022 law took effect on 01/01/2024.
LAW_2022_FROM_YEAR = 2024


def _pledge(request, pk: int) -> Pledge:
    return get_visible_or_404(selectors.pledge_detail, user=request.user, pk=pk)


def _members(group: EmulationGroup):
    return Unit.objects.filter(pk__in=[m.unit_id for m in group.memberships.all()]).order_by("sort_key")


def _show_service_errors(form: PledgeForm, exc: ValidationError) -> list[str]:
    """Put the errors of services.pledge_save on the form; returns those about the targets (shown by the table)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return []
    target_errors = []
    for field, errors in exc.error_dict.items():
        texts = [text for error in errors for text in error]
        if field == "targets":
            target_errors.extend(texts)
        else:
            form.add_error(field if field in form.fields else None, texts)
    return target_errors


def _edit(request, group: EmulationGroup, pledge: Pledge, *, initial_targets: list[dict]):
    form = PledgeForm(request.POST or None, request.FILES or None, instance=pledge, members=_members(group))
    formset = PledgeTargetFormSet(request.POST or None, prefix=TARGETS_PREFIX, initial=initial_targets)
    target_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.pledge_save(
                pledge=form.save(commit=False),
                targets=target_rows(formset),
                signing_units=form.cleaned_data["signing_units"],
                by=request.user,
                expected_version=form.cleaned_data["version"] if pledge.pk else None,
            )
        except ValidationError as exc:
            target_errors = _show_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu giao ước thi đua năm %(year)s.") % {"year": group.year})
            return redirect("emulation:pledge-detail", pk=pledge.pk)
    context = {
        "form": form,
        "formset": formset,
        "target_errors": target_errors,
        "group": group,
        "pledge": pledge if pledge.pk else None,
        "copied_from": initial_targets and not pledge.pk,
    }
    return render(request, "emulation/pledge_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_create(request, pk: int):
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_group", group)
    # Last year's targets are the usual starting point: the clerk adjusts them rather than typing them again.
    previous = group.previous.pledges.order_by("-signed_on", "-id").first() if group.previous else None
    initial = list(previous.targets.order_by("order", "id").values("indicator", "target_value")) if previous else []
    return _edit(request, group, Pledge(group=group), initial_targets=initial)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_update(request, pk: int):
    pledge = _pledge(request, pk)
    require_perm(request.user, "emulation.change_group", pledge.group)
    initial = [
        {"indicator": t.indicator, "target_value": t.target_value, "result": t.result} for t in pledge.targets.all()
    ]
    return _edit(request, pledge.group, pledge, initial_targets=initial)


@login_required
@require_GET
def pledge_detail(request, pk: int):
    pledge = _pledge(request, pk)
    context = {
        "pledge": pledge,
        "group": pledge.group,
        "can_change": request.user.has_perm("emulation.change_group", pledge.group),
    }
    return render(request, "emulation/pledge_detail.html", context)


@login_required
@require_GET
def pledge_document(request, pk: int):
    """The signed scan, served through the permission check (never a public media URL)."""
    pledge = _pledge(request, pk)
    if not pledge.document:
        raise Http404
    return serve_file(request, pledge.document, filename=PurePath(pledge.document.name).name, as_attachment=False)


# -- the printed pledge --------------------------------------------------------------------------------------


def abbreviated_body(name: str) -> str:
    """The parent body as NĐ 30/2020 allows it abbreviated: "Viện kiểm sát nhân dân tỉnh X" → "Viện KSND tỉnh X"."""
    return re.sub(r"^Viện kiểm sát nhân dân", "Viện KSND", name, flags=re.IGNORECASE)


def signer_position(unit: Unit) -> str:
    """Who signs for a unit: its head's title."""
    if unit.level in (UnitLevel.SUPREME, UnitLevel.HIGH, UnitLevel.PROVINCIAL, UnitLevel.REGIONAL):
        return _("Viện trưởng")
    if unit.level == UnitLevel.DEPARTMENT:
        return _("Chánh Văn phòng") if fold(unit.name).startswith("van phong") else _("Trưởng phòng")
    return _("Thủ trưởng đơn vị")


def pledge_context(pledge: Pledge) -> dict:
    group = pledge.group
    head = next((m.unit for m in group.memberships.all() if m.role == MemberRole.HEAD), None)
    names = selectors.pledge_signers(pledge=pledge)
    signers = [
        {"unit": unit, "position": signer_position(unit), "name": names.get(unit.pk, "")}
        for unit in pledge.signing_units.all()
    ]
    rows = [signers[i : i + SIGNERS_PER_ROW] for i in range(0, len(signers), SIGNERS_PER_ROW)]
    kind = _("Khối") if group.kind == GroupKind.BLOC else _("Cụm")
    return {
        "pledge": pledge,
        "group": group,
        "kind_word": kind,
        "head": head,
        "targets": list(pledge.targets.all()),
        "signer_rows": rows,
        "copies": len(signers) + 1,
        "law_2022": group.year >= LAW_2022_FROM_YEAR,
        "parent_body": abbreviated_body(group.organiser.name),
        "issuing_body": group.name,
        "place": pledge.place,
        "doc_date": pledge.signed_on,
        "recipients": [
            _("Thường trực Hội đồng Thi đua - Khen thưởng %(unit)s") % {"unit": group.organiser},
            _("Các đơn vị trong %(group)s") % {"group": group.name},
            _("Lưu: VT"),
        ],
    }


@login_required
@require_GET
def pledge_pdf(request, pk: int, fmt: str = "pdf"):
    pledge = _pledge(request, pk)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(pledge.group.name)).strip("-")
    filename = f"giao-uoc-thi-dua-{pledge.group.year}-{slug}"
    if fmt == "docx":
        return docx_response(pdf.render_docx("pdf/pledge.html", pledge_context(pledge)), f"{filename}.docx")
    data = pdf.render_pdf("pdf/pledge.html", pledge_context(pledge))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
