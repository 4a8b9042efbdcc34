"""Signed decisions (issue 21): the check of a decision's signatures again on request, and the trusted roots.

The recheck is for those who may edit the decision (`awards.change_decision`; others who see it get 403, those
outside its scope 404). The trusted roots are the administrators' (`awards.manage_rules`, as the rule sets): 403 for
anybody else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.register import selectors, signatures
from awards.register.forms import TrustRootForm
from awards.register.models import TrustRoot
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404, require_perm

MANAGE = "awards.manage_rules"


@login_required
@require_POST
def decision_signature_check(request, pk: int):
    decision = get_visible_or_404(selectors.decision_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_decision", decision)
    check = signatures.decision_signature_check(decision=decision, by=request.user)
    if check is None:
        messages.warning(request, _("Quyết định chưa có bản chụp dạng PDF để kiểm tra chữ ký số."))
    else:
        messages.info(request, _("Đã kiểm tra lại chữ ký số: %(summary)s") % {"summary": check.summary})
    return redirect(reverse("awards:decision-detail", args=[decision.pk]) + "#signature-check")


@login_required
@require_http_methods(["GET", "POST"])
def trust_root_list(request):
    """The installed roots, and the form that installs one more."""
    require_perm(request.user, MANAGE)
    form = TrustRootForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            root = signatures.trust_root_add(
                certificate=form.cleaned_data["certificate"], name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã cài đặt chứng thư gốc “%(name)s”.") % {"name": root.name})
            return redirect("awards:trust-root-list")
    roots = list(signatures.trust_root_list())
    for root in roots:
        root.expired = signatures.is_expired(root)
    return render(request, "awards/signatures/trust_root_list.html", {"form": form, "roots": roots})


def _set_active(request, pk: int, *, active: bool):
    require_perm(request.user, MANAGE)
    root = signatures.trust_root_set_active(root=get_object_or_404(TrustRoot, pk=pk), active=active, by=request.user)
    if active:
        messages.success(request, _("Đã dùng lại chứng thư gốc “%(name)s”.") % {"name": root.name})
    else:
        messages.success(
            request,
            _("Đã ngừng dùng chứng thư gốc “%(name)s”; các lần kiểm tra sau không còn tin cậy chứng thư này.")
            % {"name": root.name},
        )
    return redirect("awards:trust-root-list")


@login_required
@require_POST
def trust_root_deactivate(request, pk: int):
    return _set_active(request, pk, active=False)


@login_required
@require_POST
def trust_root_activate(request, pk: int):
    return _set_active(request, pk, active=True)
