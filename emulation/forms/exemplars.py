from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from emulation.models import Exemplar
from units.common.formatting import decision_number, short_date
from units.common.forms import PlainSelect
from units.forms import PersonPickerField, UnitPickerField, VersionedForm
from units.models import Person
from units.scope import EDIT_ROLES

SELECT = {"class": "form-select"}


class ExemplarFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Năm"), required=False, coerce=int, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    movement = forms.ModelChoiceField(
        label=_("Phong trào thi đua"),
        required=False,
        queryset=None,
        empty_label=_("Tất cả phong trào"),
        widget=PlainSelect(attrs=SELECT),
    )
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị phát hiện (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )

    def __init__(self, *args, units, years, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["movement"].queryset = movements
        self.fields["year"].choices = [("", _("Tất cả các năm")), *((year, year) for year in years)]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": data.get("year"), "movement": data.get("movement"), "within": data.get("unit")}


def award_label(award) -> str:
    """An award as the select names it: "Bằng khen của … năm 2023 – Quyết định số 12/QĐ-VKSTC ngày 05/12/2023"."""
    decision = award.decision
    return _("%(type)s năm %(year)s – Quyết định số %(number)s ngày %(date)s") % {
        "type": award.award_type.name,
        "year": award.year,
        "number": decision_number(decision.number),
        "date": short_date(decision.date),
    }


class AwardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return award_label(obj)


class ExemplarForm(VersionedForm):
    # The active units the user enters data for (a closed one the exemplar names stays, shown as chosen).
    found_by = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị phát hiện, bồi dưỡng"))
    # One of the two is the exemplar; both pickers offer the staff and units the user enters data for.
    person = PersonPickerField(
        queryset=Person.objects.none(),
        roles=EDIT_ROLES,
        required=False,
        label=_("Cá nhân điển hình"),
        help_text=_("Chọn một cá nhân, hoặc một tập thể ở ô dưới (không chọn cả hai)."),
    )
    unit = UnitPickerField(roles=EDIT_ROLES, closed=True, required=False, label=_("Tập thể điển hình"))
    # The awards of the recipient (the one saved, or the one just posted); static/js/exemplar-award.js refreshes
    # the list when another recipient is picked.
    award = AwardChoiceField(
        queryset=None,
        required=False,
        label=_("Khen thưởng"),
        empty_label=_("— Chưa có khen thưởng —"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("Khen thưởng mà điển hình được đề nghị và nhận, trong sổ khen thưởng của cá nhân, tập thể đó."),
        error_messages={"invalid_choice": _("Khen thưởng đã chọn không phải của cá nhân, tập thể điển hình này.")},
    )

    stale_subject = _("điển hình tiên tiến")

    class Meta:
        model = Exemplar
        fields = ["year", "movement", "found_by", "person", "unit", "achievement", "fostering", "award"]
        widgets = {
            # Written in Python: the administrator's list holds every movement of the sector.
            "movement": PlainSelect(),
            "achievement": forms.Textarea(attrs={"rows": 3}),
            "fostering": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "achievement": _("Ví dụ: Dẫn đầu Khối thi đua Nội chính; 100% án kiểm sát đúng hạn, không án trả hồ sơ."),
        }

    def __init__(
        self,
        *args,
        units: QuerySet,
        movements: QuerySet,
        awards_of: Callable[..., QuerySet],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if not instance.pk:
            self.fields["year"].initial = cal.default_year_for_exemplars()
        # Closed units and staff now outside the user's scope are offered only where the exemplar already names
        # them: an exemplar of 2021 keeps its district procuracy and its person who moved away since.
        self.fields["found_by"].queryset = units.filter(Q(valid_to__isnull=True) | Q(pk=instance.found_by_id))
        self.fields["unit"].queryset = units.model.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=instance.unit_id))
        self.fields["person"].queryset = Person.objects.filter(
            Q(unit__in=units.values("pk")) | Q(pk=instance.person_id)
        ).select_related("unit")
        # What an option prints only: the administrator's drop-down holds every movement of the sector.
        self.fields["movement"].queryset = movements.only("pk", "name")
        self.fields["movement"].empty_label = _("— Không gắn với phong trào —")
        self.fields["movement"].widget.attrs.update(SELECT)
        person, unit = self._recipient()
        self.fields["award"].queryset = awards_of(person=person, unit=unit)

    def _recipient(self):
        """The recipient whose awards the select offers: the one posted (read as its field reads it), else the
        exemplar's own."""
        if not self.is_bound:
            return self.instance.person if self.instance.person_id else None, (
                self.instance.unit if self.instance.unit_id else None
            )
        found = {}
        for name in ("person", "unit"):
            text = " ".join(str(self.data.get(self.add_prefix(name), "")).split())
            try:
                found[name] = self.fields[name].find(text) if text else None
            except ValidationError:
                found[name] = None
        return found["person"], found["unit"]

    def clean(self):
        cleaned = super().clean()
        person, unit = cleaned.get("person"), cleaned.get("unit")
        # On the field, not above the form: a field in error leaves the model's constraint unchecked, which would
        # say the same in English.
        if "person" not in self.errors and "unit" not in self.errors and (person is None) == (unit is None):
            self.add_error("person", _("Điển hình tiên tiến là một cá nhân hoặc một tập thể: chọn đúng một trong hai."))
        return cleaned
