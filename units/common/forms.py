"""Form helpers shared by every app (no domain)."""

import json
import re
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

SELECT = {"class": "form-select"}


def add_service_errors(
    form: forms.Form, exc: ValidationError, *, aliases: dict[str, str] | None = None, duplicate: str = ""
) -> None:
    """Show a service's ValidationError on the form: on the field it names (or its alias), else above the form.

    A violated unique constraint comes as Django's untranslated "Constraint … is violated" (or a generic
    "… already exists"): it is replaced by `duplicate`, a sentence the user understands. The forms check
    these cases first; this is for the race between two users.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    aliases = aliases or {}
    for field, errors in exc.error_dict.items():
        target = aliases.get(field, field)
        if target not in form.fields:
            target = None
        messages = []
        for error in errors:
            text = error.message % error.params if error.params else str(error.message)
            constraint = error.code in {"unique", "unique_together"} or text.startswith("Constraint")
            messages.append(str(duplicate) if duplicate and constraint and field == NON_FIELD_ERRORS else text)
        form.add_error(target, messages)


class PickerInput(forms.TextInput):
    """A search-as-you-type picker over a JSON look-up (static/js/picker.js turns it into a Tom Select box).

    The page carries only the chosen items (`data-picker-items`, from `items()`), never the whole list the look-up
    searches: a drop-down of 20,000 staff is neither fast nor usable. Without JavaScript it stays the text box it
    is built on, holding the chosen values; the field then reads what a person types there (a code, a name), so
    the field, not the widget, decides what is valid (the values of its scoped queryset).

    `url` is the look-up (a lazy reverse: this layer knows no route), `params` its fixed query (the scope of the
    form), `multiple` several values separated by commas. The texts the script shows come from here, translated.
    """

    SEPARATORS = re.compile(r"[,;\n]")

    placeholder = _("Gõ để tìm…")
    # The letters typed before the look-up is asked; 0 lists its first answers as soon as the field is opened
    # (a clerk's few units), 2 waits for a name (20,000 staff).
    min_chars = 2

    def __init__(self, *, url, params: dict | None = None, multiple: bool = False, placeholder=None, attrs=None):
        super().__init__(attrs)
        self.url = url
        self.params = dict(params or {})
        self.multiple = multiple
        if placeholder is not None:
            self.placeholder = placeholder

    def __deepcopy__(self, memo):
        # Each form's copy gets its own query: a form narrows it to its object (a council's unit…).
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def items(self, values: list[str]) -> list[dict]:
        """The chosen values as the look-up describes them ({"value", "label", "name", "detail"}), in order;
        a value it cannot describe is shown as it was typed."""
        return []

    def values(self, value) -> list[str]:
        """The chosen values: of a single choice, the text as it is; of several, each part between commas."""
        if value in (None, ""):
            return []
        raw = value if isinstance(value, list | tuple) else [value]
        if not self.multiple:
            return [text] if (text := str(raw[0]).strip()) else []
        return [part.strip() for item in raw for part in self.SEPARATORS.split(str(item)) if part.strip()]

    def value_from_datadict(self, data, files, name):
        if not self.multiple:
            return super().value_from_datadict(data, files, name)
        return self.values(data.getlist(name) if hasattr(data, "getlist") else data.get(name))

    def format_value(self, value):
        return ", ".join(self.values(value)) or None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = self.values(value)
        known = {}
        for item in self.items(values) if values else ():
            known[item["value"]] = item
            # A link of before may name the object by its id (`?unit=12`): it is shown, and then sent, by its value.
            known.setdefault(str(item.get("id")), item)
        chosen = [known.get(text, {"value": text, "label": text, "name": text, "detail": ""}) for text in values]
        url = str(self.url)
        if self.params:
            query = {
                key: param if isinstance(param, str | int) else ",".join(sorted(str(item) for item in param))
                for key, param in self.params.items()
            }
            url = f"{url}?{urlencode(query)}"
        picker = {
            "data-picker-url": url,
            "data-picker-items": json.dumps(chosen, ensure_ascii=False),
            "data-picker-placeholder": self.placeholder,
            "data-picker-min": self.min_chars,
            "data-picker-empty": _("Không tìm thấy kết quả phù hợp."),
            "data-picker-short": _("Gõ ít nhất 2 ký tự để tìm."),
            "data-picker-loading": _("Đang tìm…"),
            "data-picker-more": _("Còn nữa, gõ thêm để thu hẹp"),
            "data-picker-remove": _("Bỏ chọn"),
            "autocomplete": "off",
        }
        if self.multiple:
            picker["data-picker-multiple"] = True
        elif not self.is_required:
            # An optional single choice (a filter's "every unit") can be emptied again.
            picker["data-picker-clear"] = True
        context["widget"]["attrs"] = {**picker, **context["widget"]["attrs"]}
        return context


BLANK_DASHES = "---------"


class PlainSelect(forms.Select):
    """A single-choice drop-down written in Python rather than through a template per option: for forms that are a
    grid of many small selects (the authority matrix of a rule set: ~250 of them), where Django's template-rendered
    options cost more than the rest of the page. Same markup as forms.Select, attributes and all."""

    def option_attrs(self, value) -> dict:
        """Attributes of one option besides its value (a subclass's `data-…`)."""
        return {}

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}{}>{}</option>',
            (
                (
                    key,
                    flatatt(self.option_attrs(key)),
                    mark_safe(" selected") if str(key) in selected else "",
                    # Django's blank choice reads as in the project's select templates (tests/test_blank_choices.py).
                    _("— Chọn —") if label == BLANK_DASHES and str(key) == "" else label,
                )
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class PlainInputMixin:
    """An `<input>` written in Python rather than through its template, for the same grids of many small fields
    as `PlainSelect` (the fields of a blank's layout: ~200 inputs). Same attributes as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        if self.input_type == "checkbox" and self.check_test(value):
            final["checked"] = True
        final = {"type": self.input_type, "name": name, **final}
        value = self.format_value(value)
        if value is not None:
            final["value"] = value
        return format_html("<input{}>", flatatt(final))


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainNumberInput(PlainInputMixin, forms.NumberInput):
    pass


class PlainCheckboxInput(PlainInputMixin, forms.CheckboxInput):
    pass
