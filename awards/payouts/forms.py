"""Forms of bonus money: a recipient's payout, several recipients paid on one voucher, a reward fund and its sources,
the filter of the funds' list, a base salary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from awards.catalogue.models import BaseSalary
from awards.payouts.models import FundSource, Payout, RewardFund
from awards.payouts.rules import PAY_ROLES
from units.common.forms import SELECT
from units.forms import DATE_INPUT, UnitPickerField, VersionedForm

FUND_DUPLICATE = _("Đơn vị đã có quỹ thi đua, khen thưởng của năm này.")
VOUCHER_HELP = _("Số phiếu chi, ủy nhiệm chi hoặc bảng kê của kế toán, ví dụ PC-125.")


class PayoutForm(VersionedForm):
    """One recipient's payout: who pays it, and when it was paid with which voucher (both or neither)."""

    stale_subject = _("Tiền thưởng này")

    class Meta:
        model = Payout
        fields = ["paid_by_unit", "paid_on", "voucher"]
        widgets = {"paid_on": DATE_INPUT}
        help_texts = {
            "voucher": VOUCHER_HELP,
            "paid_on": _("Để trống ngày chi và số chứng từ nếu chưa chi (hoặc để hủy ghi chi nhầm)."),
        }

    def clean(self):
        cleaned = super().clean()
        paid_on, voucher = cleaned.get("paid_on"), (cleaned.get("voucher") or "").strip()
        if paid_on and not voucher:
            self.add_error("voucher", _("Hãy ghi số chứng từ chi."))
        elif voucher and not paid_on:
            self.add_error("paid_on", _("Hãy ghi ngày chi cùng số chứng từ."))
        return cleaned


class PayoutsPaidForm(forms.Form):
    """Several recipients paid on one voucher: each checked row posts "payout id:version", the version the page
    showed, so that a row changed by someone else since is refused (`services.payouts_mark_paid`)."""

    rows = forms.MultipleChoiceField(
        label=_("Người được chi"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một người được chi.")},
    )
    paid_on = forms.DateField(label=_("Ngày chi"), widget=DATE_INPUT, initial=cal.today)
    voucher = forms.CharField(label=_("Số chứng từ"), max_length=60, help_text=VOUCHER_HELP)

    def __init__(self, *args, payouts, **kwargs):
        super().__init__(*args, **kwargs)
        self.payouts = {payout.pk: payout for payout in payouts}
        self.fields["rows"].choices = [(self.value_of(payout), str(payout.pk)) for payout in payouts]

    @staticmethod
    def value_of(payout: Payout) -> str:
        return f"{payout.pk}:{payout.version}"

    def chosen(self) -> list[tuple[Payout, int]]:
        pairs = []
        for value in self.cleaned_data["rows"]:
            pk, version = value.split(":")
            pairs.append((self.payouts[int(pk)], int(version)))
        return pairs


class FundForm(VersionedForm):
    """A unit's reward fund of a year: the unit and the year when it is created, a note."""

    unit = UnitPickerField(roles=PAY_ROLES, label=_("Đơn vị"))
    year = forms.TypedChoiceField(
        label=_("Năm"), coerce=int, help_text=_("Năm ngân sách (từ 01/01 đến 31/12) mà quỹ được sử dụng.")
    )
    stale_subject = _("Quỹ này")

    class Meta:
        model = RewardFund
        fields = ["unit", "year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"unit": {"required": _("Hãy chọn đơn vị.")}}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        current = [self.instance.year] if self.instance.pk else []
        self.fields["year"].choices = cal.year_choices(current, around=cal.default_year_for_reward_funds(), forward=1)
        self.fields["year"].initial = self.instance.year if self.instance.pk else cal.default_year_for_reward_funds()
        self.fields["year"].widget.attrs.update(SELECT)
        if self.instance.pk:  # a fund keeps its unit and year: its payouts are charged to them
            self.fields["unit"].disabled = True
            self.fields["year"].disabled = True

    def clean(self):
        cleaned = super().clean()
        unit, year = cleaned.get("unit"), cleaned.get("year")
        new = not self.instance.pk and unit is not None and year is not None
        if new and RewardFund.objects.filter(unit=unit, year=year).exists():
            self.add_error("year", FUND_DUPLICATE)
            self._validate_unique = False  # the model's own message of the same constraint would repeat it
        return cleaned


class FundSourceForm(forms.ModelForm):
    class Meta:
        model = FundSource
        fields = ["name", "amount", "received_on", "note"]
        widgets = {"received_on": DATE_INPUT}
        error_messages = {
            "name": {"required": _("Hãy ghi nguồn quỹ.")},
            "amount": {"required": _("Hãy ghi số tiền.")},
        }


class FundFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = UnitPickerField(closed=True, required=False, label=_("Đơn vị (gồm trực thuộc)"), placeholder=_("Tất cả"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound else {}
        return {"year": data.get("year"), "within": data.get("unit")}


class BaseSalaryForm(forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = ["effective_from", "amount", "legal_basis"]
        widgets = {"effective_from": DATE_INPUT}
        error_messages = {"effective_from": {"unique": _("Đã có mức lương cơ sở áp dụng từ ngày này.")}}
