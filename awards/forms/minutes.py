"""The form that records the head's signed decision from a council session."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.services.decisions_from_votes import decision_number_taken
from units.forms import DATE_INPUT


class SessionDecisionForm(forms.Form):
    """Number, date and signer of the signed decision."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 16/QĐ-VKS"))
    date = forms.DateField(label=_("Ngày ký"), widget=DATE_INPUT, initial=timezone.localdate)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=160,
        help_text=_("Ví dụ: Viện trưởng; KT. Viện trưởng / Phó Viện trưởng"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())

    def clean(self):
        cleaned = super().clean()
        number, date = cleaned.get("number"), cleaned.get("date")
        if number and date and decision_number_taken(number, date.year):
            self.add_error(
                "number",
                _("Năm %(year)s đã có quyết định số %(number)s; số quyết định chỉ được dùng một lần trong năm.")
                % {"year": date.year, "number": number},
            )
        return cleaned
