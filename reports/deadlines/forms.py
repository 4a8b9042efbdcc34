"""Forms of the calendar pages: which calendar to show, a new plan from the template, a plan's own fields and a
deadline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from reports.deadlines.models import CalendarPlan, Deadline
from reports.deadlines.rules import EDIT_ROLES, PLAN_LEVELS
from units.common.forms import SELECT
from units.forms import DATE_INPUT, UnitPickerField, VersionedForm, VersionField

MONTH, LIST = "thang", "danh-sach"
PLAN_DUPLICATE = _("Đơn vị đã có lịch thi đua, khen thưởng của năm này.")


def year_choices() -> list[tuple[int, int]]:
    """The work years offered: five back from the one in progress and the next one (a plan is made before its year
    starts on 01/12)."""
    return cal.year_choices(forward=1)


class CalendarFilterForm(forms.Form):
    """The calendar shown: a unit of the user's scope (his own by default), a work year, the list or the months."""

    unit = UnitPickerField(required=False, label=_("Đơn vị"), placeholder=_("Đơn vị của tôi"))
    year = forms.TypedChoiceField(
        label=_("Năm công tác"), coerce=int, required=False, widget=forms.Select(attrs=SELECT)
    )
    view = forms.ChoiceField(
        label=_("Cách xem"),
        required=False,
        choices=[(LIST, _("Danh sách")), (MONTH, _("Theo tháng"))],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = year_choices()


class PlanCreateForm(forms.Form):
    """A new plan: the unit (a provincial procuracy or above where the user is a TĐKT clerk) and the work year; the
    deadlines come from the template. The service refuses a second plan of a unit's year, in a sentence."""

    unit = UnitPickerField(roles=EDIT_ROLES, levels=PLAN_LEVELS, label=_("Đơn vị"))
    year = forms.TypedChoiceField(
        label=_("Năm công tác"),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        help_text=_("Năm công tác N: từ 01/12 năm N-1 đến 30/11 năm N."),
    )
    basis = CalendarPlan._meta.get_field("basis").formfield()
    remind_days = CalendarPlan._meta.get_field("remind_days").formfield()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].choices = year_choices()


class PlanForm(VersionedForm):
    stale_subject = _("Lịch này")

    class Meta:
        model = CalendarPlan
        fields = ["basis", "remind_days"]


class DeadlineForm(VersionedForm):
    stale_subject = _("Mốc thời gian này")

    class Meta:
        model = Deadline
        fields = ["kind", "title", "due_date", "basis", "note"]
        widgets = {
            "kind": forms.Select(attrs=SELECT),
            "due_date": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "kind": _("Việc của loại “Việc khác” không được tự theo dõi từ dữ liệu."),
            "basis": _("Để trống nếu theo căn cứ chung của lịch."),
        }


class DeadlineDeleteForm(forms.Form):
    """The version of the deadline the page showed: a deadline changed since is not deleted."""

    version = VersionField()
