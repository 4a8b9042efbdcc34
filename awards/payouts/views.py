"""The pages of bonus money: a decision's payouts (the amounts, lập danh sách chi, recipients paid, the list as PDF and
.xlsx), one payout's edit with its history, the reward funds (list, page, sources, .xlsx report) and the base
salaries (administrators)."""

import dataclasses
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.catalogue import calendar as cal
from awards.catalogue.models import BaseSalary
from awards.payouts import documents, selectors, services
from awards.payouts.forms import (
    FUND_DUPLICATE,
    BaseSalaryForm,
    FundFilterForm,
    FundForm,
    FundSourceForm,
    PayoutForm,
    PayoutsPaidForm,
)
from awards.payouts.models import FundSource, RewardFund
from awards.payouts.rules import PAY_ROLES
from awards.register.models import Decision
from awards.register.selectors import decision_get
from units.common import pdf
from units.common.docx import docx_response
from units.common.forms import add_service_errors
from units.common.paging import query_without_page
from units.common.text import fold
from units.common.views import get_visible_or_404, require_perm
from units.scope import scope_q
from units.selectors import object_history, units_visible_to
from units.services import StaleEdit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _download(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    # ASCII only: browsers disagree on non-ASCII names in the plain `filename` parameter.
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


# -- a decision's payouts ---------------------------------------------------------------------------------------------


def _decision(request, pk: int, perm: str = "awards.view_payouts") -> Decision:
    decision = get_visible_or_404(decision_get, user=request.user, pk=pk)
    require_perm(request.user, perm, decision)
    return decision


# Rows of the bonus page (the lists' page size): a decision of the sector has thousands of recipients; the totals
# count them all.
ROWS_PER_PAGE = 50


def _render_payouts(request, decision: Decision, paid_form: PayoutsPaidForm | None = None, *, status: int = 200):
    sheet = selectors.payout_sheet(user=request.user, decision=decision, lean=True)
    page = Paginator(sheet.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_details(decision=decision, rows=list(page.object_list))
    # The check boxes are those of the rows shown: a clerk marks a page paid at a time.
    payable = [row.payout for row in page.object_list if row.payable]
    if paid_form is None and payable:
        paid_form = PayoutsPaidForm(payouts=payable)
    context = {
        "decision": decision,
        "sheet": sheet,
        "page": page,
        "query_string": query_without_page(request),
        "paid_form": paid_form if payable else None,
        "can_prepare": sheet.changeable and request.user.has_perm("awards.change_payouts", decision),
    }
    return render(request, "awards/payouts/decision_payouts.html", context, status=status)


@login_required
@require_GET
def decision_payouts(request, pk: int):
    """Each recipient's bonus and the total; the clerk prepares the list and marks recipients paid here."""
    return _render_payouts(request, _decision(request, pk))


@login_required
@require_POST
def payouts_prepare(request, pk: int):
    decision = _decision(request, pk, "awards.change_payouts")
    awards = list(selectors.payout_awards(user=request.user, decision=decision, roles=PAY_ROLES))
    if not awards:
        raise PermissionDenied
    result = services.payouts_prepare(decision=decision, awards=awards, by=request.user)
    messages.success(
        request,
        _(
            "Đã lập danh sách chi: %(created)s người mới, %(updated)s người tính lại, %(removed)s bỏ (khen thưởng đã "
            "hủy); %(kept)s người đã chi giữ nguyên."
        )
        % dataclasses.asdict(result),
    )
    return redirect("awards:decision-payouts", pk=decision.pk)


@login_required
@require_POST
def payouts_pay(request, pk: int):
    decision = _decision(request, pk, "awards.change_payouts")
    sheet = selectors.payout_sheet(user=request.user, decision=decision)
    form = PayoutsPaidForm(request.POST, payouts=[row.payout for row in sheet.payable_rows])
    if form.is_valid():
        try:
            count = services.payouts_mark_paid(
                payouts=form.chosen(),
                paid_on=form.cleaned_data["paid_on"],
                voucher=form.cleaned_data["voucher"],
                by=request.user,
            )
        except (StaleEdit, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi chi tiền thưởng cho %(count)s người, chứng từ %(voucher)s ngày %(date)s.")
                % {
                    "count": count,
                    "voucher": form.cleaned_data["voucher"],
                    "date": form.cleaned_data["paid_on"].strftime("%d/%m/%Y"),
                },
            )
            return _back_to_page(request, decision)
    return _render_payouts(request, decision, form, status=400)


def _back_to_page(request, decision: Decision):
    """The bonus page the clerk posted from (`?page=N`)."""
    url = reverse("awards:decision-payouts", kwargs={"pk": decision.pk})
    page = request.GET.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


def _list_payouts(request, decision: Decision):
    """The decision's sheet, the payouts its printed list carries and the count of its other recipients."""
    sheet = selectors.payout_sheet(user=request.user, decision=decision)
    return sheet, sheet.listed, sheet.left_out


def _list_name(decision: Decision, extension: str) -> str:
    return f"danh-sach-chi-tien-thuong-{_slug(decision.number)}-{decision.date:%Y%m%d}.{extension}"


@login_required
@require_GET
def payout_list_pdf(request, pk: int, fmt: str = "pdf"):
    """The payout list as PDF, or (`fmt="docx"`) its Word copy made from the same content."""
    decision = _decision(request, pk)
    sheet, payouts, left_out = _list_payouts(request, decision)
    if not sheet.prepared:
        messages.warning(request, _("Hãy lập danh sách chi trước khi in."))
        return redirect("awards:decision-payouts", pk=decision.pk)
    context = documents.payout_list_context(decision=decision, payouts=payouts, left_out=left_out, by=request.user)
    if fmt == "docx":
        return docx_response(pdf.render_docx(documents.LIST_TEMPLATE, context), _list_name(decision, "docx"))
    data = pdf.render_pdf(documents.LIST_TEMPLATE, context)
    return _download(data, "application/pdf", _list_name(decision, "pdf"), inline=True)


@login_required
@require_GET
def payout_list_xlsx(request, pk: int):
    decision = _decision(request, pk)
    sheet, payouts, left_out = _list_payouts(request, decision)
    if not sheet.prepared:
        messages.warning(request, _("Hãy lập danh sách chi trước khi xuất Excel."))
        return redirect("awards:decision-payouts", pk=decision.pk)
    data = documents.payout_list_xlsx(decision=decision, payouts=payouts, left_out=left_out)
    return _download(data, XLSX, _list_name(decision, "xlsx"))


@login_required
@require_http_methods(["GET", "POST"])
def payout_update(request, pk: int):
    payout = get_visible_or_404(selectors.payout_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_payout", payout)
    decision = payout.award.decision
    form = PayoutForm(request.POST or None, instance=payout)
    if request.method == "POST" and form.is_valid():
        try:
            services.payout_save(
                payout=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except (StaleEdit, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lưu tiền thưởng của %(recipient)s.") % {"recipient": payout.award.recipient_name}
            )
            return redirect("awards:decision-payouts", pk=decision.pk)
    context = {"payout": payout, "decision": decision, "form": form, "history": object_history(obj=payout)}
    return render(request, "awards/payouts/payout_form.html", context)


# -- reward funds -----------------------------------------------------------------------------------------------------


def _payable_units(user, *, active: bool = True):
    """The units whose fund the user keeps: the active ones for a new fund (what the picker offers)."""
    units = units_visible_to(user=user)
    q = scope_q(user, "path", PAY_ROLES)
    units = units if q is None else units.filter(q)
    return (units.active() if active else units).order_by("sort_key")


@login_required
@require_GET
def fund_list(request):
    require_perm(request.user, "awards.view_funds")
    data = request.GET.copy()
    if "year" not in data:
        data["year"] = cal.default_year_for_reward_funds()
    form = FundFilterForm(data, units=units_visible_to(user=request.user).order_by("sort_key"))
    form.is_valid()
    funds = list(selectors.fund_list(user=request.user, **form.filters()))
    context = {
        "form": form,
        "funds": funds,
        "totals": {
            "total": sum(fund.total for fund in funds),
            "paid": sum(fund.paid for fund in funds),
            "committed": sum(fund.committed for fund in funds),
            "left": sum(fund.left for fund in funds),
        },
    }
    return render(request, "awards/payouts/fund_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request):
    require_perm(request.user, "awards.add_fund")
    form = FundForm(request.POST or None, units=_payable_units(request.user))
    if request.method == "POST" and form.is_valid():
        fund = form.save(commit=False)
        try:
            services.fund_save(fund=fund, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc, duplicate=FUND_DUPLICATE)
        else:
            messages.success(
                request,
                _("Đã lập quỹ thi đua, khen thưởng năm %(year)s của %(unit)s. Hãy ghi các nguồn quỹ.")
                % {"year": fund.year, "unit": fund.unit},
            )
            return redirect("awards:fund-detail", pk=fund.pk)
    return render(request, "awards/payouts/fund_form.html", {"form": form, "fund": None})


def _fund(request, pk: int, perm: str = "awards.view_fund") -> RewardFund:
    fund = get_visible_or_404(selectors.fund_get, user=request.user, pk=pk)
    require_perm(request.user, perm, fund)
    return fund


@login_required
@require_GET
def fund_detail(request, pk: int):
    fund = _fund(request, pk)
    figures = selectors.fund_figures(fund)
    context = {
        "fund": fund,
        "figures": figures,
        "can_change": request.user.has_perm("awards.change_fund", fund),
        "source_form": FundSourceForm() if request.user.has_perm("awards.change_fund", fund) else None,
    }
    return render(request, "awards/payouts/fund_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fund_update(request, pk: int):
    fund = _fund(request, pk, "awards.change_fund")
    form = FundForm(request.POST or None, instance=fund, units=_payable_units(request.user, active=False))
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_save(
                fund=form.save(commit=False), by=request.user, expected_version=form.cleaned_data["version"]
            )
        except (StaleEdit, ValidationError) as exc:
            add_service_errors(form, exc, duplicate=FUND_DUPLICATE)
        else:
            messages.success(request, _("Đã lưu quỹ."))
            return redirect("awards:fund-detail", pk=fund.pk)
    context = {"form": form, "fund": fund, "history": object_history(obj=fund)}
    return render(request, "awards/payouts/fund_form.html", context)


@login_required
@require_GET
def fund_xlsx(request, pk: int):
    fund = _fund(request, pk)
    data = documents.fund_xlsx(fund=fund, figures=selectors.fund_figures(fund))
    return _download(data, XLSX, f"quy-thi-dua-khen-thuong-{fund.year}-{_slug(fund.unit.code)}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def fund_source_create(request, pk: int):
    fund = _fund(request, pk, "awards.change_fund")
    form = FundSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save(commit=False)
        source.fund = fund
        try:
            services.fund_source_save(source=source, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nguồn quỹ “%(name)s”.") % {"name": source.name})
            return redirect("awards:fund-detail", pk=fund.pk)
    return render(request, "awards/payouts/fund_source_form.html", {"form": form, "fund": fund, "source": None})


def _source(request, pk: int) -> FundSource:
    source = get_visible_or_404(selectors.fund_source_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.change_fund", source.fund)
    return source


@login_required
@require_http_methods(["GET", "POST"])
def fund_source_update(request, pk: int):
    source = _source(request, pk)
    form = FundSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_source_save(source=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu nguồn quỹ “%(name)s”.") % {"name": source.name})
            return redirect("awards:fund-detail", pk=source.fund_id)
    context = {"form": form, "fund": source.fund, "source": source, "history": object_history(obj=source)}
    return render(request, "awards/payouts/fund_source_form.html", context)


@login_required
@require_POST
def fund_source_delete(request, pk: int):
    source = _source(request, pk)
    services.fund_source_delete(source=source, by=request.user)
    messages.success(request, _("Đã xóa nguồn quỹ “%(name)s”.") % {"name": source.name})
    return redirect("awards:fund-detail", pk=source.fund_id)


# -- base salaries ----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def base_salary_list(request):
    """The base salaries by date, and the form of a new one (administrators, as the rule sets)."""
    require_perm(request.user, "awards.manage_rules")
    form = BaseSalaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        salary = form.save(commit=False)
        try:
            services.base_salary_save(salary=salary, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi mức lương cơ sở áp dụng từ ngày %(date)s.")
                % {"date": salary.effective_from.strftime("%d/%m/%Y")},
            )
            return redirect("awards:base-salary-list")
    history = BaseSalary.history.select_related("history_user").order_by("-history_date", "-history_id")[:50]
    context = {"form": form, "salaries": selectors.base_salaries(), "history": history}
    return render(request, "awards/payouts/base_salary_list.html", context)
