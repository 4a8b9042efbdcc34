import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units import selectors
from units.common.forms import PickerInput
from units.enums import UnitLevel
from units.models import Person, Unit
from units.services import stale_edit

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}, format="%d/%m/%Y")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        indent = "\u2003" * max(obj.depth, 0)
        return f"{indent}{obj.short_name or obj.name} ({obj.code})"


# -- pickers: search-as-you-type over units:person-lookup and units:unit-lookup -------------------------------------


def person_choice(person: Person) -> dict:
    """What a picker shows of a member of staff: name and code, then the unit with its parent and the year of birth,
    which tell namesakes apart. Load `unit__parent` with the person."""
    name = f"{person.full_name} ({person.code})"
    born = _("sinh năm %(year)s") % {"year": person.birth_date.year} if person.birth_date else ""
    detail = " · ".join(part for part in (person.unit.label_with_parent, str(born)) if part)
    return {"value": person.code, "id": person.pk, "name": name, "detail": detail, "label": f"{name} – {detail}"}


def unit_choice(unit: Unit) -> dict:
    """What a picker shows of a unit: its name with its parent's ("Phòng Hình sự, VKSND khu vực 1") and its code.
    Load `parent` with the unit."""
    name = unit.label_with_parent
    detail = unit.code if unit.is_active else f"{unit.code} · {_('đã ngừng hoạt động')}"
    return {"value": unit.code, "id": unit.pk, "name": name, "detail": detail, "label": f"{name} ({unit.code})"}


class PersonPicker(PickerInput):
    """The picker of staff. `roles` narrows the look-up to the user's scope of those roles (the form's own), so it
    offers no one the form would refuse; `queryset` (set by the field, or by the form for a text field) describes the
    chosen staff."""

    placeholder = _("Gõ họ tên hoặc mã cán bộ…")

    def __init__(self, *, roles=None, multiple: bool = False, attrs=None):
        params = {"roles": roles} if roles else {}
        super().__init__(url=reverse_lazy("units:person-lookup"), params=params, multiple=multiple, attrs=attrs)
        self.queryset = None

    def items(self, values: list[str]) -> list[dict]:
        if self.queryset is None:
            return []
        return [
            person_choice(person) for person in self.queryset.filter(code__in=values).select_related("unit__parent")
        ]


class UnitPicker(PickerInput):
    """The picker of units (units:unit-lookup), for issue-20's unit fields and filters; `queryset` as above."""

    placeholder = _("Gõ tên hoặc mã đơn vị…")

    def __init__(self, *, roles=None, multiple: bool = False, attrs=None):
        params = {"roles": roles} if roles else {}
        super().__init__(url=reverse_lazy("units:unit-lookup"), params=params, multiple=multiple, attrs=attrs)
        self.queryset = None

    def items(self, values: list[str]) -> list[dict]:
        if self.queryset is None:
            return []
        return [unit_choice(unit) for unit in self.queryset.filter(code__in=values).select_related("parent")]


PERSON_HELP = _("Gõ vài chữ của họ tên (có dấu hoặc không dấu) hoặc mã cán bộ, rồi chọn trong danh sách.")


def _person_from(queryset, text: str) -> Person:
    found = selectors.persons_matching(queryset, text)
    if not found:
        raise ValidationError(_("Không tìm thấy cán bộ “%(text)s” trong phạm vi đơn vị của bạn.") % {"text": text})
    if len(found) > 1:
        names = "; ".join(f"{person.full_name} ({person.code}, {person.unit.label_with_parent})" for person in found)
        raise ValidationError(
            _("Có nhiều cán bộ khớp với “%(text)s”: %(names)s. Hãy nhập mã cán bộ.") % {"text": text, "names": names}
        )
    return found[0]


class PersonPickerField(forms.ModelChoiceField):
    """One member of staff among `queryset` (the form's scope), chosen in the picker (which sends the staff code)
    or typed without JavaScript as a code or a name."""

    def __init__(self, queryset=None, *, roles=None, **kwargs):
        kwargs.setdefault("widget", PersonPicker(roles=roles))
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(queryset, to_field_name="code", **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        return _person_from(self.queryset, text) if text else None


class PersonsPickerField(forms.ModelMultipleChoiceField):
    """Several members of staff among `queryset`, in the order given (the picker's codes, or codes and names typed
    without JavaScript, separated by commas); each given once."""

    def __init__(self, queryset=None, *, roles=None, **kwargs):
        kwargs.setdefault("widget", PersonPicker(roles=roles, multiple=True))
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(queryset, to_field_name="code", **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def clean(self, value):
        texts = self.widget.values(value)
        if not texts:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        persons, errors = [], []
        for text in texts:
            try:
                person = _person_from(self.queryset, text)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                if person not in persons:
                    persons.append(person)
        if errors:
            raise ValidationError(errors)
        self.run_validators(persons)
        return persons

    def has_changed(self, initial, data):
        initial_codes = [str(code) for code in self.prepare_value(initial or [])]
        return initial_codes != self.widget.values(data)


class VersionField(forms.IntegerField):
    """The hidden version of an edit form: a number, or None for anything else (missing, empty, "abc"), which
    the form and the service refuse as a stale edit rather than as a field error the user cannot see."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a concurrent save is detected (units.services). An edit
    posted without it is refused with the message of a concurrent edit: it cannot say what it started from.
    `stale_subject` names the record in that message, as the service does."""

    version = VersionField()
    stale_subject = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and cleaned_data.get("version") is None:
            self.add_error(None, stale_edit(self.instance, subject=str(self.stale_subject)))
        return cleaned_data


class UnitForm(VersionedForm):
    parent = UnitChoiceField(queryset=Unit.objects.none(), required=False, label=_("Đơn vị cấp trên"))
    predecessors = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Đơn vị tiền thân"),
        help_text=_("Với đơn vị hình thành do sáp nhập: các đơn vị đã được thay thế."),
    )

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "parent",
            "place_name",
            "is_remote_area",
            "valid_from",
            "predecessors",
        ]
        widgets = {"valid_from": DATE_INPUT}

    def __init__(self, *args, parents, predecessors, parent_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = parent_required
        self.fields["predecessors"].queryset = predecessors
        if self.instance.pk:
            # Codes are the keys of imports and documents: they never change once a unit exists.
            self.fields["code"].disabled = True
            self.fields["parent"].queryset = parents.exclude(path__startswith=self.instance.path)
            self.fields["predecessors"].queryset = predecessors.exclude(pk=self.instance.pk)


class UnitCloseForm(forms.Form):
    on_date = forms.DateField(label=_("Ngày ngừng hoạt động"), widget=DATE_INPUT, initial=timezone.localdate)


class PersonForm(VersionedForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    start_date = forms.DateField(
        label=_("Công tác tại đơn vị từ ngày"), required=False, widget=DATE_INPUT, help_text=_("Để trống nếu không rõ.")
    )

    class Meta:
        model = Person
        fields = [
            "code", "full_name", "gender", "birth_date", "position", "is_manager",
            # Printed in "I. Sơ lược lý lịch" of the achievement report; a dotted line there while empty.
            "hometown", "ethnicity", "qualification", "political_theory",
            "unit",
        ]  # fmt: skip
        widgets = {"birth_date": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if self.instance.pk:
            self.fields["code"].disabled = True
            # A move between units is a dated transfer, not an edit.
            self.fields["unit"].disabled = True
            del self.fields["start_date"]

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class PersonTransferForm(forms.Form):
    to_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Chuyển đến đơn vị"))
    on_date = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT, initial=timezone.localdate)
    position = forms.CharField(
        label=_("Chức vụ mới"), required=False, max_length=160, help_text=_("Để trống nếu giữ nguyên.")
    )
    # The manager flag of the new post, recorded in the unit history (what an award's year reads); empty keeps it.
    is_manager = forms.TypedChoiceField(
        label=_("Lãnh đạo, quản lý ở chức vụ mới"),
        required=False,
        choices=[
            ("", _("Giữ nguyên")),
            ("1", _("Có (từ Phó phòng trở lên)")),
            ("0", _("Không (người trực tiếp công tác)")),
        ],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    note = forms.CharField(label=_("Căn cứ (quyết định điều động…)"), required=False, max_length=255)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units

    def clean_on_date(self):
        value = self.cleaned_data["on_date"]
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Ngày điều chuyển quá xa trong tương lai."))
        return value


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *UnitLevel.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    closed = forms.BooleanField(
        label=_("Gồm đơn vị đã ngừng hoạt động"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Đơn vị (gồm trực thuộc)"),
        empty_label=_("Tất cả đơn vị"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    managers = forms.ChoiceField(
        label=_("Chức vụ"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        choices=[("", _("Tất cả")), ("1", _("Lãnh đạo, quản lý")), ("0", _("Người trực tiếp công tác"))],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
