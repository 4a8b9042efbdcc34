"""Summary reports (báo cáo sơ kết, tổng kết) as documents with a life: a draft whose narrative the writer edits,
PDFs generated from it in the background worker, and the issue that freezes the PDF and the figures it showed.

A correction of an issued report is a new edition (`previous` points at the edition it corrects); an issued
edition never changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from units.common.models import ChoiceLabels, Versioned


class ReportKind(models.TextChoices):
    SIX_MONTH = "six_month", _("Sơ kết 6 tháng")
    ANNUAL = "annual", _("Tổng kết năm")
    FIVE_YEAR = "five_year", _("Tổng kết 5 năm")


class Lineage(models.TextChoices):
    """Which units a report counts: the unit as it is today with the units it absorbed, or the tree as it was."""

    WITH_PREDECESSORS = "with_predecessors", _("Gồm cả các đơn vị tiền thân")
    AS_IT_WAS = "as_it_was", _("Theo cây đơn vị tại thời điểm khen thưởng")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class RenderState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã tạo xong")
    FAILED = "failed", _("Lỗi")
    CANCELLED = "cancelled", pgettext_lazy("state of a job or a poll", "Đã hủy")


# The narrative parts the writer edits, in the order of the report's outline: (field, heading in the report).
NARRATIVE_FIELDS = (
    "leadership",
    "leadership_after",
    "regular",
    "thematic",
    "local",
    "awards_note",
    "assessment",
    "direction",
)


class Report(ChoiceLabels, Versioned):
    """One edition of a summary report for a period: of a unit and its subtree, or (with `group`) of an emulation
    cluster or bloc (Cụm/Khối), issued and signed by its head unit (`unit`)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        "emulation.EmulationGroup",
        verbose_name=_("Cụm, Khối thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("Báo cáo của Cụm, Khối: đơn vị là đơn vị Cụm trưởng, Khối trưởng ký báo cáo."),
    )
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    # Achievement years counted (both ends included); annual and 6-month reports have start_year == end_year.
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    # The 6-month report counts by decision date inside this window (default 01/12 of the year before – 31/05).
    window_start = models.DateField(_("từ ngày"), null=True, blank=True)
    window_end = models.DateField(_("đến ngày"), null=True, blank=True)

    lineage = models.CharField(
        _("phạm vi đơn vị"), max_length=20, choices=Lineage.choices, default=Lineage.WITH_PREDECESSORS
    )

    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 15/BC-VKS"))
    date = models.DateField(_("ngày báo cáo"), null=True, blank=True)

    leadership = models.TextField(_("Công tác lãnh đạo, chỉ đạo (mở đầu)"), blank=True)
    leadership_after = models.TextField(_("Công tác lãnh đạo, chỉ đạo (sau danh sách phong trào)"), blank=True)
    regular = models.TextField(_("Kết quả các phong trào thi đua thường xuyên"), blank=True)
    thematic = models.TextField(_("Kết quả các phong trào thi đua theo đợt, chuyên đề"), blank=True)
    local = models.TextField(_("Kết quả phong trào do địa phương phát động"), blank=True)
    awards_note = models.TextField(_("Nhận xét về công tác khen thưởng"), blank=True)
    assessment = models.TextField(_("Nhận xét, đánh giá và bài học kinh nghiệm"), blank=True)
    direction = models.TextField(_("Phương hướng, nhiệm vụ"), blank=True)

    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    sign_authority = models.CharField(
        _("quyền hạn ký"), max_length=120, blank=True, help_text=_("Ví dụ: KT. VIỆN TRƯỞNG")
    )
    sign_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)

    state = models.CharField(_("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    edition = models.PositiveSmallIntegerField(_("lần ban hành"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("sửa đổi báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    # Frozen at issue: the figures the PDF showed and the PDF itself.
    figures = models.JSONField(default=dict, blank=True, editable=False)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "figures", "updated_at"])

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="reports_report_years_ordered"),
            # A cluster's report covers one year of the cluster: its 6-month review or its annual review.
            models.CheckConstraint(
                condition=Q(group__isnull=True) | ~Q(kind="five_year"), name="reports_report_group_not_five_year"
            ),
            models.CheckConstraint(
                condition=~Q(kind="six_month")
                | Q(window_start__isnull=False, window_end__isnull=False, window_start__lte=F("window_end")),
                name="reports_report_six_month_window",
            ),
            models.CheckConstraint(
                condition=Q(kind="five_year") | Q(start_year=F("end_year")),
                name="reports_report_one_year_unless_five_year",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(issued_at__isnull=False) & ~Q(pdf="")),
                name="reports_report_issued_has_pdf",
            ),
            models.CheckConstraint(
                condition=Q(edition=1, previous__isnull=True) | Q(edition__gt=1, previous__isnull=False),
                name="reports_report_edition_follows_previous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit}"

    @property
    def title(self) -> str:
        if self.kind == ReportKind.FIVE_YEAR:
            return _("Tổng kết 5 năm %(start)s–%(end)s") % {"start": self.start_year, "end": self.end_year}
        if self.kind == ReportKind.ANNUAL:
            return _("Tổng kết năm %(year)s") % {"year": self.end_year}
        return _("Sơ kết 6 tháng đầu năm %(year)s") % {"year": self.end_year}

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip(" -;.") for line in self.recipients.splitlines() if line.strip(" -;.")]


class ReportRender(ChoiceLabels, models.Model):
    """One generation of a report's PDF, run by the background worker; the report's page follows its progress."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="renders")
    report_version = models.PositiveIntegerField(editable=False)  # the report's text this PDF was made from
    state = models.CharField(max_length=10, choices=RenderState.choices, default=RenderState.QUEUED)
    stage = models.CharField(max_length=120, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    pdf = models.FileField(upload_to="reports/renders/%Y/", blank=True)
    figures = models.JSONField(default=dict, blank=True)
    pages = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's lease: renewed while it works; a running render whose lease ran out lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt tạo PDF báo cáo")
        verbose_name_plural = _("lượt tạo PDF báo cáo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="reports_render_percent_at_most_100"),
            models.CheckConstraint(condition=~Q(state="done") | ~Q(pdf=""), name="reports_render_done_has_pdf"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.get_state_display()}"

    @property
    def is_running(self) -> bool:
        return self.state in (RenderState.QUEUED, RenderState.RUNNING)

    @property
    def is_final(self) -> bool:
        return not self.is_running


# The calendar's models live in their own package; imported here so that Django loads them with the app.
from reports.deadlines.models import CalendarPlan, Deadline  # noqa: E402, F401
