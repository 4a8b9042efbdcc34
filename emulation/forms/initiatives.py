from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative
from units.forms import DATE_INPUT, PersonPickerField, PersonsPickerField, UnitPickerField, VersionedForm
from units.models import Person
from units.scope import EDIT_ROLES


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    year = forms.TypedChoiceField(
        label=_("Năm"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    level = forms.ChoiceField(
        label=_("Cấp công nhận"),
        required=False,
        choices=[("", _("Tất cả")), *InitiativeLevel.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), *InitiativeStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )

    def __init__(self, *args, units, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = [("", _("Tất cả các năm")), *((year, year) for year in years)]
        self.fields["q"].widget.attrs.setdefault("class", "form-control")


class InitiativeForm(VersionedForm):
    # The active units the user enters data for (a closed one the initiative names stays, shown as chosen).
    unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị"))
    # Pickers (units:person-lookup) over the staff the user sees; the authors already named stay valid.
    main_author = PersonPickerField(queryset=Person.objects.none(), label=_("Tác giả chính"))
    coauthors = PersonsPickerField(queryset=Person.objects.none(), required=False, label=_("Đồng tác giả"))

    class Meta:
        model = Initiative
        fields = [
            "title",
            "unit",
            "domain",
            "year",
            "main_author",
            "coauthors",
            "level",
            "status",
            "decision_number",
            "decision_date",
            "decision_issuer",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "decision_date": DATE_INPUT}
        help_texts = {
            "decision_number": _("Ví dụ: 231/QĐ-VKS. Bắt buộc khi sáng kiến được công nhận."),
            "decision_issuer": _("Ví dụ: VKSND thành phố Huế"),
        }

    def __init__(self, *args, units, persons, **kwargs):
        super().__init__(*args, **kwargs)
        # Closed units and staff now outside the user's scope are offered only where the initiative already
        # names them: an initiative of 2023 keeps its district procuracy and its authors who moved away since.
        named_unit = Q(pk=self.instance.unit_id)
        named_persons = Q(pk__in=[])
        if self.instance.pk:
            authorships = list(self.instance.authorships.all())
            main = next((a.person for a in authorships if a.is_main), authorships[0].person if authorships else None)
            self.fields["main_author"].initial = main
            self.fields["coauthors"].initial = [a.person for a in authorships if a.person != main]
            named_persons = Q(pk__in=[a.person_id for a in authorships])
        else:
            self.fields["year"].initial = cal.default_year_for_initiatives()
        self.fields["unit"].queryset = units.filter(Q(valid_to__isnull=True) | named_unit).order_by("sort_key")
        offered = Person.objects.filter(Q(pk__in=persons.values("pk")) | named_persons).select_related("unit")
        self.fields["main_author"].queryset = offered
        self.fields["coauthors"].queryset = offered

    def clean(self):
        cleaned = super().clean()
        # The database refuses a recognised initiative without its decision; say so on the fields concerned.
        if cleaned.get("status") == InitiativeStatus.RECOGNISED:
            if not cleaned.get("decision_number") and "decision_number" not in self.errors:
                self.add_error("decision_number", _("Sáng kiến được công nhận phải có số quyết định công nhận."))
            if not cleaned.get("decision_date") and "decision_date" not in self.errors:
                self.add_error("decision_date", _("Sáng kiến được công nhận phải có ngày quyết định công nhận."))
        return cleaned

    def authors(self) -> list[Person]:
        """The main author first, then the co-authors (the main author once, if also ticked as co-author)."""
        main = self.cleaned_data["main_author"]
        return [main, *(person for person in self.cleaned_data["coauthors"] if person != main)]
