"""Forms of nominations, their dossiers and tờ trình."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.enums import AwardKind, DossierDocument
from awards.catalogue.forms import AwardTypeChoiceField
from awards.nominations import receiving
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination, NominationDocument
from awards.register import selectors
from awards.register.forms import PersonYearRowForm, person_from_text
from awards.register.rules import RECORD_ROLES
from emulation.enums import MovementKind
from units.common.forms import SELECT, PlainSelect
from units.forms import DATE_INPUT, PERSON_HELP, PersonPicker, UnitChoiceField, UnitPickerField, VersionedForm
from units.models import Unit
from units.scope import EDIT_ROLES


class NominationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    # Drop-downs written in Python (`PlainSelect`): the list is among the most opened pages.
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None, widget=PlainSelect)
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, widget=PlainSelect)
    award_type = AwardTypeChoiceField(
        queryset=None, required=False, label=_("Danh hiệu, hình thức"), widget=PlainSelect
    )
    unit = UnitPickerField(
        closed=True, required=False, label=_("Đơn vị đề nghị (gồm trực thuộc)"), placeholder=_("Tất cả đơn vị")
    )

    def __init__(self, *args, units, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả các năm")), *cal.year_choices(years)]
        self.fields["state"].choices = [("", _("Tất cả")), *NominationState.choices]
        self.fields["award_type"].queryset = selectors.active_award_types()
        self.fields["award_type"].empty_label = _("Tất cả")
        self.fields["unit"].queryset = units
        for name, field in self.fields.items():
            field.widget.attrs.update({"class": "form-control"} if name == "q" else SELECT)


class NominationForm(VersionedForm):
    """One nomination: the person is typed (staff code or name), or a collective chosen."""

    stale_subject = _("Đề nghị này")

    # The picker offers the staff the author may record for (person_from_text's scope) and sends the chosen code.
    person_text = forms.CharField(
        label=_("Cá nhân"),
        required=False,
        max_length=200,
        help_text=PERSON_HELP,
        widget=PersonPicker(roles=RECORD_ROLES),
    )
    # The active units the author enters data for (units_editable_by), as the nominating unit and as a collective.
    nominating_unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị đề nghị"))
    unit = UnitPickerField(roles=EDIT_ROLES, required=False, label=_("hoặc Tập thể"))
    award_type = AwardTypeChoiceField(queryset=None, label=_("Danh hiệu, hình thức"), widget=PlainSelect)

    class Meta:
        model = Nomination
        fields = [
            "nominating_unit",
            "unit",
            "award_type",
            "year",
            "kind",
            "movement",
            "act_date",
            "summary",
            "figures",
            "justification",
        ]
        widgets = {
            "act_date": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 6}),
            "figures": forms.Textarea(attrs={"rows": 4}),
            "justification": forms.Textarea(attrs={"rows": 3}),
            # Written in Python: the administrator's drop-down holds every thematic movement of the sector.
            "kind": PlainSelect(),
            "movement": PlainSelect(),
        }

    def __init__(self, *args, user, units, movements, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["nominating_unit"].queryset = units
        self.fields["unit"].queryset = units
        self.fields["award_type"].queryset = selectors.active_award_types()
        # A thematic award is tied to a thematic movement; the one already chosen stays offered.
        self.fields["movement"].queryset = movements.filter(
            Q(kind=MovementKind.THEMATIC) | Q(pk=self.instance.movement_id)
        ).only("pk", "name")
        self.fields["movement"].help_text = _("Phong trào theo đợt, chuyên đề: bắt buộc với khen thưởng theo đợt.")
        self.fields["movement"].error_messages["invalid_choice"] = _(
            "Hãy chọn một phong trào thi đua theo đợt, chuyên đề trong danh sách."
        )
        self.fields["act_date"].help_text = _("Bắt buộc với khen thưởng đột xuất; mô tả thành tích ở ô tóm tắt.")
        if not self.initial.get("year"):
            self.initial["year"] = cal.default_year_for_nominations()
        if self.instance.pk and self.instance.person_id:
            self.fields["person_text"].initial = self.instance.person.code
        self.fields["person_text"].widget.queryset = selectors.persons_recordable_by(user=user)
        for name in ("nominating_unit", "unit", "award_type", "kind", "movement"):
            self.fields[name].widget.attrs.update(SELECT)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(_("Năm không hợp lệ."))
        return year

    def clean_person_text(self):
        return person_from_text(self.user, self.cleaned_data["person_text"])

    def clean(self):
        cleaned = super().clean()
        person, unit = cleaned.get("person_text"), cleaned.get("unit")
        if "person_text" in self.errors:
            return cleaned
        if person is not None and unit is not None:
            self.add_error("unit", _("Mỗi đề nghị chỉ có một đối tượng: nhập cá nhân hoặc chọn tập thể."))
        elif person is None and unit is None:
            self.add_error("person_text", _("Hãy nhập cán bộ được đề nghị, hoặc chọn tập thể."))
        self.instance.person = person
        self.instance.unit = unit
        self._clean_kind(cleaned)
        return cleaned

    def _clean_kind(self, cleaned: dict) -> None:
        """The movement belongs to a thematic award, the date of the act to an ad hoc one: required there, dropped
        for the other kinds (the page hides them)."""
        kind = cleaned.get("kind")
        if kind == AwardKind.THEMATIC:
            if cleaned.get("movement") is None and "movement" not in self.errors:
                self.add_error(
                    "movement", _("Khen thưởng theo đợt, chuyên đề phải gắn với một phong trào thi đua theo đợt.")
                )
        elif kind:
            cleaned["movement"] = self.instance.movement = None
        act_date = cleaned.get("act_date")
        if kind == AwardKind.AD_HOC:
            if act_date is None and "act_date" not in self.errors:
                self.add_error("act_date", _("Khen thưởng đột xuất phải ghi ngày lập thành tích."))
            elif act_date is not None and act_date > cal.today():
                self.add_error("act_date", _("Ngày lập thành tích không được sau ngày hôm nay."))
            if not (cleaned.get("summary") or "").strip() and "summary" not in self.errors:
                self.add_error("summary", _("Khen thưởng đột xuất phải mô tả thành tích."))
        elif kind:
            cleaned["act_date"] = self.instance.act_date = None


class NominationScopeForm(forms.Form):
    """Unit, year and type of the bulk form (submitted by GET, it opens the ticks)."""

    unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị đề nghị"))
    year = forms.TypedChoiceField(label=_("Năm thành tích"), coerce=int)
    award_type = AwardTypeChoiceField(queryset=None, label=_("Danh hiệu, hình thức"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = cal.year_choices()
        self.fields["year"].initial = cal.default_year_for_nominations()
        self.fields["award_type"].queryset = selectors.active_award_types()
        for field in self.fields.values():
            field.widget.attrs.update(SELECT)


class MoveForm(forms.Form):
    comment = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.ModelForm):
    class Meta:
        model = NominationDocument
        fields = ["kind", "file"]
        widgets = {"kind": forms.Select(attrs=SELECT)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel, JPEG hoặc PNG.")
        self.fields["kind"].initial = DossierDocument.ACHIEVEMENT_REPORT


class BatchForm(VersionedForm):
    """A tờ trình. The councils offered are those that may receive it (`receiving`): of the units of the user or
    above them, of a review level of the year's rule set, in office on the batch's date (today while it is
    empty); the default is the nearest one to the unit. `batch_save` checks the unit, year and date chosen."""

    stale_subject = _("Tờ trình này")

    unit = UnitPickerField(roles=EDIT_ROLES, label=_("Đơn vị trình"))
    # A select: the councils of the sector that review nominations (VKSND tối cao, the high and the provincial
    # procuracies' ones, a few dozen at most), and for a clerk the two or three above his units.
    council_unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("Trình Hội đồng TĐKT của"),
        help_text=_("Chính đơn vị trình hoặc đơn vị cấp trên có Hội đồng Thi đua - Khen thưởng đang hoạt động."),
        error_messages={
            "invalid_choice": _(
                "Đơn vị đã chọn không có Hội đồng Thi đua - Khen thưởng nhận tờ trình của đơn vị bạn: hãy chọn "
                "một đơn vị trong danh sách."
            )
        },
    )

    class Meta:
        model = Batch
        fields = ["unit", "council_unit", "year", "title", "number", "date", "signer_title", "signer_name"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not self.initial.get("year"):
            self.initial["year"] = cal.default_year_for_batches()
        year = self.instance.year if self.instance.pk else self.initial["year"]
        try:
            self.fields["council_unit"].queryset = receiving.receiving_units(
                units=units, year=year, on=self.instance.date
            )
            unit = self.initial.get("unit")
            if not self.instance.pk and unit is not None and not self.initial.get("council_unit"):
                self.initial["council_unit"] = receiving.nearest_receiving_unit(unit=unit, year=year)
        except ValidationError:
            pass  # no rule set for the year: nothing to offer, and `batch_save` says why
        self.fields["council_unit"].widget.attrs.update(SELECT)


PersonYearFormSet = forms.formset_factory(PersonYearRowForm, extra=0)


# -- public consultation (lấy ý kiến nhân dân) --------------------------------------------------------------------


class NomineeChoiceField(forms.ModelChoiceField):
    """A nominee of a consultation by what the public list prints: the name and the award proposed."""

    def label_from_instance(self, obj: Nomination) -> str:
        who = obj.person.full_name if obj.person_id else str(obj.unit)
        return f"{who} — {obj.award_type.name}"


class NomineesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        who = obj.person.full_name if obj.person_id else str(obj.unit)
        return f"{who} — {obj.award_type.name} {obj.year}"


class ConsultationOpenForm(forms.Form):
    """A new consultation of one council: the nominations it takes (the recommended ones needing it, all ticked),
    its window and where it is published, prefilled from the rule set (`consultation.window_for`)."""

    nominations = NomineesField(
        queryset=Nomination.objects.none(),
        label=_("Đề nghị lấy ý kiến nhân dân"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Có đề nghị không còn chờ lấy ý kiến nhân dân: hãy tải lại trang.")},
    )
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=255,
        required=False,
        help_text=_("Để trống: “Lấy ý kiến nhân dân đối với cá nhân, tập thể được đề nghị tặng …”."),
    )
    opens_on = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Đến hết ngày"), widget=DATE_INPUT)
    published_where = forms.CharField(label=_("Nơi công khai danh sách"), max_length=255, required=False)

    def __init__(self, *args, candidates, window, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = Nomination.objects.filter(pk__in=[n.pk for n in candidates])
        # The labels from the candidates already read, in their order: no query per checkbox.
        self.fields["nominations"].choices = [
            (n.pk, self.fields["nominations"].label_from_instance(n)) for n in candidates
        ]
        self.fields["nominations"].initial = [n.pk for n in candidates]
        self.fields["opens_on"].initial = window.opens_on
        self.fields["closes_on"].initial = window.closes_on
        self.fields["closes_on"].help_text = _("Ít nhất %(days)s ngày theo bộ quy tắc.") % {"days": window.days}
        self.fields["published_where"].initial = window.where
        for name in ("title", "opens_on", "closes_on", "published_where"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return cleaned


class OpinionForm(forms.Form):
    """An opinion on one nominee: sent from the public page, or recorded by the council's office for one received
    by letter (`with_author`: who sent it)."""

    nomination = NomineeChoiceField(queryset=Nomination.objects.none(), label=_("Ý kiến về"), empty_label=None)
    is_objection = forms.BooleanField(
        label=_("Phản ánh, không đồng ý với việc đề nghị khen thưởng"),
        required=False,
    )
    text = forms.CharField(label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    author_name = forms.CharField(
        label=_("Người, cơ quan gửi ý kiến"),
        max_length=160,
        help_text=_("Ý kiến nhận bằng văn bản, thư điện tử: họ tên, địa chỉ người gửi."),
    )

    def __init__(self, *args, nominees, with_author: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["nomination"]
        field.queryset = Nomination.objects.filter(pk__in=[n.pk for n in nominees])
        field.choices = [(n.pk, field.label_from_instance(n)) for n in nominees]
        field.widget.attrs.update(SELECT)
        if not with_author:
            del self.fields["author_name"]
        else:
            self.fields["author_name"].widget.attrs["class"] = "form-control"
        self.fields["text"].widget.attrs["class"] = "form-control"
        self.fields["is_objection"].widget.attrs["class"] = "form-check-input"


class OpinionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Trả lời, kết quả xem xét"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=5000,
    )
