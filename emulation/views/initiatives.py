"""Pages of initiatives (sáng kiến): list with filters and export, detail with authors and use, create and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from emulation import selectors, services
from emulation.forms.initiatives import InitiativeFilterForm, InitiativeForm
from emulation.models import Initiative, InitiativeUse
from units import exporting
from units import selectors as unit_selectors
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm
from units.resources import Column, format_date
from units.views.exports import export_response


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


def authors_text(initiative: Initiative) -> str:
    """The authors, main first (the selector's order), the main one marked: "Nguyễn Văn A (chính); Trần Thị B"."""
    return "; ".join(
        f"{author.person.full_name} ({_('chính')})" if author.is_main else author.person.full_name
        for author in initiative.authorships.all()
    )


def _use_field(read):
    """A column of the title the initiative backs: empty while it backs none."""

    def value(initiative: Initiative):
        use = use_of(initiative)
        return read(use) if use is not None else ""

    return value


# One initiative a row, dates as printed (dd/mm/yyyy); the rows come with their unit, use and authors
# (emulation.selectors.initiative_list).
INITIATIVE_TABLE = exporting.Table(
    title=gettext_lazy("Sáng kiến"),
    file_slug="sang-kien",
    columns=(
        Column(gettext_lazy("Tên sáng kiến"), lambda initiative: initiative.title),
        Column(gettext_lazy("Tác giả"), authors_text),
        Column(gettext_lazy("Đơn vị"), lambda initiative: initiative.unit.name_with_parent),
        Column(gettext_lazy("Lĩnh vực"), lambda initiative: initiative.domain),
        Column(gettext_lazy("Năm"), lambda initiative: initiative.year),
        Column(gettext_lazy("Cấp công nhận"), lambda initiative: initiative.get_level_display()),
        Column(gettext_lazy("Trạng thái"), lambda initiative: initiative.get_status_display()),
        Column(gettext_lazy("Số quyết định"), lambda initiative: initiative.decision_number),
        Column(gettext_lazy("Ngày quyết định"), lambda initiative: format_date(initiative.decision_date)),
        Column(gettext_lazy("Cơ quan công nhận"), lambda initiative: initiative.decision_issuer),
        Column(gettext_lazy("Dùng cho danh hiệu"), _use_field(lambda use: use.award_type.abbreviation)),
        Column(gettext_lazy("Năm danh hiệu"), _use_field(lambda use: use.year)),
        Column(gettext_lazy("Người được khen"), _use_field(lambda use: use.person.full_name)),
    ),
)


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


def _initiative_export_rows(request):
    return _filtered(request)[1]


INITIATIVE_EXPORT = exporting.ListExport(
    kind="initiatives",
    permission="emulation.browse",
    rows=_initiative_export_rows,
    table=INITIATIVE_TABLE,
    list_url_name="emulation:initiative-list",
)


@login_required
def initiative_export(request):
    return export_response(request, INITIATIVE_EXPORT)


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
