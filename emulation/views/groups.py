"""Pages of clusters and blocs (Cụm, Khối thi đua): the list by year, the detail (members with their roles,
pledges, ranking, flag votes), create and edit with the members' roles, "not rated" for a member, and copying
an organiser's groups of a year to the next year."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.catalogue.services import ruleset_for_year
from emulation import rules as emulation_rules
from emulation import selectors, services
from emulation.enums import GroupKind, MemberRole
from emulation.forms.groups import GroupCopyForm, GroupFilterForm, GroupForm, NotRatedForm
from emulation.forms.scoring import FlagVoteForm
from emulation.models import EmulationGroup, GroupMembership
from units import importing
from units import rules as unit_rules
from units import selectors as unit_selectors
from units.common import formatting
from units.common.paging import paginate, query_without_page
from units.common.views import get_visible_or_404, require_perm
from units.enums import UnitLevel
from units.models import Unit

# Clusters and blocs are organised by VKSND tối cao (the sector's) or by a provincial procuracy (its units').
ORGANISER_LEVELS = (UnitLevel.SUPREME, UnitLevel.PROVINCIAL)
ROLE_ORDER = {MemberRole.HEAD: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2}
can_organise = unit_rules.is_administrator | emulation_rules.manages_unit


def organisers_for(user) -> QuerySet[Unit]:
    """Active procuracies whose clusters and blocs the user may organise (the clerk's scope)."""
    return (
        unit_selectors.units_editable_by(user=user)
        .filter(level__in=ORGANISER_LEVELS, valid_to__isnull=True)
        .order_by("sort_key")
    )


def member_candidates(user, organiser: Unit, group: EmulationGroup | None = None) -> list[Unit]:
    """Units offered as members: the organiser's direct units within the user's scope (its regional
    procuracies and phòng, or the provincial procuracies for VKSND tối cao), and the group's current members."""
    children = Unit.objects.filter(parent=organiser)
    if not unit_rules.is_administrator(user):
        children = children.filter(pk__in=unit_selectors.units_editable_by(user=user).values("pk"))
    q = Q(pk__in=children.values("pk"))
    if group is not None and group.pk:
        q |= Q(pk__in=[membership.unit_id for membership in group.memberships.all()])
    return list(Unit.objects.filter(q).order_by("sort_key"))


def kind_word(group: EmulationGroup) -> str:
    return _("Khối") if group.kind == GroupKind.BLOC else _("Cụm")


def role_label(group: EmulationGroup, role: str) -> str:
    """ "Trưởng Cụm", "Phó Khối", "Thành viên"."""
    if role == MemberRole.HEAD:
        return _("Trưởng %(kind)s") % {"kind": kind_word(group)}
    if role == MemberRole.DEPUTY:
        return _("Phó %(kind)s") % {"kind": kind_word(group)}
    return _("Thành viên")


# -- list and copy -----------------------------------------------------------------------------------------


@login_required
@require_GET
def group_list(request):
    require_perm(request.user, "emulation.browse")
    years = selectors.group_years(user=request.user)
    form, groups = _filtered_groups(request, years)
    filters = form.cleaned_data if form.is_valid() else {}
    organisers = list(organisers_for(request.user)) if request.user.has_perm("emulation.create") else []
    context = {
        "form": form,
        "page": paginate(request, groups),
        "query_string": query_without_page(request),
        "organisers": organisers,  # for "Thêm" and "Sao chép sang năm sau"; empty for a regional clerk
        # Without any group yet, offer to copy the year just ended into the year now being pledged.
        "copy_year": filters.get("year") or (years[0] if years else cal.default_year_for_pledges() - 1),
    }
    return render(request, "emulation/group_list.html", context)


def _filtered_groups(request, years):
    form = GroupFilterForm(request.GET or None, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    groups = selectors.group_list(
        user=request.user, year=filters.get("year"), level=filters.get("level", ""), kind=filters.get("kind", "")
    )
    return form, groups


@login_required
def group_export(request):
    """The filtered groups as a spreadsheet: one row per group with its head, deputy and members."""
    require_perm(request.user, "emulation.browse")
    _form, groups = _filtered_groups(request, selectors.group_years(user=request.user))
    dataset = tablib.Dataset(
        headers=[
            _("Năm"),
            _("Cụm, Khối"),
            _("Loại"),
            _("Cấp"),
            _("Đơn vị tổ chức"),
            _("Đơn vị Trưởng"),
            _("Đơn vị Phó"),
            _("Số thành viên"),
            _("Thành viên"),
        ],
        title=_("Cụm, khối thi đua"),
    )
    for group in selectors.with_members(groups):
        members = list(group.memberships.all())
        role = {MemberRole.HEAD: "", MemberRole.DEPUTY: ""}
        for membership in members:
            if membership.role in role:
                role[membership.role] = str(membership.unit)
        dataset.append(
            [
                group.year,
                group.name,
                group.get_kind_display(),
                group.get_level_display(),
                str(group.organiser),
                role[MemberRole.HEAD],
                role[MemberRole.DEPUTY],
                len(members),
                "; ".join(str(membership.unit) for membership in members),
            ]
        )
    response = HttpResponse(importing.dataset_bytes(dataset, "xlsx"), content_type=importing.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="cum-khoi-thi-dua-{importing.today_stamp()}.xlsx"'
    return response


@login_required
@require_POST
def group_copy(request):
    """Copy every group an organiser had in a year to the next year (heads rotate), in one transaction."""
    require_perm(request.user, "emulation.create")
    form = GroupCopyForm(request.POST, organisers=organisers_for(request.user))
    if not form.is_valid() and "organiser" in form.errors:
        raise PermissionDenied  # not an organiser the user manages (whether it exists is not told)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("emulation:group-list")
    organiser, year = form.cleaned_data["organiser"], form.cleaned_data["year"]
    if not can_organise(request.user, organiser):
        raise PermissionDenied
    source = list(EmulationGroup.objects.filter(organiser=organiser, year=year).order_by("name"))
    if not source:
        messages.warning(
            request,
            _("%(unit)s không có Cụm, Khối nào trong năm %(year)s để sao chép.") % {"unit": organiser, "year": year},
        )
        return redirect(f"{reverse('emulation:group-list')}?year={year}")
    try:
        created = services.groups_copy_to_next_year(organiser=organiser, year=year, by=request.user)
    except ValidationError as exc:
        messages.error(
            request,
            _("Chưa sao chép được sang năm %(year)s: %(errors)s")
            % {"year": year + 1, "errors": " ".join(message for message in exc.messages)},
        )
        return redirect(f"{reverse('emulation:group-list')}?year={year}")
    heads = {
        membership.group_id: membership.unit
        for membership in GroupMembership.objects.filter(group__in=created, role=MemberRole.HEAD).select_related("unit")
    }
    done = {group.name for group in created}
    if created:
        lines = "; ".join(
            _("%(group)s (Trưởng: %(head)s)") % {"group": group.name, "head": heads.get(group.pk) or "—"}
            for group in created
        )
        messages.success(
            request,
            _("Đã tạo %(n)s Cụm, Khối năm %(year)s: %(lines)s.")
            % {"n": len(created), "year": year + 1, "lines": lines},
        )
    skipped = [group.name for group in source if group.name not in done]
    if skipped:
        messages.info(
            request,
            _("Đã có sẵn trong năm %(year)s hoặc không còn đơn vị hoạt động, giữ nguyên: %(names)s.")
            % {"year": year + 1, "names": ", ".join(skipped)},
        )
    return redirect(f"{reverse('emulation:group-list')}?year={year + 1}")


# -- detail --------------------------------------------------------------------------------------------------


def render_group_detail(request, group: EmulationGroup, *, flag_form: FlagVoteForm | None = None, status: int = 200):
    """The group's page; `flag_form` is a bound form to show again with its errors."""
    can_change = request.user.has_perm("emulation.change_group", group)
    memberships = sorted(group.memberships.all(), key=lambda m: (ROLE_ORDER[m.role], m.unit.sort_key))
    for membership in memberships:
        membership.role_label = role_label(group, membership.role)
    totals = selectors.sheet_totals(group=group)
    scored = {row["unit"].pk for row in totals}
    votes = list(selectors.flag_votes(group=group))
    for vote in votes:
        vote.percent_text = formatting.percent(vote.agree, vote.total)
    rated = [m.unit for m in memberships if m.is_rated]
    flags = selectors.flag_types(year=group.year)
    if can_change and flag_form is None:
        flag_form = FlagVoteForm(
            candidates=Unit.objects.filter(pk__in=[unit.pk for unit in rated]).order_by("sort_key"),
            member_count=len(memberships),
            flags=flags,
        )
    previous_group, next_group = selectors.group_neighbours(user=request.user, group=group)
    context = {
        "group": group,
        "kind_word": kind_word(group),
        "memberships": memberships,
        "head": next((m.unit for m in memberships if m.role == MemberRole.HEAD), None),
        "pledges": selectors.group_pledges(group=group),
        "totals": totals,
        "unscored": [m for m in memberships if m.unit_id not in scored],
        "template": selectors.group_template(group=group),
        "votes": votes,
        "threshold": votes[0].threshold_percent if votes else ruleset_for_year(group.year).flag_vote_percent,
        "flag_names": " / ".join(str(flag) for flag in flags),
        "previous_group": previous_group,
        "next_group": next_group,
        "can_change": can_change,
        "flag_form": flag_form if can_change else None,
    }
    return render(request, "emulation/group_detail.html", context, status=status)


@login_required
@require_GET
def group_detail(request, pk: int):
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    return render_group_detail(request, group)


# -- create and edit -----------------------------------------------------------------------------------------


def _save_group(request, form: GroupForm, *, expected_version=None):
    group = form.save(commit=False)
    try:
        services.group_save(
            group=group, roles=form.cleaned_data["roles"], by=request.user, expected_version=expected_version
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    return group


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    require_perm(request.user, "emulation.create")
    organisers = list(organisers_for(request.user))
    if not organisers:
        raise PermissionDenied  # e.g. a regional clerk: clusters are organised by provincial procuracies
    chosen = request.GET.get("organiser", "")
    organiser = next((unit for unit in organisers if str(unit.pk) == chosen), None)
    if organiser is None and len(organisers) == 1:
        organiser = organisers[0]
    if organiser is None:
        return render(request, "emulation/group_form.html", {"organisers": organisers, "group": None})
    form = GroupForm(
        request.POST or None,
        instance=EmulationGroup(),
        organiser=organiser,
        candidates=member_candidates(request.user, organiser),
    )
    if request.method == "POST" and form.is_valid():
        group = _save_group(request, form)
        if group is not None:
            messages.success(request, _("Đã tạo %(group)s.") % {"group": group})
            return redirect("emulation:group-detail", pk=group.pk)
    context = {"form": form, "group": None, "organiser": organiser, "organisers": organisers}
    return render(request, "emulation/group_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_update(request, pk: int):
    group = get_visible_or_404(selectors.group_detail, user=request.user, pk=pk)
    require_perm(request.user, "emulation.change_group", group)
    form = GroupForm(
        request.POST or None,
        instance=group,
        organiser=group.organiser,
        candidates=member_candidates(request.user, group.organiser, group),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_group(request, form, expected_version=form.cleaned_data["version"])
        if saved is not None:
            messages.success(request, _("Đã lưu %(group)s.") % {"group": saved})
            return redirect("emulation:group-detail", pk=saved.pk)
    context = {"form": form, "group": group, "organiser": group.organiser}
    return render(request, "emulation/group_form.html", context)


# -- members -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def membership_not_rated(request, pk: int):
    membership = get_visible_or_404(selectors.membership_detail, user=request.user, pk=pk)
    group = membership.group
    require_perm(request.user, "emulation.change_group", group)
    form = NotRatedForm(request.POST or None, initial={"reason": membership.not_rated_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_mark_not_rated(
                membership=membership, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            messages.success(
                request,
                _("Đã ghi %(unit)s không được xét thi đua năm %(year)s.")
                % {"unit": membership.unit, "year": group.year},
            )
            return redirect("emulation:group-detail", pk=group.pk)
    context = {"form": form, "membership": membership, "group": group}
    return render(request, "emulation/group_not_rated.html", context)
