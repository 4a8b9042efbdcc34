"""Forms of the reports pages: a new report (unit, kind, period) and the writer's parts of a draft."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import LAST_YEAR
from emulation.enums import GroupKind
from reports.groups import NARRATIVE_LABELS
from reports.models import NARRATIVE_FIELDS, Lineage, Report, ReportKind, ReportState
from reports.rules import WRITER_ROLES
from reports.services import EDITABLE_FIELDS
from units.common.forms import PlainSelect
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


class GroupSelect(PlainSelect):
    """The groups' select, each option with its year (`data-year`): the page's script puts it in the year field.
    Written in Python (`PlainSelect`): the administrator's list holds every cluster and bloc of the sector."""

    def option_attrs(self, value) -> dict:
        group = getattr(value, "instance", None)
        return {"data-year": group.year} if group is not None else {}


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return _("%(name)s năm %(year)s – %(head_title)s: %(head)s (%(organiser)s)") % {
            "head_title": _("Khối trưởng") if group.kind == GroupKind.BLOC else _("Cụm trưởng"),
            "name": group.name,
            "year": group.year,
            "head": group.head_name,
            "organiser": group.organiser.short_name or group.organiser.name,
        }


class ReportCreateForm(forms.Form):
    # reports.selectors.units_writable_by: the active units of the writer's scope.
    unit = UnitPickerField(roles=WRITER_ROLES, label=_("Đơn vị"), required=False)
    # reports.selectors.groups_reportable_by: a small list (the clusters of the writer's unit or organiser).
    group = GroupChoiceField(
        label=_("hoặc Cụm, Khối thi đua"),
        queryset=None,
        required=False,
        empty_label=_("— Báo cáo của đơn vị —"),
        widget=GroupSelect(attrs=SELECT),
        help_text=_(
            "Báo cáo sơ kết 6 tháng hoặc tổng kết năm của Cụm, Khối: đơn vị Cụm trưởng, Khối trưởng ban hành và ký; "
            "năm báo cáo là năm của Cụm, Khối."
        ),
    )
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

    def __init__(self, *args, units, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["group"].queryset = groups
        # One `year` field serves the annual and the 6-month report: both default to the year under review.
        self.fields["year"].initial = cal.default_year_for_annual_report()
        self.fields["start_year"].initial, self.fields["end_year"].initial = cal.five_year_period()

    def clean_lineage(self) -> str:
        return self.cleaned_data.get("lineage") or Lineage.WITH_PREDECESSORS

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        group = data.get("group")
        if group is not None:
            self._clean_group(data, group)
        elif data.get("unit") is None and "unit" not in self.errors:
            self.add_error("unit", _("Hãy chọn đơn vị, hoặc một Cụm, Khối thi đua."))
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

    def _clean_group(self, data: dict, group) -> None:
        """A cluster's report: for the cluster's year, 6-month or annual, and not of a unit at the same time."""
        if data.get("unit") is not None:
            self.add_error("group", _("Chọn đơn vị hoặc Cụm, Khối thi đua, không chọn cả hai."))
        if data.get("kind") == ReportKind.FIVE_YEAR:
            self.add_error("kind", _("Báo cáo của Cụm, Khối chỉ có sơ kết 6 tháng hoặc tổng kết năm."))
        elif data.get("year") is not None and data["year"] != group.year:
            self.add_error(
                "year",
                _("Năm báo cáo phải là năm của %(group)s (%(year)s).") % {"group": group.name, "year": group.year},
            )

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
        if self.instance.group_id is not None:
            for field, label in NARRATIVE_LABELS.items():
                self.fields[field].label = label
        if self.instance.state != ReportState.DRAFT:
            for field in self.fields.values():
                field.disabled = True


class StatisticsFormsForm(forms.Form):
    """The unit and the statistics year of the Home Affairs forms 0601–0603 (`reports.home_affairs`)."""

    # reports.selectors.units_writable_by: the active units of the writer's scope.
    unit = UnitPickerField(roles=WRITER_ROLES, label=_("Đơn vị báo cáo"))
    year = _year_field(_("Năm thống kê"), required=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # The forms of year N are due on 15/12 of N: the year under review, as the annual report.
        self.fields["year"].initial = cal.default_year_for_annual_report()
        self.fields["year"].help_text = _("Năm thống kê N: từ ngày 01/12 năm N-1 đến ngày 30/11 năm N.")
