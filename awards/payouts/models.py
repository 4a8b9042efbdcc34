"""Bonus money after a decision: each recipient's payout (tiền thưởng) and the unit's reward fund (quỹ thi đua,
khen thưởng) it is paid from."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.register.models import Award
from units.common.models import Stamped, Versioned


class RewardFund(Stamped, Versioned):
    """The reward fund of a unit for a year; its amount is the sum of its sources."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("quỹ thi đua, khen thưởng")
        verbose_name_plural = _("quỹ thi đua, khen thưởng")
        ordering = ["-year", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="awards_rewardfund_once_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class FundSource(Stamped):
    """Money put into a fund: the state budget estimate, other sources (nguồn thu hợp pháp khác)."""

    fund = models.ForeignKey(RewardFund, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(_("nguồn"), max_length=255, help_text=_("Ví dụ: Ngân sách nhà nước giao năm 2026"))
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    received_on = models.DateField(_("ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nguồn quỹ")
        verbose_name_plural = _("nguồn quỹ")
        ordering = ["fund", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class Payout(Stamped, Versioned):
    """The bonus of one award (one recipient of a decision): the base salary and multiplier it was computed with,
    the amount after rounding and the rule for several awards at once (0 when only a higher one is paid), whether
    the unit pays it from its fund (an award of another body may be), and when it was paid."""

    award = models.OneToOneField(Award, verbose_name=_("khen thưởng"), on_delete=models.PROTECT, related_name="payout")
    base_salary = models.PositiveIntegerField(_("mức lương cơ sở"))
    multiplier = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    note = models.CharField(
        _("ghi chú"), max_length=255, blank=True, help_text=_("Ví dụ: chỉ nhận mức thưởng cao nhất (Bằng khen)")
    )
    fund = models.ForeignKey(
        RewardFund,
        verbose_name=_("chi từ quỹ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
    )
    paid_by_unit = models.BooleanField(
        _("đơn vị chi trả"),
        default=True,
        help_text=_(
            "Khen thưởng của cơ quan khác mà đơn vị chi tiền thưởng từ quỹ của mình; bỏ chọn nếu cơ quan khác chi."
        ),
    )
    paid_on = models.DateField(_("ngày chi"), null=True, blank=True)
    voucher = models.CharField(_("số chứng từ"), max_length=60, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("tiền thưởng")
        verbose_name_plural = _("tiền thưởng")
        ordering = ["award__decision", "award__id"]
        constraints = [
            # Paid means a date and a voucher.
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True, voucher="") | (Q(paid_on__isnull=False) & ~Q(voucher="")),
                name="awards_payout_paid_has_voucher",
            ),
            models.CheckConstraint(condition=Q(multiplier__gte=0), name="awards_payout_multiplier_not_negative"),
        ]
        indexes = [models.Index(fields=["fund", "paid_on"], name="awards_payout_fund_paid")]

    def __str__(self) -> str:
        return f"{self.award}: {self.amount}"
