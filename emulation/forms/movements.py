from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.enums import MovementKind
from emulation.models import Movement, MovementReview
from units.forms import DATE_INPUT, UnitPickerField, UnitsPickerField, VersionedForm
from units.scope import EDIT_ROLES


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
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị phát động (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for name in ("q", "active_from", "active_to"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")


# What a thematic movement's awards ask and how many it gives (the eligibility of its thematic nominations reads them).
THEMATIC_FIELDS = ("award_criteria", "award_quota_individual", "award_quota_collective")


class MovementForm(VersionedForm):
    # The active units the user enters data for (closed ones the movement names stay, shown as chosen).
    launching_unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị phát động"))
    participating_units = UnitsPickerField(
        roles=EDIT_ROLES,
        required=False,
        label=_("Đơn vị tham gia"),
        help_text=_("Gõ tên hoặc mã, chọn từng đơn vị; bấm × để bỏ một đơn vị."),
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
            "award_criteria",
            "award_quota_individual",
            "award_quota_collective",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "doc_date": DATE_INPUT,
            "award_criteria": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        # Closed units (dissolved, merged) are not offered, except those the movement already names: an old
        # movement keeps the district procuracies that took part in it before the 2025 reform.
        named = Q(pk=self.instance.launching_unit_id)
        if self.instance.pk:
            self.fields["code"].disabled = True
            current = list(self.instance.participating_units.all())
            self.fields["participating_units"].initial = current
            named |= Q(pk__in=[unit.pk for unit in current])
        offered = units.filter(Q(valid_to__isnull=True) | named).order_by("sort_key")
        self.fields["launching_unit"].queryset = offered
        self.fields["participating_units"].queryset = offered
        for name in THEMATIC_FIELDS[1:]:
            self.fields[name].validators.append(
                MinValueValidator(1, message=_("Số lượng phải từ 1 trở lên; để trống nếu không giới hạn."))
            )
            self.fields[name].widget.attrs["min"] = 1
            self.fields[name].help_text = _("Để trống nếu phong trào không giới hạn số lượng.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == MovementKind.REGULAR:
            for name in THEMATIC_FIELDS:
                if cleaned.get(name) not in (None, ""):
                    self.add_error(
                        name, _("Chỉ phong trào theo đợt, chuyên đề mới có tiêu chuẩn, số lượng khen thưởng riêng.")
                    )
        return cleaned


class MovementReviewForm(forms.ModelForm):
    class Meta:
        model = MovementReview
        fields = ["date", "title", "text"]
        widgets = {"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 4})}
