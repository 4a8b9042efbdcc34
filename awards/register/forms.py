"""Forms of the award register and decisions."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import Authority, AwardKind, RecipientKind
from awards.catalogue.forms import AwardTypeChoiceField
from awards.catalogue.models import AwardType, IssuingBody
from awards.register import selectors, services, signatures, validation
from awards.register.enums import Discipline, TaskRating
from awards.register.models import Award, Decision, UnitIncident
from awards.register.rules import RECORD_ROLES
from units.common.forms import SELECT, PlainSelect
from units.forms import DATE_INPUT, PERSON_HELP, PersonPicker, UnitPickerField, VersionedForm
from units.models import Unit
from units.scope import EDIT_ROLES

VALID_ONLY = "valid"
AWARD_DUPLICATE = _(
    "Lượt khen thưởng này trùng với một lượt đã ghi trong sổ (cùng đối tượng, danh hiệu, năm và quyết định)."
)
DECISION_DUPLICATE = _(
    "Cơ quan ban hành này đã có quyết định cùng số, ký hiệu trong năm; mỗi số chỉ được dùng một lần trong năm."
)


def person_from_text(user, text: str):
    """The one member of staff in the user's scope a staff code or a name designates; None for an empty text, a
    form error for none or several."""
    text = " ".join(text.split())
    if not text:
        return None
    found = selectors.person_lookup(user=user, text=text)
    if not found:
        raise ValidationError(_("Không tìm thấy cán bộ “%(text)s” trong phạm vi đơn vị của bạn.") % {"text": text})
    if len(found) > 1:
        names = "; ".join(f"{person.full_name} ({person.code}, {person.unit})" for person in found)
        raise ValidationError(
            _("Có nhiều cán bộ khớp với “%(text)s”: %(names)s. Hãy nhập mã cán bộ.") % {"text": text, "names": names}
        )
    return found[0]


# -- register search -------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    # Its drop-downs are written in Python (`PlainSelect`): the register is the most opened list.
    q = forms.CharField(label=_("Tên cá nhân, tập thể hoặc mã cán bộ"), required=False, max_length=200)
    award_type = AwardTypeChoiceField(
        queryset=AwardType.objects.order_by("report_order", "code"),
        required=False,
        label=_("Danh hiệu, hình thức"),
        empty_label=_("Tất cả"),
        widget=PlainSelect(attrs=SELECT),
    )
    year_from = forms.IntegerField(label=_("Từ năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("Đến năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    authority = forms.ChoiceField(
        label=_("Cấp khen thưởng"),
        required=False,
        choices=[("", _("Tất cả")), *Authority.choices],
        widget=PlainSelect(attrs=SELECT),
    )
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )
    kind = forms.ChoiceField(
        label=_("Loại khen thưởng"),
        required=False,
        choices=[("", _("Tất cả")), *AwardKind.choices],
        widget=PlainSelect(attrs=SELECT),
    )
    recipient_kind = forms.ChoiceField(
        label=_("Đối tượng"),
        required=False,
        choices=[("", _("Tất cả")), *RecipientKind.choices],
        widget=PlainSelect(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("Khen thưởng đã hủy"),
        required=False,
        choices=[("", _("Hiện")), (VALID_ONLY, _("Không hiện"))],
        widget=PlainSelect(attrs=SELECT),
    )

    # Shown at once; the other filters fold away on a phone until asked for.
    MAIN_FIELDS = ("q",)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    @property
    def more_filters_used(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields if name not in self.MAIN_FIELDS)

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("“Đến năm” phải từ “Từ năm” trở đi."))
        return cleaned

    def filters(self) -> selectors.RegisterFilter:
        """The filters of the valid fields (an invalid field is ignored, and shown with its error)."""
        data = self.cleaned_data if self.is_bound else {}
        return selectors.RegisterFilter(
            query=data.get("q") or "",
            award_type=data.get("award_type"),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            authority=data.get("authority") or "",
            within=data.get("unit"),
            kind=data.get("kind") or "",
            recipient_kind=data.get("recipient_kind") or "",
            include_revoked=data.get("status") != VALID_ONLY,
        )


# -- decisions -------------------------------------------------------------------------------------


class DecisionFilterForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=60)
    year = forms.IntegerField(label=_("Năm ký"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"),
        required=False,
        max_length=120,
        help_text=_("Tên hoặc mã, có dấu hoặc không dấu."),
    )


class DecisionForm(VersionedForm):
    stale_subject = _("Quyết định này")
    # The units the user records for (selectors.units_recordable_by), closed ones too: an old decision's issuer.
    issuing_unit = UnitPickerField(
        roles=RECORD_ROLES,
        closed=True,
        required=False,
        label=_("Đơn vị ban hành"),
        help_text=_("Viện kiểm sát ban hành quyết định; để trống nếu là cơ quan khác (chọn ở ô dưới)."),
    )
    issuing_body = forms.ModelChoiceField(
        queryset=IssuingBody.objects.none(),
        required=False,
        label=_("Cơ quan ban hành khác"),
        empty_label="—",
        help_text=_(
            "Cơ quan ngoài cây đơn vị: Chủ tịch nước, Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh, Tổng Liên đoàn "
            "Lao động…; để trống nếu đã chọn đơn vị ban hành."
        ),
    )

    class Meta:
        model = Decision
        fields = [
            "number",
            "date",
            "authority",
            "kind",
            "issuing_unit",
            "issuing_body",
            "signer_name",
            "signer_title",
            "summary",
            "scan",
        ]
        # A plain file input: Django's clearable one links the stored file by its public media URL, while
        # scans are served only through the permission-checked view.
        widgets = {
            "date": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "scan": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        help_texts = {"scan": _("Tệp PDF, JPEG hoặc PNG.")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.issuing_unit_id:
            # Keep an issuing unit outside the editor's scope (a decision they recorded for VKSTC) selectable.
            units = units | Unit.objects.filter(pk=self.instance.issuing_unit_id)
        self.fields["issuing_unit"].queryset = units
        bodies = IssuingBody.objects.filter(is_active=True)
        if self.instance.issuing_body_id:
            # Keep a body no longer in use selectable on its old decisions.
            bodies = bodies | IssuingBody.objects.filter(pk=self.instance.issuing_body_id)
        self.fields["issuing_body"].queryset = bodies.order_by("kind", "name")
        if self.instance.pk and self.instance.scan:
            self.fields["scan"].help_text = format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>. {}',
                _("Đã có bản chụp:"),
                reverse("awards:decision-scan", args=[self.instance.pk]),
                _("xem"),
                _("Chọn tệp mới (PDF, JPEG hoặc PNG) để thay."),
            )

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())

    def clean(self):
        cleaned = super().clean()
        number, date = cleaned.get("number"), cleaned.get("date")
        unit, body = cleaned.get("issuing_unit"), cleaned.get("issuing_body")
        if "issuing_unit" in self.errors or "issuing_body" in self.errors:
            return cleaned
        # The service's rules (awards.register.validation), checked here to show them on their fields at once.
        if message := validation.issuer_error(getattr(unit, "pk", None), getattr(body, "pk", None)):
            self.add_error("issuing_unit", message)
        elif number and date:
            other = selectors.decision_with_number(
                number=number, year=date.year, issuing_unit=unit, issuing_body=body, exclude_pk=self.instance.pk
            )
            if other is not None:
                self.add_error(
                    "number",
                    validation.duplicate_decision_message(
                        number=number, year=date.year, issuer_name=unit.name if unit else body.name
                    ),
                )
        return cleaned


# -- awards ----------------------------------------------------------------------------------------


class AwardCreateForm(forms.Form):
    """One award of a decision: to one person (typed as a staff code or a name) or to one unit."""

    # The picker offers the staff the user may record for (person_from_text's scope) and sends the chosen code.
    person = forms.CharField(
        label=_("Cá nhân"),
        required=False,
        max_length=200,
        help_text=PERSON_HELP,
        widget=PersonPicker(roles=RECORD_ROLES),
    )
    # The units the user records for (selectors.units_recordable_by), closed ones too: an award of before 2025.
    unit = UnitPickerField(roles=RECORD_ROLES, closed=True, required=False, label=_("hoặc Tập thể"))
    award_type = AwardTypeChoiceField(
        queryset=None,
        label=_("Danh hiệu, hình thức"),
        empty_label=_("— chọn danh hiệu, hình thức —"),
        widget=forms.Select(attrs=SELECT),
    )
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = forms.ChoiceField(label=_("Loại khen thưởng"), choices=AwardKind.choices, widget=forms.Select(attrs=SELECT))
    movement = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Phong trào thi đua"),
        empty_label="—",
        help_text=_("Phong trào mà khen thưởng này tổng kết (khen theo chuyên đề, theo đợt)."),
        widget=PlainSelect(attrs=SELECT),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, user, decision: Decision, units, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.decision = decision
        self.fields["person"].widget.queryset = selectors.persons_recordable_by(user=user)
        self.fields["unit"].queryset = units
        self.fields["movement"].queryset = movements.only("pk", "name")
        self.fields["award_type"].queryset = selectors.active_award_types()
        self.fields["year"].initial = decision.date.year
        self.fields["kind"].initial = decision.kind

    def clean_person(self):
        return person_from_text(self.user, self.cleaned_data["person"])

    def clean(self):
        cleaned = super().clean()
        person, unit = cleaned.get("person"), cleaned.get("unit")
        if "person" in self.errors:
            return cleaned
        if person is not None and unit is not None:
            self.add_error("unit", _("Mỗi lượt khen thưởng chỉ có một đối tượng: nhập cá nhân hoặc chọn tập thể."))
        elif person is None and unit is None:
            self.add_error("person", _("Hãy nhập cán bộ được khen, hoặc chọn tập thể được khen."))
        award_type, year = cleaned.get("award_type"), cleaned.get("year")
        if self.errors or award_type is None or year is None:
            return cleaned
        if person is not None:
            unit_at_time = services.unit_of_person_for_year(person, year)
            if not self.user.has_perm("awards.record_for_unit", unit_at_time):
                self.add_error(
                    "person",
                    _("Năm %(year)s cán bộ này công tác tại %(unit)s, ngoài phạm vi của bạn.")
                    % {"year": year, "unit": unit_at_time},
                )
                return cleaned
            cleaned["unit_at_time"] = unit_at_time
        # The rules of the award itself (type and recipient, years, an annual title held twice) are the
        # service's, shared with the import (awards.register.validation); the view shows them on the fields.
        return cleaned

    def build_award(self) -> Award:
        """The unsaved award for `awards.register.services.award_create`."""
        data = self.cleaned_data
        award = Award(
            decision=self.decision,
            person=data["person"],
            unit=data["unit"],
            award_type=data["award_type"],
            year=data["year"],
            kind=data["kind"],
            movement=data["movement"],
            note=data["note"],
        )
        if data.get("unit_at_time") is not None:
            award.unit_at_time = data["unit_at_time"]
        return award


class AwardRevokeForm(forms.Form):
    # Named as the fields of Award, so that the service's errors land on them.
    revoked_on = forms.DateField(label=_("Ngày hủy"), widget=DATE_INPUT, initial=cal.today)
    revoking_decision = forms.CharField(
        label=_("Quyết định hủy"), max_length=120, help_text=_("Số, ngày của quyết định hủy khen thưởng.")
    )
    revocation_reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 3}))


class PersonYearScopeForm(forms.Form):
    # The active units the user enters data for (units_editable_by).
    unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị"))
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = cal.year_choices()
        self.fields["year"].initial = cal.default_year_for_person_years()
        for field in self.fields.values():
            field.widget.attrs.update(SELECT)


MONTHS = {"min_value": 0, "max_value": 12, "required": False}


class PersonYearRowForm(forms.Form):
    """One person's facts of the year, as a row of the unit's grid."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    rating = forms.ChoiceField(label=_("Xếp loại"), required=False, choices=[("", "—"), *TaskRating.choices])
    service_months = forms.IntegerField(label=_("Tháng công tác"), **MONTHS)
    absence_months = forms.IntegerField(label=_("Tháng nghỉ"), **MONTHS)
    absence_excused = forms.BooleanField(label=_("Nghỉ được tính"), required=False)
    discipline = forms.ChoiceField(label=_("Kỷ luật"), required=False, choices=[("", "—"), *Discipline.choices])
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rating", "discipline"):
            self.fields[name].widget.attrs.update({"class": "form-select form-select-sm"})
        for name in ("service_months", "absence_months"):
            self.fields[name].widget.attrs.update({"class": "form-control form-control-sm", "style": "width: 5em"})
        self.fields["note"].widget.attrs.update({"class": "form-control form-control-sm"})
        self.fields["absence_excused"].widget.attrs.update({"class": "form-check-input"})


# -- incidents of a unit's year -------------------------------------------------------------------


class IncidentFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        """The filters of the valid fields (an invalid one, such as a unit outside the scope, is ignored)."""
        data = self.cleaned_data if self.is_bound else {}
        return {"year": data.get("year"), "within": data.get("unit")}


class IncidentForm(forms.ModelForm):
    # The units the user records for (selectors.units_recordable_by), closed ones too (a past year's incident).
    unit = UnitPickerField(roles=RECORD_ROLES, closed=True, label=_("Đơn vị"))
    year = forms.TypedChoiceField(
        label=_("Năm"),
        coerce=int,
        help_text=_("Năm công tác (01/12 năm trước – 30/11) mà đơn vị không được xét danh hiệu thi đua."),
    )

    class Meta:
        model = UnitIncident
        fields = ["unit", "year", "kind", "date", "description"]
        widgets = {"date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "kind": {"required": _("Hãy chọn loại vụ việc.")},
            "description": {"required": _("Hãy ghi nội dung vụ việc.")},
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["required"] = _("Hãy chọn đơn vị.")
        current = [self.instance.year] if self.instance.pk else []
        self.fields["year"].choices = cal.year_choices(current)
        self.fields["year"].initial = self.instance.year if self.instance.pk else cal.year_under_review()
        self.fields["kind"].widget.attrs.update(SELECT)
        self.fields["year"].widget.attrs.update(SELECT)


class TrustRootForm(forms.Form):
    """A trusted root certificate to install (administrators): the file is parsed here, the service refuses it
    again if it is already installed (`awards.register.signatures.trust_root_add`)."""

    name = forms.CharField(
        label=_("Tên gọi"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Chứng thư gốc Ban Cơ yếu Chính phủ; để trống để dùng tên trong chứng thư."),
    )
    certificate = forms.FileField(
        label=_("Tệp chứng thư"),
        help_text=_("Chứng thư gốc (hoặc của tổ chức chứng thực) dạng PEM hoặc DER: .pem, .crt, .cer, .der."),
        widget=forms.FileInput(attrs={"accept": ".pem,.crt,.cer,.der"}),
        error_messages={"required": _("Hãy chọn tệp chứng thư."), "empty": _("Tệp chứng thư rỗng.")},
    )

    def clean_certificate(self) -> bytes:
        upload = self.cleaned_data["certificate"]
        if upload.size > signatures.CERTIFICATE_MAX_SIZE:
            raise ValidationError(_("Tệp quá lớn để là một chứng thư số (tối đa 64 KB)."))
        data = upload.read()
        signatures.parse_certificate(data)  # its ValidationError is the field's
        return data
