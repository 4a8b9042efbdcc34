"""The administrators' pages of the rule sets: the versions by date with their legal bases and periods, one set with
every value, its authority matrix and its bonus multipliers, the forms that change them, a new version from a set,
and the history.

Administrators only (`awards.manage_rules`): anybody else gets 403 on every page, as on the security log. A
rule set is not `Versioned`: no optimistic lock (the last save wins; the history shows both)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from awards.catalogue import selectors, services
from awards.catalogue.forms import RULESET_GROUPS, AuthorityForm, BonusRatesForm, RuleSetCopyForm, RuleSetForm
from awards.catalogue.models import RuleSet
from units.common.forms import add_service_errors
from units.common.views import get_visible_or_404, require_perm

PERM = "awards.manage_rules"
DUPLICATE = gettext_lazy("Đã có bộ quy tắc áp dụng từ ngày này.")


def _ruleset(request, pk: int) -> RuleSet:
    require_perm(request.user, PERM)
    return get_visible_or_404(selectors.ruleset_get, pk=pk)


def _values(ruleset: RuleSet) -> list[tuple[str, list[tuple[str, object, str]]]]:
    """[(group title, [(label, value as shown, help text)])] in the groups of the form."""
    groups = []
    for title, names in RULESET_GROUPS:
        rows = []
        for name in names:
            field = RuleSet._meta.get_field(name)
            value = getattr(ruleset, name)
            if field.choices:
                value = getattr(ruleset, f"get_{name}_display")()
            elif isinstance(value, bool):
                value = _("Có") if value else _("Không")
            rows.append((str(field.verbose_name), value, str(field.help_text)))
        groups.append((title, rows))
    return groups


@login_required
@require_GET
def ruleset_list(request):
    require_perm(request.user, PERM)
    return render(request, "awards/ruleset_list.html", {"rulesets": selectors.ruleset_list()})


@login_required
@require_GET
def ruleset_detail(request, pk: int):
    ruleset = _ruleset(request, pk)
    levels, rows = selectors.authority_matrix(ruleset)
    bonus_types, rates = selectors.bonus_rates(ruleset)
    context = {
        "ruleset": ruleset,
        "groups": _values(ruleset)[1:],  # the first group (name, date, legal basis) heads the page
        "levels": levels,
        "matrix": rows,
        "bonus_rows": [(award_type, rates.get(award_type.pk)) for award_type in bonus_types],
    }
    return render(request, "awards/ruleset_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ruleset_update(request, pk: int):
    ruleset = _ruleset(request, pk)
    form = RuleSetForm(request.POST or None, instance=ruleset)
    if request.method == "POST" and form.is_valid():
        try:
            services.ruleset_save(ruleset=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc, duplicate=DUPLICATE)
        else:
            messages.success(request, _("Đã lưu bộ quy tắc."))
            return redirect("awards:ruleset-detail", pk=ruleset.pk)
    groups = [(title, [form[name] for name in names]) for title, names in RULESET_GROUPS]
    return render(request, "awards/ruleset_form.html", {"ruleset": ruleset, "form": form, "groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def ruleset_authority(request, pk: int):
    ruleset = _ruleset(request, pk)
    levels, rows = selectors.authority_matrix(ruleset)
    form = AuthorityForm(
        request.POST or None,
        award_types=[row.award_type for row in rows],
        levels=levels,
        cells=selectors.authority_cells(ruleset),
    )
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = services.authority_save(ruleset=ruleset, cells=form.changed_cells(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lưu thẩm quyền: thêm %(added)s, bỏ %(removed)s.") % {"added": added, "removed": removed}
            )
            return redirect("awards:ruleset-detail", pk=ruleset.pk)
    context = {
        "ruleset": ruleset,
        "form": form,
        "levels": levels,
        "rows": [(t, [form[n] for n in names]) for t, names in form.rows],
    }
    return render(request, "awards/ruleset_authority.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ruleset_bonus(request, pk: int):
    """The bonus multipliers of the set's award types (hệ số × mức lương cơ sở), for individuals and collectives."""
    ruleset = _ruleset(request, pk)
    award_types, rates = selectors.bonus_rates(ruleset)
    form = BonusRatesForm(request.POST or None, award_types=award_types, rates=rates)
    if request.method == "POST" and form.is_valid():
        try:
            added, changed, removed = services.bonus_rates_save(
                ruleset=ruleset, rows=form.changed_rows(), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã lưu mức tiền thưởng: thêm %(added)s, sửa %(changed)s, bỏ %(removed)s.")
                % {"added": added, "changed": changed, "removed": removed},
            )
            return redirect(f"{reverse('awards:ruleset-detail', args=[ruleset.pk])}#bonus")
    rows = [(award_type, {part: form[name] for part, name in names.items()}) for award_type, names in form.rows]
    return render(request, "awards/ruleset_bonus.html", {"ruleset": ruleset, "form": form, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def ruleset_copy(request, pk: int):
    source = _ruleset(request, pk)
    form = RuleSetCopyForm(request.POST or None, initial={"name": source.name, "legal_basis": source.legal_basis})
    if request.method == "POST" and form.is_valid():
        try:
            ruleset = services.ruleset_copy(source=source, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc, duplicate=DUPLICATE)
        else:
            messages.success(
                request,
                _("Đã tạo bộ quy tắc áp dụng từ ngày %(date)s. Hãy sửa các giá trị mà văn bản mới thay đổi.")
                % {"date": ruleset.effective_from.strftime("%d/%m/%Y")},
            )
            return redirect("awards:ruleset-detail", pk=ruleset.pk)
    return render(request, "awards/ruleset_copy.html", {"source": source, "form": form})


@login_required
@require_GET
def ruleset_history(request, pk: int):
    ruleset = _ruleset(request, pk)
    return render(
        request, "awards/ruleset_history.html", {"ruleset": ruleset, "entries": selectors.ruleset_history(ruleset)}
    )
