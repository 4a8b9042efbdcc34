"""Pages of nominations (đề nghị khen thưởng): the list, one nomination (entry, its criteria, quota, dossier,
timeline and the moves the user may make), and the bulk form of a unit for the annual review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.catalogue.dossier import dossier_requirements
from awards.catalogue.enums import RecipientKind
from awards.catalogue.services import ruleset_for_year
from awards.nominations import consultation as consultations
from awards.nominations import eligibility, selectors, workflow
from awards.nominations import services as nomination_services
from awards.nominations.enums import NominationState
from awards.nominations.forms import DocumentForm, MoveForm, NominationFilterForm, NominationForm, NominationScopeForm
from awards.nominations.models import Nomination
from emulation import selectors as emulation_selectors
from units import selectors as unit_selectors
from units.common.files import serve_file
from units.common.forms import add_service_errors
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm


@login_required
def nomination_list(request):
    require_perm(request.user, "awards.view_register")
    params = request.GET.copy()
    # The list opens on the year under review, as the bulk form does; "Tất cả các năm" (year=) shows every year. On
    # the national data every year at once is 20,000 rows sorted by unit and name for each page.
    params.setdefault("year", str(cal.default_year_for_nominations()))
    form = NominationFilterForm(
        params,
        units=unit_selectors.units_visible_to(user=request.user),
        years=selectors.nomination_years(user=request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    nominations = selectors.nomination_list(
        user=request.user,
        year=filters.get("year"),
        state=filters.get("state", ""),
        award_type=filters.get("award_type"),
        within=filters.get("unit"),
        query=filters.get("q", ""),
    )
    context = {
        "form": form,
        "page": paginate(request, nominations, load=selectors.nominations_by_pk),
        "query_string": query_without_page(request),
    }
    return render(request, "awards/nomination_list.html", context)


def _form(request, instance=None, data=None, initial=None):
    units = unit_selectors.units_editable_by(user=request.user).filter(valid_to__isnull=True)
    movements = emulation_selectors.movements_visible_to(user=request.user).order_by("-start_date", "name")
    return NominationForm(data, instance=instance, initial=initial, user=request.user, units=units, movements=movements)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request):
    require_perm(request.user, "awards.nominate")
    initial = {key: request.GET[key] for key in ("award_type", "year", "nominating_unit") if key in request.GET}
    if "person" in request.GET:
        initial["person_text"] = request.GET["person"]
    form = _form(request, instance=Nomination(), data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        nomination = form.save(commit=False)
        try:
            nomination_services.nomination_save(nomination=nomination, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"person": "person_text"})
        else:
            messages.success(request, _("Đã lưu bản nháp đề nghị."))
            return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": None})


@login_required
@require_http_methods(["GET", "POST"])
def nomination_update(request, pk: int):
    nomination = get_visible_or_404(selectors.nomination_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    form = _form(request, instance=nomination, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination_services.nomination_save(
                nomination=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"person": "person_text"})
        else:
            messages.success(request, _("Đã lưu đề nghị."))
            return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


def _check(nomination: Nomination) -> eligibility.Check:
    """What the clerk sees while the nomination is with the unit; the check stored at submission afterwards."""
    if nomination.state in NominationState.editable_states or not nomination.eligibility:
        return eligibility.evaluate([nomination])[nomination.pk]
    return eligibility.Check.from_json(nomination.eligibility)


def _checklist(nomination: Nomination, documents, consulted=None) -> list[dict]:
    wanted = dossier_requirements(nomination.award_type, ruleset_for_year(nomination.year), kind=nomination.kind)
    present = {document.kind for document in documents}
    items = [{"kind": kind, "label": kind.label, "present": kind in present} for kind in wanted]
    # The result of the public consultation belongs to the dossier of the awards that need one (not a file).
    if consulted is not None and consulted.needed:
        items.append(
            {"kind": "consultation", "label": _("Kết quả lấy ý kiến nhân dân"), "present": bool(consulted.result)}
        )
    return items


def _render_detail(request, nomination: Nomination, *, move_form=None, document_form=None, status=200):
    documents = list(selectors.nomination_documents(nomination=nomination))
    can_change = request.user.has_perm("awards.change_nomination", nomination)
    quota = None
    if nomination.recipient_kind == RecipientKind.INDIVIDUAL:
        quota = eligibility.unit_quota(selectors.quota_unit_of(nomination.nominating_unit), nomination.year)
    consulted = consultations.nomination_consultation(nomination, user=request.user)
    context = {
        "nomination": nomination,
        "check": _check(nomination),
        "quota": quota,
        "documents": documents,
        "checklist": _checklist(nomination, documents, consulted),
        "consulted": consulted,
        "timeline": selectors.nomination_timeline(nomination=nomination),
        "moves": workflow.moves_for(request.user, nomination),
        "move_form": move_form or MoveForm(),
        "can_change": can_change,
        "document_form": (document_form or DocumentForm()) if can_change else None,
    }
    return render(request, "awards/nomination_detail.html", context, status=status)


@login_required
def nomination_detail(request, pk: int):
    nomination = get_visible_or_404(selectors.nomination_detail, user=request.user, pk=pk)
    return _render_detail(request, nomination)


@login_required
@require_POST
def nomination_move(request, pk: int, name: str):
    nomination = get_visible_or_404(selectors.nomination_detail, user=request.user, pk=pk)
    if name not in workflow.MOVES:
        raise Http404
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        workflow.nomination_move(
            nomination=nomination, name=name, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        nomination.refresh_from_db()
        return _render_detail(request, nomination, move_form=form, status=400)
    messages.success(request, _("Đã thực hiện: %(move)s.") % {"move": workflow.MOVES[name].label})
    return redirect("awards:nomination-detail", pk=nomination.pk)


@login_required
@require_POST
def document_upload(request, pk: int):
    nomination = get_visible_or_404(selectors.nomination_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        nomination_services.nomination_document_add(
            nomination=nomination, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, _("Đã thêm tài liệu vào hồ sơ."))
        return redirect(reverse("awards:nomination-detail", args=[nomination.pk]) + "#ho-so")
    return _render_detail(request, nomination, document_form=form, status=400)


@login_required
def document_download(request, pk: int, document_pk: int):
    nomination = get_visible_or_404(selectors.nomination_detail, user=request.user, pk=pk)
    document = nomination.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return serve_file(request, document.file, filename=document.original_name)


@login_required
@require_POST
def document_delete(request, pk: int, document_pk: int):
    nomination = get_visible_or_404(selectors.nomination_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    document = nomination.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    nomination_services.nomination_document_delete(document=document, by=request.user)
    messages.success(request, _("Đã xóa tài liệu khỏi hồ sơ."))
    return redirect(reverse("awards:nomination-detail", args=[nomination.pk]) + "#ho-so")


@login_required
@require_http_methods(["GET", "POST"])
def nomination_bulk(request):
    """Tick a unit's staff (or units) for one type and year; already nominated ones are shown, not repeated."""
    require_perm(request.user, "awards.nominate")
    units = unit_selectors.units_editable_by(user=request.user).filter(valid_to__isnull=True)
    form = NominationScopeForm(request.GET or None, units=units)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "awards/nomination_bulk.html", context)
    unit, year, award_type = (form.cleaned_data[name] for name in ("unit", "year", "award_type"))
    require_perm(request.user, "awards.nominate_for_unit", unit)
    candidates = selectors.nomination_candidates(unit=unit, year=year, award_type=award_type)
    individual = award_type.allows(RecipientKind.INDIVIDUAL)
    context.update(
        {
            "unit": unit,
            "year": year,
            "award_type": award_type,
            "individual": individual,
            "candidates": candidates,
            "copy_last_year": request.GET.get("copy") == "1",
            "quota": eligibility.unit_quota(selectors.quota_unit_of(unit), year) if individual else None,
        }
    )
    if request.method == "POST":
        by_id = {str(item.pk): item for item in candidates}
        picked = request.POST.getlist("pick")
        if any(value not in by_id for value in picked):
            context["errors"] = [_("Danh sách gửi lên có người hoặc đơn vị không thuộc đơn vị đã chọn.")]
            return render(request, "awards/nomination_bulk.html", context, status=400)
        chosen = [by_id[value] for value in dict.fromkeys(picked)]
        try:
            created = nomination_services.nominations_bulk(
                nominating_unit=unit,
                award_type=award_type,
                year=year,
                by=request.user,
                **({"persons": chosen} if individual else {"units": chosen}),
            )
        except ValidationError as exc:
            context["errors"] = exc.messages
            return render(request, "awards/nomination_bulk.html", context, status=400)
        messages.success(
            request,
            _("Đã tạo %(count)d đề nghị %(type)s năm %(year)s (bản nháp).")
            % {"count": len(created), "type": award_type.abbreviation, "year": year},
        )
        return redirect(
            f"{reverse('awards:nomination-list')}?year={year}&award_type={award_type.pk}&unit={unit.pk}"
            f"&state={NominationState.DRAFT}"
        )
    return render(request, "awards/nomination_bulk.html", context)
