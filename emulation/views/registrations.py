"""Pages of registrations (đăng ký thi đua): the list with filters and export, the bulk form of a unit (tick
its staff for a title, or its collectives), withdrawal, and a cluster's summary of registrations with export."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.catalogue.enums import RecipientKind
from emulation import selectors, services
from emulation.forms.registrations import RegistrationFilterForm, RegistrationScopeForm
from emulation.models import Registration
from units import exporting, importing
from units import selectors as unit_selectors
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm
from units.resources import Column
from units.views.exports import export_response


def _filtered(request):
    years = selectors.registration_years(user=request.user)
    data = request.GET
    if not data and years:
        # The list opens on the year being registered for (or the latest one registered), as the sector's 40,000
        # registrations of every year are no list to read; "Tất cả các năm" lists them all.
        default = cal.default_year_for_registrations()
        data = {"year": str(default if default in years else years[0])}
    form = RegistrationFilterForm(
        data or None,
        units=unit_selectors.units_visible_to(user=request.user),
        award_types=selectors.registrable_types(),
        years=years,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    registrations = selectors.registration_list(
        user=request.user,
        year=filters.get("year"),
        within=filters.get("unit"),
        award_type=filters.get("award_type"),
        query=filters.get("q", ""),
    )
    return form, registrations


@login_required
def registration_list(request):
    require_perm(request.user, "emulation.browse")
    form, registrations = _filtered(request)
    page = paginate(request, registrations, load=selectors.registrations_by_pk)
    for registration in page:
        registration.can_withdraw = request.user.has_perm("emulation.withdraw_registration", registration)
    context = {"form": form, "page": page, "query_string": query_without_page(request)}
    return render(request, "emulation/registration_list.html", context)


def _who(registration: Registration) -> str:
    # A phòng is named with its unit ("Phòng Hình sự, VKSND khu vực 1"): two units' phòng share a name.
    return registration.person.full_name if registration.person_id else registration.unit.label_with_parent


# One registration a row: the list's export and the cluster summary's second sheet.
REGISTRATION_TABLE = exporting.Table(
    title=gettext_lazy("Đăng ký thi đua"),
    file_slug="dang-ky-thi-dua",
    columns=(
        Column(gettext_lazy("Năm"), lambda registration: registration.year),
        Column(gettext_lazy("Đơn vị đăng ký"), lambda registration: registration.registering_unit.label_with_parent),
        Column(gettext_lazy("Cá nhân, tập thể"), _who),
        Column(
            gettext_lazy("Chức vụ"),
            lambda registration: registration.person.position if registration.person_id else "",
        ),
        Column(gettext_lazy("Danh hiệu đăng ký"), lambda registration: registration.award_type.name),
    ),
    related=("unit__parent", "registering_unit__parent"),
)


def _xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=importing.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}-{importing.today_stamp()}.xlsx"'
    return response


def _registration_export_rows(request):
    return _filtered(request)[1]


REGISTRATION_EXPORT = exporting.ListExport(
    kind="registrations",
    permission="emulation.browse",
    rows=_registration_export_rows,
    table=REGISTRATION_TABLE,
    list_url_name="emulation:registration-list",
)


@login_required
def registration_export(request):
    return export_response(request, REGISTRATION_EXPORT)


def _bulk_context(request, form):
    """The candidates of a valid scope form, and the quota figures shown while ticking."""
    unit, year, award_type = (form.cleaned_data[name] for name in ("unit", "year", "award_type"))
    candidates = selectors.registration_candidates(unit=unit, year=year, award_type=award_type)
    individual = award_type.allows(RecipientKind.INDIVIDUAL)
    groups = []
    if individual:
        for person in candidates:
            if not groups or groups[-1]["unit"].pk != person.unit_id:
                groups.append({"unit": person.unit, "items": []})
            groups[-1]["items"].append(person)
    else:
        groups = [{"unit": unit, "items": candidates}]
    return {
        "unit": unit,
        "year": year,
        "award_type": award_type,
        "individual": individual,
        "candidates": candidates,
        "groups": groups,
        "registered_count": sum(1 for item in candidates if item.registered),
        "quota": selectors.registration_quota(unit=unit, year=year) if award_type.code == selectors.CSTDCS else None,
        "needs_ldtt": individual and award_type.code != selectors.LDTT,
    }


def _picked(request, name: str, candidates) -> list | None:
    """The candidates whose ids the form posted under `name`; None if it posted an id it did not offer."""
    by_id = {str(item.pk): item for item in candidates}
    ids = request.POST.getlist(name)
    if any(value not in by_id for value in ids):
        return None
    return [by_id[value] for value in dict.fromkeys(ids)]


@login_required
@require_http_methods(["GET", "POST"])
def registration_bulk(request):
    """GET with unit, year and title shows the ticks; POST (same query string) registers and withdraws."""
    require_perm(request.user, "emulation.create")
    units = unit_selectors.units_editable_by(user=request.user).filter(valid_to__isnull=True)
    form = RegistrationScopeForm(request.GET or None, units=units, award_types=selectors.registrable_types())
    context = {"form": form}
    if not form.is_valid():
        return render(request, "emulation/registration_bulk.html", context)
    require_perm(request.user, "emulation.register_for_unit", form.cleaned_data["unit"])
    context.update(_bulk_context(request, form))
    if request.method == "POST":
        candidates = context["candidates"]
        selected = _picked(request, "pick", candidates)
        shown = _picked(request, "shown", candidates)
        if selected is None or shown is None:
            context["errors"] = [_("Danh sách gửi lên có người hoặc đơn vị không thuộc đơn vị đã chọn.")]
            return render(request, "emulation/registration_bulk.html", context, status=400)
        picked = {item.pk for item in selected}
        try:
            change = services.registrations_set(
                year=context["year"],
                award_type=context["award_type"],
                selected=selected,
                withdrawn=[item for item in shown if item.pk not in picked],
                kind=RecipientKind.INDIVIDUAL if context["individual"] else RecipientKind.COLLECTIVE,
                by=request.user,
            )
        except ValidationError as exc:
            context["errors"] = exc.messages
            return render(request, "emulation/registration_bulk.html", context, status=400)
        messages.success(
            request,
            _("Đã lưu đăng ký %(type)s năm %(year)s của %(unit)s: thêm %(added)d, rút %(withdrawn)d.")
            % {
                "type": context["award_type"].abbreviation,
                "year": context["year"],
                "unit": context["unit"],
                "added": change.added,
                "withdrawn": change.withdrawn,
            },
        )
        return redirect(f"{reverse('emulation:registration-bulk')}?{request.GET.urlencode()}")
    return render(request, "emulation/registration_bulk.html", context)


@login_required
@require_POST
def registration_withdraw(request, pk: int):
    registration = get_visible_or_404(selectors.registration_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.withdraw_registration", registration)
    services.registration_withdraw(registration=registration, by=request.user)
    messages.success(
        request,
        _("Đã rút đăng ký %(type)s năm %(year)s của %(who)s.")
        % {"type": registration.award_type.abbreviation, "year": registration.year, "who": _who(registration)},
    )
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "emulation:registration-list")


@login_required
def group_registrations(request, pk: int):
    """The cluster's summary of registrations (Bản tổng hợp đăng ký) for its year."""
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    context = {
        "group": group,
        "summary": selectors.registration_summary(group=group),
        "can_register": request.user.has_perm("emulation.create"),
        "bulk_query": urlencode({"year": group.year}),
    }
    return render(request, "emulation/group_registrations.html", context)


@login_required
def group_registrations_export(request, pk: int):
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    summary = selectors.registration_summary(group=group)
    table = tablib.Dataset(
        headers=[_("TT"), _("Đơn vị"), _("Số CBCC"), *(award_type.abbreviation for award_type in summary["types"])],
        title=_("Tổng hợp"),
    )
    for number, row in enumerate(summary["rows"], start=1):
        table.append([number, str(row["unit"]), row["staff"], *row["counts"]])
    table.append(["", _("Tổng cộng"), summary["staff_total"], *summary["totals"]])
    rows = REGISTRATION_TABLE.dataset(selectors.registration_rows(group=group), title=_("Danh sách"))
    return _xlsx_response(importing.book_bytes([table, rows]), f"tong-hop-dang-ky-{group.year}")
