"""Pages of scoring: a member unit's score sheet (self-assessed and agreed points per criterion, totals
computed) and the members' vote proposing a unit for the sector flag."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emulation import selectors, services
from emulation.enums import CriterionKind
from emulation.forms.scoring import FlagVoteForm, ScoreSheetForm, TemplateChoiceForm, points
from emulation.models import ScoreSheet
from emulation.views.groups import render_group_detail
from units.common import formatting
from units.common.views import get_visible_or_404, require_perm
from units.models import Unit


def sheet_summary(entries) -> dict:
    """Sums of a sheet's saved entries for both columns: criteria, bonus, penalty and the total
    (criteria + bonus − penalty), as in emulation.selectors.sheet_totals."""
    summary = {}
    for column in ("self_score", "agreed_score"):
        sums = dict.fromkeys(CriterionKind.values, Decimal(0))
        for entry in entries:
            value = getattr(entry, column)
            if value is not None:
                sums[entry.criterion.kind] += value
        total = sums[CriterionKind.CRITERION] + sums[CriterionKind.BONUS] - sums[CriterionKind.PENALTY]
        summary[column] = {**sums, "total": total}
    return summary


def _choose_template(request, group):
    """The score table of a group's sheets: the one already in use, else the one chosen (?template=), else the
    only one of the year. Returns (template or None, chooser form or None)."""
    template = selectors.group_template(group=group)
    if template is not None:
        return template, None
    templates = selectors.score_templates_for(year=group.year)
    chooser = TemplateChoiceForm(request.GET or None, templates=templates)
    if request.GET.get("template") and chooser.is_valid():
        return chooser.cleaned_data["template"], None
    available = list(templates[:2])
    if len(available) == 1:
        return available[0], None
    return None, chooser if available else None


@login_required
@require_http_methods(["GET", "POST"])
def score_sheet(request, pk: int, unit_pk: int):
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    membership = next((m for m in group.memberships.all() if m.unit_id == unit_pk), None)
    if membership is None:
        raise Http404
    can_change = request.user.has_perm("emulation.change_group", group)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    sheet = selectors.group_sheet(group=group, unit=membership.unit)
    if sheet is not None:
        template, chooser = sheet.template, None
    else:
        template, chooser = _choose_template(request, group)
    context = {
        "group": group,
        "membership": membership,
        "members": sorted(group.memberships.all(), key=lambda m: m.unit.sort_key),
        "sheet": sheet,
        "template": template,
        "chooser": chooser,
        "can_change": can_change,
    }
    if template is None:
        return render(request, "emulation/score_sheet.html", context)
    entries = list(selectors.sheet_entries(sheet=sheet)) if sheet else []
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None,
        template=template,
        criteria=selectors.template_criteria(template=template),
        entries={entry.criterion_id: entry for entry in entries},
        sheet=sheet,
    )
    service_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        target = sheet or ScoreSheet(group=group, unit=membership.unit, template=template)
        try:
            services.score_sheet_save(
                sheet=target,
                scores=form.scores(),
                by=request.user,
                expected_version=form.cleaned_data["version"] if sheet else None,
            )
        except ValidationError as exc:
            service_errors = exc.messages
        else:
            summary = sheet_summary(selectors.sheet_entries(sheet=target))
            messages.success(
                request,
                _("Đã lưu phiếu chấm điểm của %(unit)s: Cụm, Khối thống nhất %(total)s điểm.")
                % {"unit": membership.unit, "total": points(summary["agreed_score"]["total"])},
            )
            return redirect("emulation:score-sheet", pk=group.pk, unit_pk=membership.unit_id)
    context.update(
        {
            "form": form,
            "service_errors": service_errors,
            "summary": sheet_summary(entries),
            "max_total": sum(
                (c.max_points for c in form.criteria if c.kind == CriterionKind.CRITERION), start=Decimal(0)
            ),
        }
    )
    return render(request, "emulation/score_sheet.html", context, status=400 if service_errors else 200)


@login_required
@require_POST
def flag_vote(request, pk: int):
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_group", group)
    members = list(group.memberships.all())
    rated = Unit.objects.filter(pk__in=[m.unit_id for m in members if m.is_rated]).order_by("sort_key")
    form = FlagVoteForm(
        request.POST, candidates=rated, member_count=len(members), flags=selectors.flag_types(year=group.year)
    )
    if form.is_valid():
        try:
            vote = services.flag_vote_record(
                group=group,
                candidate=form.cleaned_data["candidate"],
                award_type=form.cleaned_data.get("award_type"),
                agree=form.cleaned_data["agree"],
                voted_on=form.cleaned_data["voted_on"],
                by=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            outcome = (
                _("đề nghị tặng %(flag)s") % {"flag": vote.award_type}
                if vote.proposed
                else _("chưa đạt tỷ lệ %(percent)s%% để đề nghị tặng Cờ") % {"percent": vote.threshold_percent}
            )
            messages.success(
                request,
                _("Đã ghi kết quả suy tôn %(unit)s: %(agree)s/%(total)s đơn vị đồng ý (%(share)s), %(outcome)s.")
                % {
                    "unit": vote.candidate,
                    "agree": vote.agree,
                    "total": vote.total,
                    "share": formatting.percent(vote.agree, vote.total),
                    "outcome": outcome,
                },
            )
            return redirect(reverse("emulation:group-detail", args=[group.pk]) + "#suy-ton")
    return render_group_detail(request, group, flag_form=form, status=400)
