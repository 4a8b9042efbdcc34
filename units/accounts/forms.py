from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from units.enums import AuditKind


class OtpCodeForm(forms.Form):
    """The six digits shown by the authenticator app (spaces typed between them are ignored)."""

    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "pattern": "[0-9 ]*"}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if len(code) != 6 or not code.isdigit():
            raise ValidationError(_("Mã xác thực gồm 6 chữ số."))
        return code


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại sự kiện"),
        choices=[("", _("Tất cả")), *AuditKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    username = forms.CharField(label=_("Tài khoản"), max_length=150, required=False)


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=255, required=False)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("username") and not cleaned.get("ip_address"):
            raise ValidationError(_("Chọn tài khoản hoặc địa chỉ cần mở khóa."))
        return cleaned
