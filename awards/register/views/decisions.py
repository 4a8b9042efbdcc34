"""Decisions (quyết định khen thưởng): list, detail with recipients, create, edit, scan, and adding awards."""

import datetime
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.register import selectors, services
from awards.register.forms import AWARD_DUPLICATE, DECISION_DUPLICATE, AwardCreateForm, DecisionFilterForm, DecisionForm
from awards.register.models import Decision
from emulation import selectors as emulation_selectors
from units import rules as unit_rules
from units.common.files import serve_file
from units.common.forms import add_service_errors
from units.common.paging import keyset_page, offset_page
from units.common.views import get_visible_or_404, require_perm


def _decision(request, pk: int) -> Decision:
    return get_visible_or_404(selectors.decision_get, user=request.user, pk=pk)


@login_required
@require_GET
def decision_list(request):
    require_perm(request.user, "awards.view_register")
    form = DecisionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.decision_list(
        user=request.user,
        number=filters.get("number") or "",
        year=filters.get("year"),
        issuer=filters.get("issuer") or "",
    )
    page = keyset_page(request, decisions, key="date", to_python=datetime.date.fromisoformat)
    return render(request, "awards/decision_list.html", {"form": form, "page": page})


def _award_form(request, decision: Decision, data=None) -> AwardCreateForm | None:
    if not request.user.has_perm("awards.record"):
        return None
    units = selectors.units_recordable_by(user=request.user)
    movements = emulation_selectors.movements_rewardable_by(user=request.user, unit=decision.issuing_unit).order_by(
        "-start_date", "name"
    )
    return AwardCreateForm(data, user=request.user, decision=decision, units=units, movements=movements)


def _render_detail(request, decision: Decision, award_form: AwardCreateForm | None):
    recipients = selectors.decision_award_ids_visible(user=request.user, decision=decision)
    context = {
        "decision": decision,
        "page": offset_page(request, recipients, load=selectors.awards_by_pk),
        "award_form": award_form,
        "can_change": request.user.has_perm("awards.change_decision", decision),
        # The issuing unit is a link only where the user may open its page.
        "issuer_visible": decision.issuing_unit_id is not None
        and request.user.has_perm("units.view_unit", decision.issuing_unit),
        "scoped": not unit_rules.is_administrator(request.user),
    }
    return render(request, "awards/decision_detail.html", context)


@login_required
@require_GET
def decision_detail(request, pk: int):
    decision = _decision(request, pk)
    return _render_detail(request, decision, _award_form(request, decision))


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    require_perm(request.user, "awards.record")
    units = selectors.units_recordable_by(user=request.user)
    form = DecisionForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        try:
            services.decision_save(decision=decision, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc, duplicate=DECISION_DUPLICATE)
        else:
            messages.success(
                request, _("Đã ghi quyết định %(decision)s. Hãy nhập người được khen.") % {"decision": decision}
            )
            return redirect("awards:decision-detail", pk=decision.pk)
    return render(request, "awards/decision_form.html", {"form": form, "decision": None})


@login_required
@require_http_methods(["GET", "POST"])
def decision_update(request, pk: int):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision", decision)
    title = str(decision)
    units = selectors.units_recordable_by(user=request.user)
    form = DecisionForm(request.POST or None, request.FILES or None, instance=decision, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_save(
                decision=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, duplicate=DECISION_DUPLICATE)
        else:
            messages.success(request, _("Đã lưu quyết định %(decision)s.") % {"decision": decision})
            return redirect("awards:decision-detail", pk=decision.pk)
    return render(request, "awards/decision_form.html", {"form": form, "decision": decision, "title": title})


@login_required
@require_GET
def decision_scan(request, pk: int):
    """The scan of a decision, served through the permission check (never a public media URL)."""
    decision = _decision(request, pk)
    if not decision.scan:
        raise Http404
    return serve_file(request, decision.scan, filename=PurePath(decision.scan.name).name, as_attachment=False)


@login_required
@require_POST
def award_create(request, pk: int):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.record")
    form = _award_form(request, decision, request.POST)
    if form.is_valid():
        award = form.build_award()
        try:
            services.award_create(award=award, by=request.user)
        except ValidationError as exc:
            add_service_errors(
                form, exc, aliases={"unit_at_time": "person", "recipient_kind": "person"}, duplicate=AWARD_DUPLICATE
            )
        else:
            messages.success(
                request,
                _("Đã ghi “%(type)s” năm %(year)s cho %(recipient)s.")
                % {"type": award.award_type.name, "year": award.year, "recipient": award.recipient_name},
            )
            return redirect("awards:decision-detail", pk=decision.pk)
    return _render_detail(request, decision, form)
