"""Pages of initiatives (sáng kiến): list with filters and export, detail with authors and use, create and edit."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from emulation import selectors, services
from emulation.forms.initiatives import InitiativeFilterForm, InitiativeForm
from emulation.models import Initiative, InitiativeUse
from units import importing
from units import selectors as unit_selectors
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm


def decision_citation(initiative: Initiative) -> str:
    """The recognition decision as documents cite it, e.g.
    "Quyết định số 12/QĐ-VKS ngày 05/12/2024 của VKSND thành phố Huế" (in Vietnamese whatever the interface
    language, like the movements' launching documents)."""
    if not initiative.decision_number:
        return ""
    parts = [f"Quyết định số {initiative.decision_number}"]
    if initiative.decision_date:
        parts.append(f"ngày {initiative.decision_date:%d/%m/%Y}")
    if initiative.decision_issuer:
        parts.append(f"của {initiative.decision_issuer}")
    return " ".join(parts)


def use_of(initiative: Initiative) -> InitiativeUse | None:
    """The title the initiative backs; the reverse one-to-one raises when there is none."""
    try:
        return initiative.use
    except InitiativeUse.DoesNotExist:
        return None


def use_text(initiative: Initiative) -> str:
    use = use_of(initiative)
    if use is None:
        return _("Chưa dùng")
    return _("Đã dùng làm căn cứ cho %(title)s năm %(year)s của %(person)s") % {
        "title": use.award_type.abbreviation,
        "year": use.year,
        "person": use.person.full_name,
    }


def initiative_dataset(initiatives) -> tablib.Dataset:
    """The rows of the export: one initiative a row, authors main first, dates as printed (dd/mm/yyyy)."""
    dataset = tablib.Dataset(
        headers=[
            _("Tên sáng kiến"),
            _("Tác giả"),
            _("Đơn vị"),
            _("Lĩnh vực"),
            _("Năm"),
            _("Cấp công nhận"),
            _("Trạng thái"),
            _("Số quyết định"),
            _("Ngày quyết định"),
            _("Cơ quan công nhận"),
            _("Dùng cho danh hiệu"),
            _("Năm danh hiệu"),
            _("Người được khen"),
        ]
    )
    dataset.title = _("Sáng kiến")
    for initiative in initiatives:
        use = use_of(initiative)
        authors = [
            f"{a.person.full_name} ({_('chính')})" if a.is_main else a.person.full_name
            for a in initiative.authorships.all()
        ]
        dataset.append(
            [
                initiative.title,
                "; ".join(authors),
                initiative.unit.name_with_parent,
                initiative.domain,
                initiative.year,
                initiative.get_level_display(),
                initiative.get_status_display(),
                initiative.decision_number,
                f"{initiative.decision_date:%d/%m/%Y}" if initiative.decision_date else "",
                initiative.decision_issuer,
                use.award_type.abbreviation if use else "",
                use.year if use else "",
                use.person.full_name if use else "",
            ]
        )
    return dataset


def _filtered(request):
    form = InitiativeFilterForm(
        request.GET or None,
        units=unit_selectors.units_visible_to(user=request.user),
        years=selectors.initiative_years(user=request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    initiatives = selectors.initiative_list(
        user=request.user,
        query=filters.get("q", ""),
        year=filters.get("year"),
        level=filters.get("level", ""),
        status=filters.get("status", ""),
        within=filters.get("unit"),
    )
    return form, initiatives


@login_required
def initiative_list(request):
    require_perm(request.user, "emulation.browse")
    form, initiatives = _filtered(request)
    context = {"form": form, "page": paginate(request, initiatives), "query_string": query_without_page(request)}
    return render(request, "emulation/initiative_list.html", context)


@login_required
def initiative_export(request):
    require_perm(request.user, "emulation.browse")
    _form, initiatives = _filtered(request)
    dataset = initiative_dataset(initiatives)
    response = HttpResponse(importing.dataset_bytes(dataset, "xlsx"), content_type=importing.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="sang-kien-{importing.today_stamp()}.xlsx"'
    return response


@login_required
def initiative_detail(request, pk: int):
    initiative = get_visible_or_404(selectors.initiative_detail, user=request.user, pk=pk)
    context = {
        "initiative": initiative,
        "citation": decision_citation(initiative),
        "use": use_of(initiative),
        "use_text": use_text(initiative),
        "can_change": request.user.has_perm("emulation.change_initiative", initiative),
    }
    return render(request, "emulation/initiative_detail.html", context)


def _form(request, initiative: Initiative | None) -> InitiativeForm:
    return InitiativeForm(
        request.POST or None,
        instance=initiative,
        units=unit_selectors.units_editable_by(user=request.user),
        persons=unit_selectors.persons_visible_to(user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    require_perm(request.user, "emulation.create")
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        initiative = form.save(commit=False)
        try:
            services.initiative_save(
                initiative=initiative,
                authors=form.authors(),
                main_author=form.cleaned_data["main_author"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm sáng kiến."))
            return redirect("emulation:initiative-detail", pk=initiative.pk)
    return render(request, "emulation/initiative_form.html", {"form": form, "initiative": None})


@login_required
@require_http_methods(["GET", "POST"])
def initiative_update(request, pk: int):
    initiative = get_visible_or_404(selectors.initiative_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_initiative", initiative)
    form = _form(request, initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_save(
                initiative=form.save(commit=False),
                authors=form.authors(),
                main_author=form.cleaned_data["main_author"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu sáng kiến."))
            return redirect("emulation:initiative-detail", pk=initiative.pk)
    return render(request, "emulation/initiative_form.html", {"form": form, "initiative": initiative})
