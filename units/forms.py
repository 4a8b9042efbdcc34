import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units import selectors
from units.common.forms import PickerInput
from units.common.text import fold
from units.enums import UnitLevel
from units.models import Person, Unit
from units.scope import EDIT_ROLES
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


WORD = re.compile(r"\w[\w.-]*")


def unit_search(units, text: str):
    """The units of `units` whose name, short name or code, or their parent's, hold every word typed (with or
    without diacritics): "hinh su hue" finds the Phòng Hình sự of VKSND Huế among the sector's hundreds. In one
    query, over the stored folded `search_text` of the unit and of its parent (a join the labels need anyway);
    ranked: the unit with that very code, then those whose own names hold every word ("khu vuc 2" is VKSND khu
    vực 2 before the phòng of khu vực 1 with a 2 in their code), each in the tree's order."""
    text = " ".join(text.split())
    # Words and codes: the commas and dashes of a label copied whole ("Phòng Hình sự, VKSND khu vực 1") drop out.
    tokens = WORD.findall(fold(text)[:100])
    if not tokens:
        return units.order_by("sort_key")
    own = Q()
    for token in tokens:
        units = units.filter(Q(search_text__contains=token) | Q(parent__search_text__contains=token))
        own &= Q(search_text__contains=token)
    return units.order_by(
        Case(When(code=text, then=Value(0)), When(own, then=Value(1)), default=Value(2), output_field=IntegerField()),
        "sort_key",
    )


def _ids(values: list[str]) -> list[int]:
    """The values that may be an id (a link of before named a unit by its id)."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) < 18]


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
    """The picker of units (units:unit-lookup). Its query names the set the field accepts, as the field's queryset
    does: `roles` the user's scope of those roles, `closed` the units no longer active as well, `levels` only
    those levels; a form narrows it to its object with `params` (`outside`: not in that unit's subtree,
    `exclude`: not that unit). `queryset` (set by the field) describes the chosen units."""

    placeholder = _("Gõ tên hoặc mã đơn vị…")
    # A clerk's few units are listed as soon as the field opens; past the look-up's LIMIT, typing narrows.
    min_chars = 0

    def __init__(self, *, roles=None, closed=False, levels=None, multiple=False, placeholder=None, attrs=None):
        params = {"roles": roles} if roles else {}
        if closed:
            params["closed"] = "1"
        if levels:
            params["level"] = levels
        super().__init__(
            url=reverse_lazy("units:unit-lookup"),
            params=params,
            multiple=multiple,
            placeholder=placeholder,
            attrs=attrs,
        )
        self.queryset = None

    def items(self, values: list[str]) -> list[dict]:
        if self.queryset is None:
            return []
        chosen = self.queryset.filter(Q(code__in=values) | Q(pk__in=_ids(values))).select_related("parent")
        return [unit_choice(unit) for unit in chosen]


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


def units_matching(queryset, text: str, *, limit: int = 6) -> list[Unit]:
    """The units of `queryset` a typed text designates: the one with that code, else the one with that id (a link
    of before), else those `unit_search` finds, of which one named exactly so wins. At most `limit`."""
    queryset = queryset.select_related("parent")
    by_code = list(queryset.filter(code=text)[:1]) or list(queryset.filter(pk__in=_ids([text]))[:1])
    if by_code:
        return by_code
    candidates = list(unit_search(queryset, text)[: limit + 1])
    typed = fold(text)
    exact = [unit for unit in candidates if typed in {fold(unit.name), fold(str(unit)), fold(unit.label_with_parent)}]
    return exact if len(exact) == 1 else candidates[:limit]


class PickerField:
    """What the picker fields share: the widget describes the chosen values from the field's queryset (the form's
    scope, which alone decides what is valid), and `find` reads one value as sent by the picker (a code) or
    typed without JavaScript (a code or a name), raising a ValidationError for none or several."""

    def find(self, text: str):
        raise NotImplementedError

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class PickerChoiceField(PickerField, forms.ModelChoiceField):
    """One object among `queryset`, chosen in a picker."""

    def to_python(self, value):
        if isinstance(value, self.queryset.model):
            value = value.pk
        if isinstance(value, int):  # the initial value of a disabled field: an object or its id, not a text
            found = self.queryset.filter(pk=value).first()
            if found is None:
                message = self.error_messages["invalid_choice"]
                raise ValidationError(message, code="invalid_choice", params={"value": value})
            return found
        text = " ".join(str(value or "").split())
        return self.find(text) if text else None


class PickerMultipleChoiceField(PickerField, forms.ModelMultipleChoiceField):
    """Several objects among `queryset`, in the order given (the picker's codes, or codes and names typed
    without JavaScript, separated by commas); each given once."""

    def clean(self, value):
        texts = self.widget.values(value)
        if not texts:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        chosen, errors = [], []
        for text in texts:
            try:
                found = self.find(text)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                if found not in chosen:
                    chosen.append(found)
        if errors:
            raise ValidationError(errors)
        self.run_validators(chosen)
        return chosen

    def has_changed(self, initial, data):
        initial_values = [str(value) for value in self.prepare_value(initial or [])]
        return initial_values != self.widget.values(data)


class PersonPickerField(PickerChoiceField):
    """One member of staff among `queryset` (the form's scope), chosen in the picker (which sends the staff code)
    or typed without JavaScript as a code or a name."""

    def __init__(self, queryset=None, *, roles=None, **kwargs):
        kwargs.setdefault("widget", PersonPicker(roles=roles))
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(queryset, to_field_name="code", **kwargs)

    def find(self, text: str) -> Person:
        return _person_from(self.queryset, text)


class PersonsPickerField(PickerMultipleChoiceField):
    """Several members of staff among `queryset`, as above."""

    def __init__(self, queryset=None, *, roles=None, **kwargs):
        kwargs.setdefault("widget", PersonPicker(roles=roles, multiple=True))
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(queryset, to_field_name="code", **kwargs)

    def find(self, text: str) -> Person:
        return _person_from(self.queryset, text)


class UnitPickerMixin:
    """The unit picker fields: `roles`, `closed` and `levels` give the look-up the set the form's queryset holds
    (units.views.lookups.unit_lookup applies them as the selectors do), so the picker offers what the field
    accepts; a unit outside it is refused with a sentence, never silently."""

    default_error_messages = {
        "invalid_choice": _("Không tìm thấy đơn vị “%(value)s” trong các đơn vị bạn được chọn ở đây."),
    }

    def __init__(self, queryset=None, *, roles=None, closed=False, levels=None, placeholder=None, **kwargs):
        multiple = isinstance(self, forms.ModelMultipleChoiceField)
        picker = UnitPicker(roles=roles, closed=closed, levels=levels, multiple=multiple, placeholder=placeholder)
        kwargs.setdefault("widget", picker)
        super().__init__(queryset, to_field_name="code", **kwargs)

    def find(self, text: str) -> Unit:
        found = units_matching(self.queryset, text)
        if not found:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text})
        if len(found) > 1:
            names = "; ".join(f"{unit.label_with_parent} ({unit.code})" for unit in found)
            raise ValidationError(
                _("Có nhiều đơn vị khớp với “%(text)s”: %(names)s. Hãy chọn trong danh sách hoặc nhập mã đơn vị.")
                % {"text": text, "names": names}
            )
        return found[0]


class UnitPickerField(UnitPickerMixin, PickerChoiceField):
    """One unit among `queryset` (the form's scope), chosen in the picker (which sends the unit code) or typed
    without JavaScript as a code or a name."""


class UnitsPickerField(UnitPickerMixin, PickerMultipleChoiceField):
    """Several units among `queryset`, as above."""


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
    # `parents`: the active units the user enters data for; `predecessors`: any unit he sees, closed ones too.
    parent = UnitPickerField(roles=EDIT_ROLES, required=False, label=_("Đơn vị cấp trên"))
    predecessors = UnitsPickerField(
        closed=True,
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
            self.fields["parent"].widget.params["outside"] = self.instance.code
            self.fields["predecessors"].queryset = predecessors.exclude(pk=self.instance.pk)
            self.fields["predecessors"].widget.params["exclude"] = self.instance.code


class UnitCloseForm(forms.Form):
    on_date = forms.DateField(label=_("Ngày ngừng hoạt động"), widget=DATE_INPUT, initial=timezone.localdate)


class PersonForm(VersionedForm):
    # The active units the user enters data for (on an edit, the unit is shown, not changed).
    unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị"))
    start_date = forms.DateField(
        label=_("Công tác tại đơn vị từ ngày"), required=False, widget=DATE_INPUT, help_text=_("Để trống nếu không rõ.")
    )

    class Meta:
        model = Person
        fields = [
            "code", "full_name", "gender", "birth_date", "position", "is_manager",
            # The breakdown of the Home Affairs statistics forms 0602/0603 (units.ranks); blank: by the flag above.
            "management_rank",
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
    # The active units the user enters data for, but the person's own.
    to_unit = UnitPickerField(roles=EDIT_ROLES, label=_("Chuyển đến đơn vị"))
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

    def __init__(self, *args, units, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units.exclude(pk=person.unit_id)
        self.fields["to_unit"].widget.params["exclude"] = person.unit.code

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
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
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
