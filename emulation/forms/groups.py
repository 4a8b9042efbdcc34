"""Forms of clusters and blocs (Cụm, Khối thi đua): the list filter, the group with one role select per
candidate unit, "not rated" with its reason, and copying an organiser's groups to the next year."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from emulation.enums import GroupKind, GroupLevel, MemberRole
from emulation.models import EmulationGroup
from units.common.forms import add_service_errors
from units.enums import UnitLevel
from units.forms import UnitChoiceField, VersionedForm
from units.models import Unit

SELECT = {"class": "form-select"}
NOT_MEMBER = ""
ROLE_CHOICES = [
    (NOT_MEMBER, _("— không tham gia —")),
    (MemberRole.MEMBER, _("Thành viên")),
    (MemberRole.DEPUTY, _("Phó")),
    (MemberRole.HEAD, _("Trưởng")),
]
# Errors of emulation.services.group_save about the members (not fields of the form): shown above the members.
MEMBER_ERROR_KEYS = ("head", "deputy", "units")


class GroupFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", _("Tất cả")), *GroupLevel.choices])
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Cụm và Khối")), *GroupKind.choices])

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả các năm")), *((year, year) for year in years)]
        for field in self.fields.values():
            field.widget.attrs.update(SELECT)


class GroupForm(VersionedForm):
    """The group's name, kind and year, and one role select per candidate unit (the organiser's units).

    `cleaned_data["roles"]` maps the chosen Units to their roles, ready for emulation.services.group_save.
    """

    class Meta:
        model = EmulationGroup
        fields = ["name", "kind", "year"]

    def __init__(self, *args, organiser: Unit, candidates: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organiser = organiser
        # VKSND tối cao organises the sector's clusters and blocs; a provincial procuracy those of its units.
        self.instance.level = GroupLevel.SECTOR if organiser.level == UnitLevel.SUPREME else GroupLevel.PROVINCIAL
        if not self.instance.pk and not self.initial.get("year"):
            # On `self.initial`: a ModelForm's initial holds the new instance's empty year, which hides a field's.
            self.initial["year"] = cal.default_year_for_emulation_groups()
        self.fields["name"].widget.attrs["placeholder"] = _("Cụm thi đua số 1")
        current = {m.unit_id: m.role for m in self.instance.memberships.all()} if self.instance.pk else {}
        self.candidates = candidates
        for unit in candidates:
            self.fields[self.role_field(unit)] = forms.ChoiceField(
                label=str(unit),
                choices=ROLE_CHOICES,
                required=False,
                initial=current.get(unit.pk, NOT_MEMBER),
                widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": str(unit)}),
            )

    @staticmethod
    def role_field(unit: Unit) -> str:
        return f"role_{unit.pk}"

    def _rows(self, *, closed: bool) -> list[tuple[Unit, forms.BoundField]]:
        return [
            (unit, self[self.role_field(unit)]) for unit in self.candidates if (unit.valid_to is not None) == closed
        ]

    @property
    def active_rows(self) -> list[tuple[Unit, forms.BoundField]]:
        """(unit, role select) of the candidates still active."""
        return self._rows(closed=False)

    @property
    def closed_rows(self) -> list[tuple[Unit, forms.BoundField]]:
        """(unit, role select) of the candidates already dissolved or merged (for the groups of past years)."""
        return self._rows(closed=True)

    @property
    def closed_in_use(self) -> bool:
        """A closed unit is chosen or has an error: its section is shown open."""
        return any(field.value() or field.errors for _unit, field in self.closed_rows)

    def clean(self):
        cleaned = super().clean()
        roles = {unit: cleaned[self.role_field(unit)] for unit in self.candidates if cleaned.get(self.role_field(unit))}
        year = cleaned.get("year")
        if year:
            for unit in roles:
                if unit.valid_to and unit.valid_to < datetime.date(year, 1, 1):
                    self.add_error(
                        self.role_field(unit),
                        _("%(unit)s đã ngừng hoạt động từ %(date)s, không thể tham gia Cụm, Khối năm %(year)s.")
                        % {"unit": unit, "date": unit.valid_to.strftime("%d/%m/%Y"), "year": year},
                    )
                elif unit.valid_from and unit.valid_from > datetime.date(year, 12, 31):
                    self.add_error(
                        self.role_field(unit),
                        _("%(unit)s được thành lập từ %(date)s, chưa có trong năm %(year)s.")
                        % {"unit": unit, "date": unit.valid_from.strftime("%d/%m/%Y"), "year": year},
                    )
            name = cleaned.get("name")
            clash = EmulationGroup.objects.filter(organiser=self.instance.organiser, year=year, name=name)
            if name and clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "name", _("Năm %(year)s đơn vị tổ chức đã có “%(name)s”.") % {"year": year, "name": name}
                )
        cleaned["roles"] = roles
        return cleaned

    @property
    def member_errors(self) -> list[str]:
        return list(getattr(self, "_member_errors", []))

    def add_service_errors(self, exc) -> None:
        """Errors of services.group_save: member rules go above the members table, the rest where they belong."""
        if hasattr(exc, "error_dict"):
            self._member_errors = [
                text for key in MEMBER_ERROR_KEYS for error in exc.error_dict.get(key, []) for text in error
            ]
            rest = {key: value for key, value in exc.error_dict.items() if key not in MEMBER_ERROR_KEYS}
            if not rest:
                return
            exc = type(exc)(rest)
        add_service_errors(self, exc)


class NotRatedForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không xét thi đua"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Có cán bộ bị kỷ luật; để xảy ra vi phạm nghiêm trọng trong năm."),
    )


class GroupCopyForm(forms.Form):
    organiser = UnitChoiceField(
        queryset=Unit.objects.none(), label=_("Đơn vị tổ chức"), widget=forms.Select(attrs=SELECT)
    )
    year = forms.IntegerField(
        label=_("Sao chép các Cụm, Khối của năm"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR - 1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
