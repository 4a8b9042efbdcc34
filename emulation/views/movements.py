"""Pages of emulation movements: list with filters and export, detail with results, create and edit."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from emulation import selectors, services
from emulation.forms.movements import MovementFilterForm, MovementForm, MovementReviewForm
from emulation.models import MovementReview
from emulation.resources import MovementResource
from units import exporting
from units import selectors as unit_selectors
from units.common.files import serve_file
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm
from units.views.exports import export_response


def _filtered(request):
    form = MovementFilterForm(request.GET or None, units=unit_selectors.units_visible_to(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    movements = selectors.movement_list(
        user=request.user,
        query=filters.get("q", ""),
        active_from=filters.get("active_from"),
        active_to=filters.get("active_to"),
        kind=filters.get("kind", ""),
        within=filters.get("unit"),
    )
    return form, movements


@login_required
def movement_list(request):
    require_perm(request.user, "emulation.browse")
    form, movements = _filtered(request)
    context = {"form": form, "page": paginate(request, movements), "query_string": query_without_page(request)}
    return render(request, "emulation/movement_list.html", context)


def _movement_export_rows(request):
    return _filtered(request)[1]


MOVEMENT_EXPORT = exporting.ListExport(
    kind="movements",
    permission="emulation.browse",
    rows=_movement_export_rows,
    table=exporting.Table.of(MovementResource),
    list_url_name="emulation:movement-list",
    interchange=True,
)


@login_required
def movement_export(request):
    return export_response(request, MOVEMENT_EXPORT)


@login_required
def movement_detail(request, pk: int):
    movement = get_visible_or_404(selectors.movement_detail, user=request.user, pk=pk)
    can_change = request.user.has_perm("emulation.change_movement", movement)
    context = {
        "movement": movement,
        "units": selectors.movement_units(movement=movement),
        "reviews": selectors.movement_reviews(movement=movement),
        "can_change": can_change,
        "review_form": MovementReviewForm() if can_change else None,
    }
    return render(request, "emulation/movement_detail.html", context)


@login_required
@require_GET
def movement_document(request, pk: int):
    """The launching document's file, to whoever sees the movement (never a public media URL)."""
    movement = get_visible_or_404(selectors.movement_detail, user=request.user, pk=pk)
    if not movement.doc_file:
        raise Http404
    return serve_file(request, movement.doc_file, filename=PurePath(movement.doc_file.name).name, as_attachment=False)


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request):
    require_perm(request.user, "emulation.create")
    units = unit_selectors.units_editable_by(user=request.user)
    form = MovementForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        movement = form.save(commit=False)
        try:
            services.movement_save(
                movement=movement, by=request.user, participating_units=form.cleaned_data["participating_units"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm phong trào thi đua."))
            return redirect("emulation:movement-detail", pk=movement.pk)
    return render(request, "emulation/movement_form.html", {"form": form, "movement": None})


@login_required
@require_http_methods(["GET", "POST"])
def movement_update(request, pk: int):
    movement = get_visible_or_404(selectors.movement_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_movement", movement)
    units = unit_selectors.units_editable_by(user=request.user)
    form = MovementForm(request.POST or None, instance=movement, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.movement_save(
                movement=form.save(commit=False),
                by=request.user,
                expected_version=form.cleaned_data["version"],
                participating_units=form.cleaned_data["participating_units"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu phong trào thi đua."))
            return redirect("emulation:movement-detail", pk=movement.pk)
    return render(request, "emulation/movement_form.html", {"form": form, "movement": movement})


@login_required
@require_POST
def movement_review_add(request, pk: int):
    movement = get_visible_or_404(selectors.movement_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_movement", movement)
    form = MovementReviewForm(request.POST, instance=MovementReview(movement=movement))
    if form.is_valid():
        services.movement_review_add(review=form.instance, by=request.user)
        messages.success(request, _("Đã ghi kết quả phong trào."))
        return redirect("emulation:movement-detail", pk=movement.pk)
    context = {
        "movement": movement,
        "units": selectors.movement_units(movement=movement),
        "reviews": selectors.movement_reviews(movement=movement),
        "can_change": True,
        "review_form": form,
    }
    return render(request, "emulation/movement_detail.html", context, status=400)
