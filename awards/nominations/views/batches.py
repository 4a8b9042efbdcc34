"""Pages of batches (tờ trình): the list, a batch with its nominations, adding draft nominations, sending it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.nominations import selectors, services
from awards.nominations.forms import BatchForm
from awards.nominations.models import Batch
from units import selectors as unit_selectors
from units.common.forms import add_service_errors
from units.common.paging import paginate
from units.common.views import get_visible_or_404, require_perm


def _form(request, instance=None, data=None):
    units = unit_selectors.units_editable_by(user=request.user).filter(valid_to__isnull=True)
    initial = {}
    if instance is None or instance.pk is None:
        initial = {"unit": units.order_by("sort_key").first()}
    return BatchForm(data, instance=instance, initial=initial, units=units)


@login_required
def batch_list(request):
    require_perm(request.user, "awards.view_register")
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    batches = selectors.batch_list(user=request.user, year=year)
    context = {
        "page": paginate(request, batches, load=selectors.batches_by_pk),
        "years": cal.year_choices(),
        "year": year,
    }
    return render(request, "awards/batch_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request):
    require_perm(request.user, "awards.nominate")
    form = _form(request, instance=Batch(), data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        try:
            services.batch_save(batch=batch, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo tờ trình. Hãy thêm các đề nghị vào tờ trình."))
            return redirect("awards:batch-add", pk=batch.pk)
    return render(request, "awards/batch_form.html", {"form": form, "batch": None})


@login_required
@require_http_methods(["GET", "POST"])
def batch_update(request, pk: int):
    batch = get_visible_or_404(selectors.batch_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_batch", batch)
    form = _form(request, instance=batch, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_save(
                batch=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tờ trình."))
            return redirect("awards:batch-detail", pk=batch.pk)
    return render(request, "awards/batch_form.html", {"form": form, "batch": batch})


def _render_detail(request, batch: Batch):
    can_change = request.user.has_perm("awards.change_batch", batch)
    nominations = list(selectors.batch_nominations(batch=batch))
    # The "Tiêu chuẩn" column: the check "Gửi Hội đồng" runs, shown before it runs and after it refused.
    checks = selectors.nomination_checks(nominations)
    for nomination in nominations:
        nomination.criteria_check = checks.get(nomination.pk)
    context = {
        "batch": batch,
        "nominations": nominations,
        # Their number only: the drafts are chosen on a page of their own (`batch_add`).
        "candidate_count": selectors.batch_candidates(batch=batch).count() if can_change else None,
        "can_change": can_change,
    }
    return render(request, "awards/batch_detail.html", context)


@login_required
def batch_detail(request, pk: int):
    batch = get_visible_or_404(selectors.batch_detail, user=request.user, pk=pk)
    return _render_detail(request, batch)


@login_required
@require_http_methods(["GET", "POST"])
def batch_add(request, pk: int):
    """The draft nominations that may go into the tờ trình (a page of its own: the tờ trình's page shows their
    number), and putting the chosen ones in."""
    batch = get_visible_or_404(selectors.batch_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_batch", batch)
    if request.method == "GET":
        context = {"batch": batch, "candidates": list(selectors.batch_candidates(batch=batch))}
        return render(request, "awards/batch_add.html", context)
    offered = {str(n.pk): n for n in selectors.batch_candidates(batch=batch)}
    picked = request.POST.getlist("nomination")
    # POST/redirect/GET on refusal too, as for the submit: the reasons survive the redirect, a reload re-sends nothing.
    if any(value not in offered for value in picked):
        messages.error(request, _("Có đề nghị không thể đưa vào tờ trình này."))
        return redirect("awards:batch-detail", pk=batch.pk)
    try:
        added = services.batch_add(batch=batch, nominations=[offered[value] for value in picked], by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("awards:batch-detail", pk=batch.pk)
    messages.success(request, _("Đã đưa %(count)d đề nghị vào tờ trình.") % {"count": added})
    return redirect("awards:batch-detail", pk=batch.pk)


@login_required
@require_POST
def batch_remove(request, pk: int, nomination_pk: int):
    batch = get_visible_or_404(selectors.batch_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_batch", batch)
    nomination = batch.nominations.filter(pk=nomination_pk).first()
    if nomination is not None:
        services.batch_remove(batch=batch, nomination=nomination, by=request.user)
        messages.success(request, _("Đã bỏ %(nomination)s khỏi tờ trình.") % {"nomination": nomination})
    return redirect("awards:batch-detail", pk=batch.pk)


@login_required
@require_POST
def batch_submit(request, pk: int):
    batch = get_visible_or_404(selectors.batch_detail, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_batch", batch)
    try:
        sent = services.batch_submit(batch=batch, by=request.user)
    except ValidationError as exc:
        # POST/redirect/GET: the reasons, one a line, survive the redirect; reloading the page re-sends nothing.
        messages.error(
            request, _("Tờ trình chưa được gửi: không đề nghị nào được gửi cho đến khi khắc phục các điểm dưới đây.")
        )
        for message in exc.messages:
            messages.error(request, message)
        return redirect("awards:batch-detail", pk=batch.pk)
    messages.success(
        request,
        _("Đã gửi tờ trình %(batch)s với %(count)d đề nghị tới Hội đồng TĐKT %(council)s.")
        % {"batch": batch, "count": len(sent), "council": batch.council_unit},
    )
    return redirect("awards:batch-detail", pk=batch.pk)
