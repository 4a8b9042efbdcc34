from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    """What is due. Every kind but OTHER is checked from the records (`reports.deadlines.progress`)."""

    REGISTRATIONS = "registrations", _("Đăng ký thi đua")
    PLEDGES = "pledges", _("Ký giao ước thi đua")
    SIX_MONTH_REPORT = "six_month_report", _("Báo cáo sơ kết 6 tháng")
    SELF_ASSESSMENT = "self_assessment", _("Tự đánh giá, chấm điểm thi đua cuối năm")
    NOMINATIONS = "nominations", _("Gửi hồ sơ đề nghị khen thưởng")
    COUNCIL_SESSION = "council_session", _("Họp Hội đồng Thi đua - Khen thưởng")
    BATCH_TO_SECTOR = "batch_to_sector", _("Tờ trình đề nghị lên VKSND tối cao")
    YEAR_REPORT = "year_report", _("Báo cáo tổng kết năm")
    OTHER = "other", _("Việc khác")


class DeadlineStatus(models.TextChoices):
    """Where a unit stands with a deadline, as computed from the records (`reports.deadlines.progress`); never a
    field: nobody ticks it by hand."""

    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Chậm hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa thực hiện")
    PENDING = "pending", _("Chưa đến hạn, chưa thực hiện")
    NOT_BOUND = "not_bound", _("Không thuộc Cụm, Khối năm này")
