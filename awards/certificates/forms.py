"""Forms of the certificates subject: a layout and its fields, a printer's calibration (typed, or worked out from the
test sheet's crosshairs as measured), printing a decision's certificates, a reprint, the register's filter."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.catalogue.forms import AwardTypeChoiceField
from awards.catalogue.models import AwardType
from awards.certificates import printing
from awards.certificates.enums import BLANK_SIZES, FontFamily
from awards.certificates.models import CertificateLayout, FieldKey, LayoutField, PrinterCalibration
from awards.certificates.rules import PRINT_ROLES, REGISTER_ROLES
from awards.certificates.services import field_outside_page
from units.common.formatting import number
from units.common.forms import SELECT, PlainCheckboxInput, PlainNumberInput, PlainSelect, PlainTextInput
from units.common.uploads import MB, check_content, check_size, sniff
from units.enums import UnitLevel
from units.forms import UnitPickerField, VersionedForm
from units.models import Unit
from units.scope import is_administrator, scope_q

# The levels of the units that issue decisions and keep a register: procuracies, not their phòng.
ISSUER_LEVELS = (UnitLevel.SUPREME, UnitLevel.HIGH, UnitLevel.PROVINCIAL, UnitLevel.REGIONAL)
BLANK_MAX_SIZE = 20 * MB
SMALL = {"class": "form-control form-control-sm"}
SMALL_SELECT = {"class": "form-select form-select-sm"}
CHECK = {"class": "form-check-input"}


def validate_blank(upload) -> None:
    """The scan of a blank: a whole JPEG or PNG (by content and name), within 20 MB. Shown only as the preview's
    background, never printed."""
    if getattr(upload, "_committed", False):
        return
    check_size(upload, BLANK_MAX_SIZE)
    kind = sniff(upload)
    name = (upload.name or "").lower()
    if kind not in ("jpeg", "png") or not name.endswith((".jpg", ".jpeg", ".png")):
        raise ValidationError(_("Ảnh chụp phôi phải là ảnh JPEG hoặc PNG (nội dung tệp phải đúng định dạng)."))
    check_content(upload, kind)


def issuing_units(user):
    """The units a user may keep layouts for: the procuracies of his clerk scope (every one for an administrator),
    active ones."""
    units = Unit.objects.active().filter(level__in=ISSUER_LEVELS)
    q = scope_q(user, "path", PRINT_ROLES)
    return (units if q is None else units.filter(q)).order_by("sort_key")


class LayoutForm(VersionedForm):
    issuing_unit = UnitPickerField(
        roles=PRINT_ROLES,
        levels=ISSUER_LEVELS,
        required=False,
        label=_("Đơn vị ban hành"),
        help_text=_("Đơn vị có phôi này (Giấy khen của Viện trưởng đơn vị). Để trống: mẫu dùng chung mọi đơn vị."),
    )
    award_type = AwardTypeChoiceField(queryset=AwardType.objects.none(), label=_("Danh hiệu, hình thức"))
    font_family = forms.ChoiceField(label=_("Phông chữ"), choices=FontFamily.choices)
    background = forms.FileField(
        label=_("Ảnh chụp phôi (chỉ để xem trước, không in ra)"),
        required=False,
        validators=[validate_blank],
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
        help_text=_("Ảnh JPEG hoặc PNG chụp/quét thẳng cả tờ phôi, tối đa 20 MB."),
    )
    remove_background = forms.BooleanField(label=_("Bỏ ảnh chụp phôi hiện có"), required=False)
    stale_subject = _("Mẫu in này")

    class Meta:
        model = CertificateLayout
        fields = ["name", "award_type", "issuing_unit", "page_width_mm", "page_height_mm", "font_family", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["award_type"].queryset = AwardType.objects.filter(is_active=True).order_by("report_order", "code")
        self.fields["issuing_unit"].queryset = issuing_units(user)
        self.fields["award_type"].widget.attrs.update(SELECT)
        self.fields["font_family"].widget.attrs.update(SELECT)
        self.blank_sizes = [{"label": label, "width": width, "height": height} for label, width, height in BLANK_SIZES]
        if not is_administrator(user):
            self.fields["issuing_unit"].required = True
            self.fields["issuing_unit"].help_text = _("Đơn vị có phôi này. Mẫu dùng chung do quản trị viên lập.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_background") and cleaned.get("background"):
            self.add_error("remove_background", _("Vừa tải ảnh mới vừa bỏ ảnh: hãy chọn một việc."))
        return cleaned

    def save(self, commit=False):
        layout = super().save(commit=False)
        if self.cleaned_data.get("background"):
            layout.background = self.cleaned_data["background"]
        elif self.cleaned_data.get("remove_background"):
            layout.background = ""
        return layout


class LayoutFieldForm(forms.ModelForm):
    class Meta:
        model = LayoutField
        fields = ["key", "text", "x_mm", "y_mm", "width_mm", "font_size", "max_lines", "align"]
        fields += ["bold", "italic", "uppercase"]
        # Written in Python: a layout's formset is a grid of some 200 small fields.
        widgets = {
            "key": PlainSelect(attrs=SMALL_SELECT),
            "align": PlainSelect(attrs=SMALL_SELECT),
            "text": PlainTextInput(attrs=SMALL),
            "x_mm": PlainNumberInput(attrs={**SMALL, "step": "0.1", "min": "0"}),
            "y_mm": PlainNumberInput(attrs={**SMALL, "step": "0.1", "min": "0"}),
            "width_mm": PlainNumberInput(attrs={**SMALL, "step": "0.1", "min": "0.1"}),
            "font_size": PlainNumberInput(attrs={**SMALL, "step": "0.5", "min": "1"}),
            "max_lines": PlainNumberInput(attrs={**SMALL, "min": "1", "max": "9"}),
            "bold": PlainCheckboxInput(attrs=CHECK),
            "italic": PlainCheckboxInput(attrs=CHECK),
            "uppercase": PlainCheckboxInput(attrs=CHECK),
        }
        help_texts = {"text": ""}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("key") == FieldKey.TEXT and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Trường chữ cố định cần có chữ."))
        return cleaned


class BaseLayoutFieldFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page  # (width, height) in mm, from the layout form, to check every box lies on the blank

    def clean(self):
        super().clean()
        if self.page is None or any(self.errors):
            return
        width, height = self.page
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            outside = field_outside_page(form.instance, width=width, height=height)
            if outside:
                form.add_error(*outside)

    def kept_and_removed(self) -> tuple[list[LayoutField], list[LayoutField]]:
        """The fields to save (new, changed, and the others kept, so that the service checks them all against the
        blank's size) and those to delete, as the service takes them."""
        removed = [form.instance for form in self.deleted_forms if form.instance.pk]
        kept = [
            form.instance
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        return kept, removed


LayoutFieldFormSet = forms.inlineformset_factory(
    CertificateLayout,
    LayoutField,
    form=LayoutFieldForm,
    formset=BaseLayoutFieldFormSet,
    extra=3,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


# -- printers --------------------------------------------------------------------------------------------------------

MEASURE = {**SMALL, "step": "0.1"}


class PrinterForm(forms.ModelForm):
    """A printer's calibration, typed, or worked out from the crosshairs A and B of the test sheet printed with its
    current values, as measured on the paper (mm from the paper's left and top edges)."""

    measured_ax = forms.DecimalField(label=_("Dấu A: cách mép trái"), required=False, max_digits=6, decimal_places=1)
    measured_ay = forms.DecimalField(label=_("Dấu A: cách mép trên"), required=False, max_digits=6, decimal_places=1)
    measured_bx = forms.DecimalField(label=_("Dấu B: cách mép trái"), required=False, max_digits=6, decimal_places=1)
    measured_by = forms.DecimalField(label=_("Dấu B: cách mép trên"), required=False, max_digits=6, decimal_places=1)

    class Meta:
        model = PrinterCalibration
        fields = ["name", "offset_x_mm", "offset_y_mm", "scale_x", "scale_y", "is_default"]
        help_texts = {
            "offset_x_mm": _("Dương: dịch chữ sang phải; âm: sang trái."),
            "offset_y_mm": _("Dương: dịch chữ xuống dưới; âm: lên trên."),
            "scale_x": _("1 nếu máy in không co giãn; 1,0050 kéo giãn 0,5%."),
        }

    MEASURED = ("measured_ax", "measured_ay", "measured_bx", "measured_by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.MEASURED:
            self.fields[name].widget.attrs.update(MEASURE)
        self.marks = printing.crosshairs_fixed()

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.MEASURED if cleaned.get(name) is not None]
        if not given:
            return cleaned
        if len(given) < len(self.MEASURED):
            raise ValidationError(_("Hãy nhập đủ bốn số đo của dấu A và dấu B, hoặc để trống cả bốn."))
        (a_x, a_y), (b_x, b_y) = self.marks
        current = printing.Calibration.of(self.instance if self.instance.pk else None)
        try:
            scale_x, offset_x = printing.solve_axis(
                scale=current.scale_x,
                offset=current.offset_x,
                nominal=(a_x, b_x),
                measured=(float(cleaned["measured_ax"]), float(cleaned["measured_bx"])),
            )
            scale_y, offset_y = printing.solve_axis(
                scale=current.scale_y,
                offset=current.offset_y,
                nominal=(a_y, b_y),
                measured=(float(cleaned["measured_ay"]), float(cleaned["measured_by"])),
            )
        except ZeroDivisionError:
            raise ValidationError(_("Dấu A và dấu B không thể cùng một vị trí: hãy đo lại.")) from None
        if not (0.8 <= scale_x <= 1.2 and 0.8 <= scale_y <= 1.2):
            raise ValidationError(
                _("Số đo cho tỷ lệ co giãn quá lớn (ngoài 80%–120%): hãy kiểm tra lại, có thể đã đo nhầm dấu.")
            )
        cleaned["scale_x"], cleaned["offset_x_mm"] = _scale(scale_x), _offset(offset_x)
        cleaned["scale_y"], cleaned["offset_y_mm"] = _scale(scale_y), _offset(offset_y)
        self.instance.scale_x, self.instance.offset_x_mm = cleaned["scale_x"], cleaned["offset_x_mm"]
        self.instance.scale_y, self.instance.offset_y_mm = cleaned["scale_y"], cleaned["offset_y_mm"]
        return cleaned


def _scale(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _offset(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# -- printing --------------------------------------------------------------------------------------------------------


class LayoutChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CertificateLayout) -> str:
        return f"{obj.name} ({number(obj.page_width_mm)} × {number(obj.page_height_mm)} mm)"


class PrinterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PrinterCalibration) -> str:
        return obj.name


class AwardsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.recipient_name


class PrintForm(forms.Form):
    """Print some or all of a decision's awards of one type on one layout, with one of the user's printers."""

    layout = LayoutChoiceField(queryset=CertificateLayout.objects.none(), label=_("Mẫu phôi"), empty_label=None)
    printer = PrinterChoiceField(
        queryset=PrinterCalibration.objects.none(),
        label=_("Máy in (căn chỉnh)"),
        required=False,
        empty_label=_("Không căn chỉnh"),
    )
    awards = AwardsField(
        queryset=None, label=_("In cho"), error_messages={"required": _("Hãy chọn ít nhất một người.")}
    )

    def __init__(self, *args, layouts, printers, awards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].queryset = layouts
        self.fields["printer"].queryset = printers
        self.fields["awards"].queryset = awards
        self.fields["layout"].widget.attrs.update(SELECT)
        self.fields["printer"].widget.attrs.update(SELECT)
        default = next((printer for printer in printers if printer.is_default), None)
        if default is not None:
            self.fields["printer"].initial = default.pk


class ReprintForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do cấp lại"),
        max_length=255,
        help_text=_("Ví dụ: Giấy khen bị mất; phôi bị hỏng khi in (kẹt giấy); in sai tên."),
        error_messages={"required": _("Hãy ghi lý do cấp lại.")},
    )
    layout = LayoutChoiceField(queryset=CertificateLayout.objects.none(), label=_("Mẫu phôi"), empty_label=None)
    printer = PrinterChoiceField(
        queryset=PrinterCalibration.objects.none(),
        label=_("Máy in (căn chỉnh)"),
        required=False,
        empty_label=_("Không căn chỉnh"),
    )

    def __init__(self, *args, layouts, printers, current_layout=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].queryset = layouts
        self.fields["printer"].queryset = printers
        self.fields["layout"].widget.attrs.update(SELECT)
        self.fields["printer"].widget.attrs.update(SELECT)
        if current_layout is not None:
            self.fields["layout"].initial = current_layout.pk
        default = next((printer for printer in printers if printer.is_default), None)
        if default is not None:
            self.fields["printer"].initial = default.pk

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise ValidationError(_("Hãy ghi lý do cấp lại."))
        return reason


class RegisterFilterForm(forms.Form):
    unit = UnitPickerField(roles=REGISTER_ROLES, closed=True, required=False, label=_("Đơn vị giữ sổ"))
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.all()
        q = scope_q(user, "path", REGISTER_ROLES)
        self.fields["unit"].queryset = (units if q is None else units.filter(q)).order_by("sort_key")
        self.fields["year"].choices = [("", _("Tất cả các năm")), *((year, year) for year in years)]
        self.fields["year"].widget.attrs.update(SELECT)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"year": data.get("year"), "unit": data.get("unit")}
