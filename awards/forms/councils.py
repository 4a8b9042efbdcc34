"""Forms of the secretary's console: a session, the attendance, a poll, a paper count, written opinions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import Attendance, Choice, PollMode
from awards.forms import SELECT
from awards.forms.nominations import year_choices
from awards.models import Nomination, Session
from awards.services import work_year_of
from units.forms import DATE_INPUT

TEXT = {"class": "form-control"}
# Django's own Vietnamese for these reads badly ("lớn hơn hoặc bằng với 0 ."): the service's words instead.
COUNT_ERRORS = {
    "required": _("Hãy nhập số phiếu."),
    "invalid": _("Hãy nhập một số nguyên."),
    "min_value": _("Hãy nhập số không âm."),
}
PAPER_FIELDS = ("issued", "returned", "valid", "invalid", "agree", "disagree")


def candidate_label(nomination: Nomination) -> str:
    who = nomination.person.full_name if nomination.person_id else str(nomination.unit)
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
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].input_formats = ["%d/%m/%Y"]
        self.fields["date"].help_text = _("Ngày/tháng/năm, ví dụ 10/12/2026.")
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Năm thành tích"),
            coerce=int,
            choices=year_choices(),
            initial=work_year_of(today),
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
    """One choice per council member, named `member-<id>`; a member not yet marked starts as present."""

    def __init__(self, *args, members, recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member-{member.pk}"] = forms.ChoiceField(
                label=member.person.full_name,
                choices=Attendance.choices,
                initial=recorded.get(member.pk, Attendance.PRESENT),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        return [(member, self[f"member-{member.pk}"]) for member in self.members]

    def statuses(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"member-{member.pk}"] for member in self.members}


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
