"""Forms of council sessions, polls, ballots and minutes."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards.catalogue import calendar as cal
from awards.councils.decisions import decision_date_refusal, decision_number_taken, decision_signer
from awards.councils.enums import Attendance, Choice, CouncilRole, PollMode
from awards.councils.models import Council, Session
from awards.councils.rules import SECRETARY_ROLES
from awards.councils.voting import ABSTAIN
from awards.nominations.models import Nomination
from units.common.forms import SELECT
from units.common.text import display_name
from units.enums import UnitLevel
from units.forms import DATE_INPUT, PersonPickerField, UnitPickerField
from units.models import Person

TEXT = {"class": "form-control"}
# Django's own Vietnamese for these reads badly ("lớn hơn hoặc bằng với 0 ."): the service's words instead.
COUNT_ERRORS = {
    "required": _("Hãy nhập số phiếu."),
    "invalid": _("Hãy nhập một số nguyên."),
    "min_value": _("Hãy nhập số không âm."),
}
PAPER_FIELDS = ("issued", "returned", "valid", "invalid", "agree", "disagree")
# The units that have councils: every level but the phòng (awards.councils.membership.council_units_for).
COUNCIL_LEVELS = frozenset(UnitLevel.values) - {UnitLevel.DEPARTMENT}


def candidate_label(nomination: Nomination) -> str:
    who = nomination.person.full_name if nomination.person_id else nomination.unit.label_with_parent
    return f"{who} — {nomination.award_type.abbreviation}"


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "start_time", "place", "year", "title"]
        widgets = {
            "date": DATE_INPUT,
            "start_time": forms.TimeInput(attrs={"placeholder": "hh:mm", "autocomplete": "off"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = cal.today()
        self.fields["date"].initial = today
        self.fields["date"].input_formats = ["%d/%m/%Y"]
        self.fields["date"].help_text = _("Ngày/tháng/năm, ví dụ 10/12/2026.")
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Năm thành tích"),
            coerce=int,
            choices=cal.year_choices(today=today),
            initial=cal.default_year_for_council_sessions(today),
            help_text=_("Năm của các thành tích được xét."),
        )
        self.fields["start_time"].input_formats = ["%H:%M"]


class AgendaAddForm(forms.Form):
    nominations = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một đề nghị.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = candidates


class AttendanceForm(forms.Form):
    """One choice per council member, named `member-<id>`. A member not yet marked shows "— Chưa ghi nhận —" (left
    so, he stays unmarked, as the quorum line counts him); a marked one shows what was recorded."""

    NOT_RECORDED = ""

    def __init__(self, *args, members, recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            status = recorded.get(member.pk)
            unmarked = [] if status else [(self.NOT_RECORDED, _("— Chưa ghi nhận —"))]
            self.fields[f"member-{member.pk}"] = forms.ChoiceField(
                label=member.person.full_name,
                choices=[*unmarked, *Attendance.choices],
                required=bool(status),  # a recorded status is changed, never erased
                initial=status or self.NOT_RECORDED,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        return [(member, self[f"member-{member.pk}"]) for member in self.members]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.statuses():
            raise forms.ValidationError(_("Hãy chọn tình trạng có mặt của ít nhất một thành viên."))
        return cleaned

    def statuses(self) -> dict[int, str]:
        """{member id: Attendance} of the members marked in the form (the unmarked ones are left out)."""
        return {
            member.pk: self.cleaned_data[f"member-{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"member-{member.pk}")
        }


class CandidateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        return candidate_label(obj)


class PollForm(forms.Form):
    title = forms.CharField(
        label=_("Nội dung bỏ phiếu"),
        max_length=255,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": _("Ví dụ: Bỏ phiếu kín danh hiệu Chiến sĩ thi đua")}),
    )
    mode = forms.ChoiceField(
        label=_("Hình thức"), choices=PollMode.choices, initial=PollMode.SECRET, widget=forms.Select(attrs=SELECT)
    )
    candidates = CandidateChoiceField(
        label=_("Người, tập thể được bỏ phiếu"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Hãy chọn ít nhất một người hoặc tập thể trong chương trình.")},
    )

    reason = forms.CharField(
        label=_("Lý do bỏ phiếu lại"),
        required=False,
        help_text=_("Bắt buộc nếu người, tập thể trong phiếu đã được đưa ra bỏ phiếu trước đó; in trong biên bản."),
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = agenda


class PaperCountForm(forms.Form):
    """The count of one candidate. Its inputs sit in the cells of a table row and belong to a <form> in the last
    cell through their `form` attribute (a form cannot wrap a table row); the template writes those inputs."""

    issued = forms.IntegerField(label=_("Phát ra"), min_value=0, error_messages=COUNT_ERRORS)
    returned = forms.IntegerField(label=_("Thu về"), min_value=0, error_messages=COUNT_ERRORS)
    valid = forms.IntegerField(label=_("Hợp lệ"), min_value=0, error_messages=COUNT_ERRORS)
    invalid = forms.IntegerField(label=_("Không hợp lệ"), min_value=0, error_messages=COUNT_ERRORS)
    agree = forms.IntegerField(label=_("Đồng ý"), min_value=0, error_messages=COUNT_ERRORS)
    disagree = forms.IntegerField(label=_("Không đồng ý"), min_value=0, error_messages=COUNT_ERRORS)

    def __init__(self, *args, poll_id: int, nomination: Nomination, **kwargs):
        self.form_id = f"paper-{poll_id}-{nomination.pk}"
        super().__init__(*args, auto_id=f"{self.form_id}-%s", **kwargs)
        self.nomination = nomination


class WrittenOpinionForm(forms.Form):
    """The written opinion of one absent member: a choice per candidate on the agenda, named `n-<id>`."""

    def __init__(self, *args, member, nominations, recorded: dict[tuple[int, int], str], **kwargs):
        super().__init__(*args, auto_id=f"written-{member.pk}-%s", **kwargs)
        self.member = member
        self.nominations = nominations
        for nomination in nominations:
            self.fields[f"n-{nomination.pk}"] = forms.ChoiceField(
                label=candidate_label(nomination),
                choices=[("", _("— chưa có ý kiến —")), *Choice.choices],
                required=False,
                initial=recorded.get((member.pk, nomination.pk), ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        return [(nomination, self[f"n-{nomination.pk}"]) for nomination in self.nominations]

    def choices(self) -> list[tuple[Nomination, str]]:
        return [
            (nomination, self.cleaned_data[f"n-{nomination.pk}"])
            for nomination in self.nominations
            if self.cleaned_data[f"n-{nomination.pk}"]
        ]


class BallotForm(forms.Form):
    """One radio field per candidate (`c<nomination id>`), all required: a ballot is cast whole or not at all."""

    def __init__(self, *args, candidates, conflicts=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        # Candidates the member is in a conflict of interest with: he may declare that he does not vote on them.
        self.conflicts = set(conflicts)
        for nomination in self.candidates:
            extra = (
                [(ABSTAIN, _("Không tham gia biểu quyết (xung đột lợi ích)"))]
                if nomination.pk in self.conflicts
                else []
            )
            self.fields[self.field_name(nomination)] = forms.ChoiceField(
                label=str(nomination),
                choices=[*Choice.choices, *extra],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Hãy chọn Đồng ý hoặc Không đồng ý."),
                    "invalid_choice": _("Hãy chọn Đồng ý hoặc Không đồng ý."),
                },
            )

    @staticmethod
    def field_name(nomination) -> str:
        return f"c{nomination.pk}"

    def clean(self):
        cleaned = super().clean()
        missing = sum(1 for nomination in self.candidates if self.field_name(nomination) in self.errors)
        if missing:
            # Above the form too: on a phone the card with the error may be far down the page.
            self.add_error(
                None,
                ngettext(
                    "Phiếu chưa đủ: còn %(count)s người chưa chọn Đồng ý hoặc Không đồng ý.",
                    "Phiếu chưa đủ: còn %(count)s người chưa chọn Đồng ý hoặc Không đồng ý.",
                    missing,
                )
                % {"count": missing},
            )
        return cleaned

    def choices(self) -> dict[int, str]:
        """{nomination id: choice}, as `awards.councils.voting.ballot_cast` takes it."""
        return {nomination.pk: self.cleaned_data[self.field_name(nomination)] for nomination in self.candidates}

    def cards(self) -> list[tuple]:
        """(nomination, bound field) in the order of the ballot."""
        return [
            (nomination, self[self.field_name(nomination)], nomination.pk in self.conflicts)
            for nomination in self.candidates
        ]


class SessionDecisionForm(forms.Form):
    """Number, date and signer of the signed decision; the signer is prefilled as the draft decision prints him
    (`awards.councils.decisions.decision_signer`)."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 16/QĐ-VKS"))
    date = forms.DateField(label=_("Ngày ký"), widget=DATE_INPUT, initial=cal.today)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=160,
        help_text=_("Ví dụ: Viện trưởng; KT. Viện trưởng / Phó Viện trưởng"),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        # The unit whose head signs: its own yearly series of numbers.
        self.unit = session.council.unit
        if not self.is_bound:
            name, title = decision_signer(self.unit)
            self.fields["signer_name"].initial = name
            self.fields["signer_title"].initial = title
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean_number(self):
        return " ".join(self.cleaned_data["number"].split())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if refusal := decision_date_refusal(self.session, date):
            raise forms.ValidationError(refusal)
        return date

    def clean(self):
        cleaned = super().clean()
        number, date = cleaned.get("number"), cleaned.get("date")
        if number and date and decision_number_taken(number, date.year, self.unit):
            self.add_error(
                "number",
                _("Năm %(year)s %(issuer)s đã có quyết định số %(number)s; mỗi số chỉ được dùng một lần trong năm.")
                % {"year": date.year, "number": number, "issuer": self.unit.name},
            )
        return cleaned


# -- council and seats -------------------------------------------------------------------------------------------


DATE_FORMATS = ["%d/%m/%Y"]
DATE_HELP = _("Ngày/tháng/năm, ví dụ 05/01/2026.")
SEAT_LABELS = {
    "person": _("Cán bộ"),
    "role": _("Chức danh trong Hội đồng"),
    "votes": _("Có quyền biểu quyết"),
    "user": _("Tài khoản bỏ phiếu"),
    "order": _("Thứ tự"),
    "joined_on": _("Tham gia từ ngày"),
    "left_on": _("Thôi tham gia từ ngày"),
    "note": _("Căn cứ, ghi chú"),
}


def _date_field(label, *, required: bool = False, help_text=DATE_HELP) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_INPUT, input_formats=DATE_FORMATS, help_text=help_text
    )


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = display_name(obj)
        return name if name == obj.get_username() else f"{name} ({obj.get_username()})"


class CouncilForm(forms.ModelForm):
    """A council of a unit for a term. The unit is chosen once, among `units`; it never changes afterwards."""

    # membership.council_units_for: the active procuracies (not a phòng) of the secretary's scope.
    unit = UnitPickerField(roles=SECRETARY_ROLES, levels=COUNCIL_LEVELS, label=_("Đơn vị"))

    class Meta:
        model = Council
        fields = ["unit", "name", "term_start", "term_end", "decision"]
        widgets = {"term_start": DATE_INPUT, "term_end": DATE_INPUT, "name": forms.TextInput(attrs=TEXT)}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for name in ("term_start", "term_end"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].help_text = DATE_HELP
        self.fields["term_end"].help_text = _("Để trống nếu chưa xác định. Ngày/tháng/năm.")
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.fields["unit"].help_text = _("Không đổi được đơn vị của Hội đồng đã thành lập.")
        else:
            self.fields["term_start"].initial = cal.today()
            self.fields["name"].initial = ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            # Before the model's check constraint, which would say it in words nobody understands.
            self.add_error("term_end", _("Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu."))
        return cleaned


class SeatForm(forms.Form):
    """The fields of a seat shared by adding, changing and replacing: role, voting right, account, note."""

    role = forms.ChoiceField(label=SEAT_LABELS["role"], choices=CouncilRole.choices, widget=forms.Select(attrs=SELECT))
    votes = forms.BooleanField(
        label=SEAT_LABELS["votes"],
        required=False,
        initial=True,
        help_text=_("Thư ký Hội đồng thường không biểu quyết."),
    )
    user = AccountChoiceField(
        label=SEAT_LABELS["user"],
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— chưa có tài khoản —"),
        help_text=_("Tài khoản dùng để bỏ phiếu; mỗi tài khoản chỉ gắn với một ghế."),
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=SEAT_LABELS["note"],
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": _("Ví dụ: Quyết định số 30/QĐ-VKS ngày 01/6/2026")}),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class CouncilMemberForm(SeatForm):
    """A new seat: the person (staff of the council's unit and the units under it), from the term's start."""

    # A picker (units:person-lookup) over the staff of the council's unit and the units under it.
    person = PersonPickerField(label=SEAT_LABELS["person"], queryset=Person.objects.none())
    joined_on = _date_field(SEAT_LABELS["joined_on"], required=True)
    order = forms.IntegerField(
        label=SEAT_LABELS["order"], min_value=0, required=False, help_text=_("Để trống: xếp cuối danh sách.")
    )
    field_order = ["person", "role", "user", "votes", "joined_on", "order", "note"]

    def __init__(self, *args, council: Council, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["person"].widget.params["unit"] = council.unit.code
        self.fields["joined_on"].initial = council.term_start
        self.fields["role"].initial = CouncilRole.MEMBER


class CouncilMemberChangeForm(SeatForm):
    """A seat's role, voting right, account, order, period and note; its person never changes (a replacement)."""

    order = forms.IntegerField(label=SEAT_LABELS["order"], min_value=0)
    joined_on = _date_field(SEAT_LABELS["joined_on"], help_text=_("Để trống: từ đầu nhiệm kỳ."))
    left_on = _date_field(SEAT_LABELS["left_on"], help_text=_("Để trống: đến hết nhiệm kỳ."))
    field_order = ["role", "user", "votes", "order", "joined_on", "left_on", "note"]

    def __init__(self, *args, member, **kwargs):
        initial = {name: getattr(member, name) for name in ("role", "votes", "order", "joined_on", "left_on", "note")}
        initial["user"] = member.user_id
        super().__init__(*args, initial=initial, **kwargs)


class CouncilMemberLeaveForm(forms.Form):
    """End a seat: from which day the member no longer sits, and on which decision."""

    left_on = _date_field(SEAT_LABELS["left_on"], required=True)
    note = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": _("Ví dụ: Quyết định số 30/QĐ-VKS ngày 01/6/2026")}),
    )


class CouncilMemberReplaceForm(SeatForm):
    """Replace a member on a date by another person, who takes the seat (role and voting right as it had)."""

    on = _date_field(_("Thay thế từ ngày"), required=True)
    person = PersonPickerField(label=_("Người thay thế"), queryset=Person.objects.none())
    field_order = ["person", "on", "role", "votes", "user", "note"]

    def __init__(self, *args, member, persons, **kwargs):
        super().__init__(*args, initial={"role": member.role, "votes": member.votes, "on": cal.today()}, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["person"].widget.params["unit"] = member.council.unit.code
