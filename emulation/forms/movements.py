from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.enums import MovementKind
from emulation.models import Movement, MovementReview
from units.forms import DATE_INPUT, UnitChoiceField, VersionedForm
from units.models import Unit


class MovementFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    active_from = forms.DateField(label=_("Diễn ra từ ngày"), required=False, widget=DATE_INPUT)
    active_to = forms.DateField(label=_("đến ngày"), required=False, widget=DATE_INPUT)
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả")), *MovementKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Đơn vị phát động (gồm trực thuộc)"),
        empty_label=_("Tất cả đơn vị"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for name in ("q", "active_from", "active_to"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")


class MovementForm(VersionedForm):
    launching_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị phát động"))
    participating_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Đơn vị tham gia"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều đơn vị."),
    )

    class Meta:
        model = Movement
        fields = [
            "code",
            "name",
            "kind",
            "launching_unit",
            "start_date",
            "end_date",
            "doc_type",
            "doc_number",
            "doc_date",
            "doc_issuer",
            "doc_title",
            "participating_units",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "doc_date": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launching_unit"].queryset = units
        self.fields["participating_units"].queryset = units
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["participating_units"].initial = list(self.instance.participating_units.all())


class MovementReviewForm(forms.ModelForm):
    class Meta:
        model = MovementReview
        fields = ["date", "title", "text"]
        widgets = {"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 4})}
