"""The facts of the year of a unit's staff (rating, months of service, absences, discipline) in one grid: what the
LĐTT exclusions and the chains of the eligibility check read. And the suggestions of higher forms for a unit."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.nominations import eligibility
from awards.nominations.forms import PersonYearFormSet
from awards.register import selectors, services
from awards.register.forms import PersonYearScopeForm
from awards.register.models import PersonYear
from units import selectors as unit_selectors
from units.common.views import require_perm

FACT_FIELDS = ("rating", "service_months", "absence_months", "absence_excused", "discipline", "note")


def _scope(request, *, perm: str):
    units = unit_selectors.units_editable_by(user=request.user).filter(valid_to__isnull=True)
    form = PersonYearScopeForm(request.GET or None, units=units)
    if form.is_valid():
        require_perm(request.user, perm, form.cleaned_data["unit"])
    return form


def _initial(people, records) -> list[dict]:
    rows = []
    for person in people:
        record = records.get(person.pk)
        row = {"person": person.pk, "stamp": record.updated_at.isoformat() if record else ""}
        if record is not None:
            row.update({name: getattr(record, name) for name in FACT_FIELDS})
        rows.append(row)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def person_years(request):
    require_perm(request.user, "awards.nominate")
    form = _scope(request, perm="awards.nominate_for_unit")
    context = {"form": form}
    if not form.is_valid():
        return render(request, "awards/person_years.html", context)
    unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
    people = selectors.unit_staff(unit=unit)
    records = selectors.person_year_records(persons=people, year=year)
    initial = _initial(people, records)
    formset = PersonYearFormSet(request.POST or None, initial=initial, prefix="r")
    errors = []
    if request.method == "POST" and formset.is_valid():
        by_id = {person.pk: person for person in people}
        try:
            saved = _save(formset, by_id, records, year, request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("Đã lưu đánh giá năm %(year)s của %(count)d cán bộ.") % {"year": year, "count": saved}
            )
            return redirect(f"{request.path}?{request.GET.urlencode()}")
    context.update(
        {
            "unit": unit,
            "year": year,
            "rows": list(zip(people, formset.forms, strict=True)),
            "formset": formset,
            "errors": errors,
        }
    )
    failed = request.method == "POST" and (errors or not formset.is_valid())
    return render(request, "awards/person_years.html", context, status=400 if failed else 200)


@transaction.atomic
def _save(formset, people: dict, records: dict, year: int, user) -> int:
    """Save the changed rows, all or none: a row changed meanwhile by someone else refuses the whole grid."""
    problems, saved = [], 0
    for row in formset.forms:
        if not row.has_changed():
            continue
        data = row.cleaned_data
        person = people.get(data["person"])
        if person is None:
            raise ValidationError(_("Bảng có người không thuộc đơn vị đã chọn."))
        record = records.get(person.pk) or PersonYear(person=person, year=year)
        for name in FACT_FIELDS:
            value = data.get(name)
            setattr(record, name, "" if value is None and name in ("rating", "discipline", "note") else value)
        stamp = data.get("stamp") or ""
        try:
            services.person_year_save(
                record=record, by=user, expected_stamp=datetime.datetime.fromisoformat(stamp) if stamp else None
            )
        except ValidationError as exc:
            problems.extend(f"{person.full_name}: {message}" for message in exc.messages)
            continue
        saved += 1
    if problems:
        raise ValidationError(problems)
    return saved


@login_required
def nomination_suggestions(request):
    """People of a unit who now meet the criteria of a higher form and have not been nominated for it."""
    require_perm(request.user, "awards.nominate")
    form = _scope(request, perm="awards.nominate_for_unit")
    context = {"form": form}
    if form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        groups: dict = {}
        for item in eligibility.suggestions(unit, year):
            groups.setdefault(item.award_type, []).append(item)
        ordered = sorted(groups.items(), key=lambda pair: pair[0].report_order)
        context.update({"unit": unit, "year": year, "groups": ordered})
    return render(request, "awards/nomination_suggestions.html", context)
