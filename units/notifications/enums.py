from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about; each user chooses, per kind, whether he receives it in the product and by
    e-mail (`NotificationPreference`; no row means both)."""

    DEADLINE_SOON = "deadline_soon", _("Sắp đến hạn")
    DEADLINE_PASSED = "deadline_passed", _("Đã quá hạn")
    BATCH_RECEIVED = "batch_received", _("Nhận tờ trình")
    BATCH_RETURNED = "batch_returned", _("Đề nghị bị trả lại")
    BATCH_DECIDED = "batch_decided", _("Tờ trình đã có kết quả")
    POLL_OPENED = "poll_opened", _("Mở biểu quyết")
    CONSULTATION = "consultation", _("Lấy ý kiến nhân dân")
    JOB_FINISHED = "job_finished", _("Công việc chạy nền đã xong")
    JOB_FAILED = "job_failed", _("Công việc chạy nền bị lỗi")
