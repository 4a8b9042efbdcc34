"""Forms of the reports pages: a new report (unit, kind, period) and the writer's parts of a draft."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import LAST_YEAR
from reports.models import NARRATIVE_FIELDS, Lineage, Report, ReportKind, ReportState
from reports.rules import WRITER_ROLES
from reports.services import EDITABLE_FIELDS
from units.forms import DATE_INPUT, UnitPickerField, VersionedForm

# Reports start later than the records (calendar.FIRST_YEAR): no office reports on the years before 2000.
FIRST_REPORT_YEAR = 2000
SELECT = {"class": "form-select"}


def _year_field(label, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_REPORT_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class ReportCreateForm(forms.Form):
    # reports.selectors.units_writable_by: the active units of the writer's scope.
    unit = UnitPickerField(roles=WRITER_ROLES, label=_("Đơn vị"))
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices, widget=forms.Select(attrs=SELECT))
    year = _year_field(_("Năm báo cáo"))
    start_year = _year_field(_("Từ năm"))
    end_year = _year_field(_("Đến năm"))
    window_start = forms.DateField(
        label=_("Kỳ 6 tháng từ ngày"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Để trống: từ 01/12 năm trước đến 31/05 (kỳ thống kê của ngành)."),
    )
    window_end = forms.DateField(label=_("đến ngày"), required=False, widget=DATE_INPUT)
    lineage = forms.ChoiceField(
        label=_("Phạm vi đơn vị"),
        choices=Lineage.choices,
        initial=Lineage.WITH_PREDECESSORS,
        required=False,  # left out (a form posted by a script): the default
        widget=forms.RadioSelect,
        help_text=_(
            "Chỉ khác nhau khi đơn vị hoặc đơn vị trực thuộc được hợp nhất, sáp nhập từ đơn vị khác (như đợt sắp xếp "
            "năm 2025): “gồm cả các đơn vị tiền thân” tính khen thưởng, phong trào, sáng kiến của các đơn vị đó như "
            "của đơn vị mình; “theo cây đơn vị tại thời điểm khen thưởng” chỉ tính các đơn vị thuộc đơn vị này vào "
            "lúc khen thưởng. Báo cáo ghi rõ cách tính đã chọn."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # One `year` field serves the annual and the 6-month report: both default to the year under review.
        self.fields["year"].initial = cal.default_year_for_annual_report()
        self.fields["start_year"].initial, self.fields["end_year"].initial = cal.five_year_period()

    def clean_lineage(self) -> str:
        return self.cleaned_data.get("lineage") or Lineage.WITH_PREDECESSORS

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ReportKind.FIVE_YEAR:
            start, end = data.get("start_year"), data.get("end_year")
            if start is None:
                self.add_error("start_year", _("Báo cáo tổng kết 5 năm cần năm bắt đầu."))
            if end is None:
                self.add_error("end_year", _("Báo cáo tổng kết 5 năm cần năm kết thúc."))
            if start and end and end < start:
                self.add_error("end_year", _("Năm kết thúc không được trước năm bắt đầu."))
            elif start and end and end - start > 9:
                self.add_error("end_year", _("Một báo cáo tổng kết gồm tối đa 10 năm."))
        elif kind and data.get("year") is None:
            self.add_error("year", _("Hãy nhập năm báo cáo."))
        if kind == ReportKind.SIX_MONTH and data.get("year"):
            start, end = data.get("window_start"), data.get("window_end")
            if bool(start) != bool(end):
                self.add_error("window_end", _("Nhập cả ngày đầu và ngày cuối kỳ, hoặc để trống cả hai."))
            elif start and end and end < start:
                self.add_error("window_end", _("Ngày cuối kỳ không được trước ngày đầu kỳ."))
            elif start and end and (end - start).days > 366:
                self.add_error("window_end", _("Kỳ sơ kết không được dài quá một năm."))
        return data

    def window(self) -> tuple[datetime.date, datetime.date] | None:
        data = self.cleaned_data
        if data.get("window_start") and data.get("window_end"):
            return data["window_start"], data["window_end"]
        return cal.six_month_window(data["year"]) if data.get("year") else None


class ReportEditForm(VersionedForm):
    """The writer's parts of a draft: number, date, the narrative sections, Nơi nhận and the signature."""

    stale_subject = _("Báo cáo này")

    class Meta:
        model = Report
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "date": DATE_INPUT,
            **{
                field: forms.Textarea(attrs={"rows": 6, "class": "form-control narrative"})
                for field in NARRATIVE_FIELDS
            },
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.state != ReportState.DRAFT:
            for field in self.fields.values():
                field.disabled = True
