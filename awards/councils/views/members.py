"""Pages of a council's composition: set up a council of a unit for a term or change it, add a member, change a
seat, end a seat, replace a member during the term, and the history of these changes.

Who sees what: the council's secretary and administrators change it (`awards.councils.rules.is_council_secretary`);
those who may read the council (`may_view_council`) read its history and get 403 on the forms; anybody else 404,
as on the other council pages. A new council: administrators and the council secretary role over its unit. The
rules are the services' (`awards.councils.membership`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.councils import membership, selectors
from awards.councils import rules as council_rules
from awards.councils.forms import (
    CouncilForm,
    CouncilMemberChangeForm,
    CouncilMemberForm,
    CouncilMemberLeaveForm,
    CouncilMemberReplaceForm,
)
from awards.councils.models import Council, CouncilMember
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404
from units.models import Unit

MEMBERS_ANCHOR = "thanh-vien"


def _council(request, pk: int) -> Council:
    return get_visible_or_404(selectors.council_detail, user=request.user, pk=pk)


def _require_secretary(request, council: Council) -> None:
    """403 for those who may read the council but not change it."""
    if not council_rules.is_council_secretary(request.user, council):
        raise PermissionDenied


def _member(request, pk: int) -> CouncilMember:
    """A seat of a council the user may see (404 otherwise), for its secretary (403 otherwise)."""
    member = get_visible_or_404(membership.member_get, user=request.user, pk=pk)
    _require_secretary(request, member.council)
    return member


def _members_url(council: Council) -> str:
    return reverse("awards:council-detail", args=[council.pk]) + f"#{MEMBERS_ANCHOR}"


def _seat_page(request, *, council: Council, form, title: str, submit: str, member=None, status: int = 200):
    context = {"council": council, "form": form, "title": title, "submit": submit, "member": member}
    return render(request, "awards/council_member_form.html", context, status=status)


# -- the council -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request):
    if not council_rules.may_create_council(request.user):
        raise PermissionDenied
    form = CouncilForm(request.POST or None, units=membership.council_units_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            council = membership.council_save(council=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thành lập %(council)s. Hãy thêm thành viên.") % {"council": council})
            return redirect("awards:council-detail", pk=council.pk)
    return render(request, "awards/council_form.html", {"form": form, "council": None})


@login_required
@require_http_methods(["GET", "POST"])
def council_update(request, pk: int):
    council = _council(request, pk)
    _require_secretary(request, council)
    form = CouncilForm(request.POST or None, instance=council, units=Unit.objects.filter(pk=council.unit_id))
    if request.method == "POST" and form.is_valid():
        try:
            membership.council_save(council=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin Hội đồng."))
            return redirect("awards:council-detail", pk=council.pk)
    return render(request, "awards/council_form.html", {"form": form, "council": council})


@login_required
@require_GET
def council_history(request, pk: int):
    council = _council(request, pk)
    context = {
        "council": council,
        "entries": membership.council_history(council),
        "is_secretary": council_rules.is_council_secretary(request.user, council),
    }
    return render(request, "awards/council_history.html", context)


# -- seats -------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request, pk: int):
    council = _council(request, pk)
    _require_secretary(request, council)
    form = CouncilMemberForm(
        request.POST or None,
        council=council,
        persons=membership.member_person_choices(council=council),
        users=membership.member_user_choices(council=council),
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = membership.member_add(council=council, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s vào Hội đồng.") % {"name": member.person.full_name})
            return redirect(_members_url(council))
    return _seat_page(
        request,
        council=council,
        form=form,
        title=_("Thêm thành viên Hội đồng"),
        submit=_("Thêm thành viên"),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_update(request, pk: int):
    member = _member(request, pk)
    council = member.council
    form = CouncilMemberChangeForm(
        request.POST or None,
        member=member,
        users=membership.member_user_choices(council=council, keep=member.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership.member_change(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu ghế của %(name)s.") % {"name": member.person.full_name})
            return redirect(_members_url(council))
    return _seat_page(
        request,
        council=council,
        form=form,
        member=member,
        title=_("Sửa thông tin thành viên"),
        submit=_("Lưu"),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request, pk: int):
    member = _member(request, pk)
    council = member.council
    form = CouncilMemberLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.member_leave(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s thôi tham gia Hội đồng từ ngày %(day)s.")
                % {"name": member.person.full_name, "day": form.cleaned_data["left_on"].strftime("%d/%m/%Y")},
            )
            return redirect(_members_url(council))
    return _seat_page(
        request,
        council=council,
        form=form,
        member=member,
        title=_("Thôi tham gia Hội đồng"),
        submit=_("Xác nhận thôi tham gia"),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_replace(request, pk: int):
    member = _member(request, pk)
    council = member.council
    form = CouncilMemberReplaceForm(
        request.POST or None,
        member=member,
        persons=membership.member_person_choices(council=council),
        users=membership.member_user_choices(council=council),
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = membership.member_replace(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            # The new seat's period is the replacement's date; the old seat's end is that date too.
            add_service_errors(form, exc, aliases={"joined_on": "on", "left_on": "on"})
        else:
            messages.success(
                request,
                _("%(new)s thay thế %(old)s trong Hội đồng từ ngày %(day)s.")
                % {
                    "new": new.person.full_name,
                    "old": member.person.full_name,
                    "day": new.joined_on.strftime("%d/%m/%Y"),
                },
            )
            return redirect(_members_url(council))
    return _seat_page(
        request,
        council=council,
        form=form,
        member=member,
        title=_("Thay thế thành viên"),
        submit=_("Thay thế"),
        status=400 if form.errors else 200,
    )
