"""The award register (sổ khen thưởng): search, export to Excel, revocation of one award."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.register import selectors, services
from awards.register.forms import AwardRevokeForm, RegisterFilterForm
from awards.register.resources import AwardResource
from units import exporting
from units.common.forms import add_service_errors
from units.common.paging import keyset_page, query_without_cursor
from units.common.views import get_visible_or_404, require_perm
from units.selectors import units_visible_to
from units.views.exports import export_response


def _filter_form(request) -> RegisterFilterForm:
    return RegisterFilterForm(request.GET or None, units=units_visible_to(user=request.user).order_by("sort_key"))


@login_required
@require_GET
def award_list(request):
    require_perm(request.user, "awards.view_register")
    form = _filter_form(request)
    form.is_valid()
    awards = selectors.register_search(user=request.user, filters=form.filters())
    context = {
        "form": form,
        "page": keyset_page(request, awards, key="year", to_python=int, load=selectors.awards_by_pk),
        "query_string": query_without_cursor(request),
    }
    return render(request, "awards/award_list.html", context)


def _award_export_rows(request):
    """The register's search as the list runs it (the background worker replays the request: units.exporting)."""
    form = _filter_form(request)
    form.is_valid()
    filters = form.filters()
    if exporting.is_import_layout(request.GET):
        # The interchange format has no revocation columns: a revoked award in the file would import as granted.
        # The readable list follows the search, a revoked award marked so in its "Tình trạng" column.
        filters.include_revoked = False
    return selectors.register_search(user=request.user, filters=filters)


# The whole register of the sector (~100,000–300,000 awards) exports: past EXPORT_INLINE_ROWS in the background.
AWARD_EXPORT = exporting.ListExport(
    kind="awards",
    permission="awards.export_register",
    rows=_award_export_rows,
    table=exporting.Table.of(AwardResource),
    list_url_name="awards:award-list",
    interchange=True,
)


@login_required
@require_GET
def award_export(request):
    return export_response(request, AWARD_EXPORT)


def _back_url(request, award) -> str:
    """Where to go after a revocation: the page the user came from, else the recipient's page."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    if award.person_id:
        return reverse("units:person-detail", args=[award.person_id])
    return reverse("units:unit-detail", args=[award.unit_id])


@login_required
@require_http_methods(["GET", "POST"])
def award_revoke(request, pk: int):
    award = get_visible_or_404(selectors.award_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.revoke_award", award)
    back = _back_url(request, award)
    form = AwardRevokeForm(request.POST or None)
    if request.method == "POST" and not award.is_revoked and form.is_valid():
        try:
            services.award_revoke(
                award=award,
                on=form.cleaned_data["revoked_on"],
                revoking_decision=form.cleaned_data["revoking_decision"],
                reason=form.cleaned_data["revocation_reason"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã hủy “%(type)s” năm %(year)s của %(recipient)s.")
                % {"type": award.award_type.name, "year": award.year, "recipient": award.recipient_name},
            )
            return redirect(back)
    return render(request, "awards/award_revoke.html", {"award": award, "form": form, "back": back})
