"""Pages of exemplars (điển hình tiên tiến): the list by year, movement and unit, the detail with its history,
record, correct and delete one, and the awards of a recipient for the form's select."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from emulation import selectors, services
from emulation.forms.exemplars import ExemplarFilterForm, ExemplarForm, award_label
from emulation.models import Exemplar
from units import selectors as unit_selectors
from units.common.forms import add_service_errors
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm


@login_required
@require_GET
def exemplar_list(request):
    require_perm(request.user, "emulation.browse")
    form = ExemplarFilterForm(
        request.GET or None,
        units=unit_selectors.units_visible_to(user=request.user),
        years=selectors.exemplar_years(user=request.user),
        movements=selectors.exemplar_movements(user=request.user),
    )
    exemplars = selectors.exemplar_list(user=request.user, **form.filters())
    context = {"form": form, "page": paginate(request, exemplars), "query_string": query_without_page(request)}
    return render(request, "emulation/exemplar_list.html", context)


@login_required
@require_GET
def exemplar_detail(request, pk: int):
    exemplar = get_visible_or_404(selectors.exemplar_detail, user=request.user, pk=pk)
    context = {
        "exemplar": exemplar,
        "award_text": award_label(exemplar.award) if exemplar.award_id else "",
        "can_change": request.user.has_perm("emulation.change_exemplar", exemplar),
        "history": unit_selectors.object_history(obj=exemplar),
    }
    return render(request, "emulation/exemplar_detail.html", context)


def _form(request, exemplar: Exemplar | None) -> ExemplarForm:
    return ExemplarForm(
        request.POST or None,
        instance=exemplar,
        units=unit_selectors.units_editable_by(user=request.user).order_by("sort_key"),
        movements=selectors.movements_visible_to(user=request.user).order_by("-start_date", "code"),
        awards_of=selectors.recipient_awards,
    )


def _save(request, form: ExemplarForm, **extra) -> Exemplar | None:
    exemplar = form.save(commit=False)
    try:
        services.exemplar_save(exemplar=exemplar, by=request.user, **extra)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return exemplar


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request):
    require_perm(request.user, "emulation.create")
    form = _form(request, None)
    if request.method == "POST" and form.is_valid() and (exemplar := _save(request, form)):
        messages.success(request, _("Đã ghi nhận điển hình tiên tiến %(name)s.") % {"name": exemplar})
        return redirect("emulation:exemplar-detail", pk=exemplar.pk)
    return render(request, "emulation/exemplar_form.html", {"form": form, "exemplar": None})


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_update(request, pk: int):
    exemplar = get_visible_or_404(selectors.exemplar_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_exemplar", exemplar)
    form = _form(request, exemplar)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, expected_version=form.cleaned_data["version"])
        if saved:
            messages.success(request, _("Đã lưu điển hình tiên tiến %(name)s.") % {"name": saved})
            return redirect("emulation:exemplar-detail", pk=saved.pk)
    return render(request, "emulation/exemplar_form.html", {"form": form, "exemplar": exemplar})


@login_required
@require_POST
def exemplar_delete(request, pk: int):
    exemplar = get_visible_or_404(selectors.exemplar_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_exemplar", exemplar)
    name = str(exemplar)
    services.exemplar_delete(exemplar=exemplar, by=request.user)
    messages.success(request, _("Đã xóa điển hình tiên tiến %(name)s.") % {"name": name})
    return redirect("emulation:exemplar-list")


@login_required
@require_GET
def exemplar_awards(request):
    """The awards of the person (`?person=<code>`) or the collective (`?unit=<code>`) picked in the form, for its
    select: `{"results": [{"value", "label"}]}`; none for a recipient outside the user's scope."""
    require_perm(request.user, "emulation.create")
    person = unit = None
    if code := request.GET.get("person", "").strip():
        person = unit_selectors.persons_visible_to(user=request.user).filter(code=code).first()
    elif code := request.GET.get("unit", "").strip():
        unit = unit_selectors.units_visible_to(user=request.user).filter(code=code).first()
    awards = selectors.recipient_awards(person=person, unit=unit) if person or unit else []
    return JsonResponse({"results": [{"value": award.pk, "label": award_label(award)} for award in awards]})
