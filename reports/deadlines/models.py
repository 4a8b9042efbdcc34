"""A unit's calendar of the TĐKT year (the plan, citing the guidance letter its dates come from) and its deadlines."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.catalogue.calendar import FIRST_YEAR, LAST_YEAR
from reports.deadlines.enums import DeadlineKind
from units.common.models import ChoiceLabels, Stamped, Versioned


class CalendarPlan(Stamped, Versioned):
    """The TĐKT calendar of one unit for one work year: made from the yearly template, then adjusted by the unit's
    clerk to the dates of the plan or guidance letter (`basis`). Its deadlines bind the units of its subtree."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="calendar_plans"
    )
    year = models.PositiveSmallIntegerField(
        _("năm công tác"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    basis = models.CharField(
        _("căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Kế hoạch, hướng dẫn quy định các mốc thời gian, ví dụ: Hướng dẫn số 33/HD-VKSTC ngày 18/11/2025"),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("nhắc trước (ngày)"), default=7, validators=[MaxValueValidator(60)]
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("lịch thi đua, khen thưởng")
        verbose_name_plural = _("lịch thi đua, khen thưởng")
        ordering = ["-year", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="reports_calendar_plan_once")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class Deadline(ChoiceLabels, Versioned):
    """One thing due by a date: what (`kind`, checked from the records unless OTHER), its wording and the text that
    sets it when it is not the plan's."""

    plan = models.ForeignKey(CalendarPlan, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("loại việc"), max_length=20, choices=DeadlineKind.choices)
    title = models.CharField(_("nội dung"), max_length=255)
    due_date = models.DateField(_("hạn"))
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("mốc thời gian")
        verbose_name_plural = _("mốc thời gian")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["due_date"], name="reports_deadline_due")]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d/%m/%Y})"
