"""Forms of a pledge (giao ước thi đua): its signing, the signing units, the signed scan, and the targets."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from emulation.models import Pledge
from units.common.uploads import validate_scan
from units.forms import DATE_INPUT, VersionedForm

TARGET_ROWS = 3  # blank rows offered under the existing targets; more are added in the browser


class SigningUnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PledgeForm(VersionedForm):
    signing_units = SigningUnitsField(
        queryset=None,
        required=False,  # emulation.services.pledge_save says why an empty choice is refused
        label=_("Đơn vị ký kết"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Pledge
        fields = ["signed_on", "place", "theme", "signing_units", "document"]
        # A plain file input: Django's clearable one links the stored file by its media URL, which is served
        # nowhere; the scan is shown only through the permission-checked view (linked in the help text).
        widgets = {"signed_on": DATE_INPUT, "theme": forms.TextInput(), "document": forms.FileInput()}
        help_texts = {
            "place": _("Địa danh ghi ở dòng ngày tháng của văn bản, ví dụ: Huế."),
            "document": _("Bản chụp giao ước đã ký: PDF, JPEG hoặc PNG."),
        }

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signing_units"].queryset = members
        self.fields["document"].validators.append(validate_scan)
        self.fields["document"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        if self.instance.pk and self.instance.document:
            self.fields["document"].help_text = format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>. {}',
                _("Đã có bản chụp:"),
                reverse("emulation:pledge-document", args=[self.instance.pk]),
                _("xem"),
                _("Chọn tệp mới (PDF, JPEG hoặc PNG) để thay."),
            )
        if self.instance.pk:
            self.fields["signing_units"].initial = [unit.pk for unit in self.instance.signing_units.all()]
        else:
            self.fields["signing_units"].initial = [unit.pk for unit in members]
            self.fields["place"].initial = self.instance.group.organiser.place_name


class PledgeTargetForm(forms.Form):
    indicator = forms.CharField(
        label=_("Chỉ tiêu"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_value = forms.CharField(label=_("Mức phấn đấu"), max_length=120, required=False)
    result = forms.CharField(
        label=_("Kết quả thực hiện"),
        max_length=500,
        required=False,
        help_text=_("Ghi khi sơ kết, tổng kết: Cụm, Khối đạt được bao nhiêu so với chỉ tiêu."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].widget.attrs.update({"class": "form-control form-control-sm"})
        self.fields["target_value"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("≥ 90%")}
        )
        self.fields["result"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("Ví dụ: đạt 96%")}
        )

    def clean(self):
        cleaned = super().clean()
        indicator, value = cleaned.get("indicator", "").strip(), cleaned.get("target_value", "").strip()
        if value and not indicator:
            self.add_error("indicator", _("Hãy ghi nội dung chỉ tiêu."))
        if indicator and not value:
            self.add_error("target_value", _("Hãy ghi mức phấn đấu."))
        return cleaned


PledgeTargetFormSet = forms.formset_factory(PledgeTargetForm, extra=TARGET_ROWS, max_num=60, validate_max=True)


def target_rows(formset) -> list[tuple[str, str, str]]:
    """(indicator, target value, result) of the filled rows, in the order shown."""
    return [
        (
            form.cleaned_data.get("indicator", ""),
            form.cleaned_data.get("target_value", ""),
            form.cleaned_data.get("result", ""),
        )
        for form in formset.forms
        if form.cleaned_data.get("indicator", "").strip() or form.cleaned_data.get("target_value", "").strip()
    ]
