"""Forms of registrations (đăng ký thi đua): the list filter and the choice of unit, year and title that opens
the bulk form of a unit (whose ticks are read by the view: one checkbox per person or unit)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.models import AwardType
from units.forms import UnitPickerField
from units.scope import EDIT_ROLES

SELECT = {"class": "form-select"}


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardType) -> str:
        return f"{obj.name} ({obj.abbreviation})" if obj.abbreviation != obj.name else obj.name


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )
    award_type = AwardTypeChoiceField(queryset=AwardType.objects.none(), required=False, label=_("Danh hiệu"))

    def __init__(self, *args, units, award_types, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả các năm")), *cal.year_choices(years)]
        self.fields["unit"].queryset = units
        self.fields["award_type"].queryset = award_types
        self.fields["award_type"].empty_label = _("Tất cả danh hiệu")
        for name, field in self.fields.items():
            field.widget.attrs.update({"class": "form-control"} if name == "q" else SELECT)


class RegistrationScopeForm(forms.Form):
    """Which unit registers whom for which title in which year: submitted by GET, it opens the ticks."""

    # The active units the user enters data for (units_editable_by).
    unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị đăng ký"))
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    award_type = AwardTypeChoiceField(queryset=AwardType.objects.none(), label=_("Danh hiệu đăng ký"))

    def __init__(self, *args, units, award_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = cal.year_choices()
        self.fields["year"].initial = cal.default_year_for_registrations()
        self.fields["award_type"].queryset = award_types
        for field in self.fields.values():
            field.widget.attrs.update(SELECT)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(_("Năm không hợp lệ."))
        return year
