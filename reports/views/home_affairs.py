"""The Home Affairs statistics forms 0601–0603 (Thông tư 02/2023/TT-BNV) of a unit and a year: their figures on the
page and each as an .xlsx in the ministry's layout, for those who may draft the unit's reports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reports import home_affairs, selectors
from reports.forms import StatisticsFormsForm
from units.common.views import require_perm
from units.importing import CONTENT_TYPES


def _form(request) -> StatisticsFormsForm:
    """The unit and year, bound once a unit is asked for; the units are those the user may draft reports of."""
    units = selectors.units_writable_by(user=request.user)
    return StatisticsFormsForm(request.GET if "unit" in request.GET else None, units=units)


@login_required
@require_GET
def statistics_forms(request):
    require_perm(request.user, "reports.make_statistics_forms")
    form = _form(request)
    computed = []
    if form.is_bound and form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        computed = list(home_affairs.compute_forms(unit=unit, year=year).values())
    context = {"form": form, "computed": computed, "query": request.GET.urlencode() if computed else ""}
    return render(request, "reports/statistics_forms.html", context)


@login_required
@require_GET
def statistics_form_xlsx(request, code: str):
    """One form as an .xlsx; a form, unit or year the user may not ask for is not found (the page's buttons always
    carry a valid one)."""
    require_perm(request.user, "reports.make_statistics_forms")
    form = _form(request)
    if code not in home_affairs.FORM_CODES or not form.is_bound or not form.is_valid():
        raise Http404
    statistics_form = home_affairs.compute_form(
        unit=form.cleaned_data["unit"], year=form.cleaned_data["year"], code=code
    )
    response = HttpResponse(home_affairs.workbook([statistics_form]), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{statistics_form.filename}"'
    return response
