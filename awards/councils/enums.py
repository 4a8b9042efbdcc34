"""Roles, sessions, attendance, polls and ballot choices of the emulation council."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("Phó Chủ tịch thường trực")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Thư ký")


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Chuẩn bị")
    OPEN = "open", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")
    WRITTEN = "written", _("Vắng mặt, có ý kiến bằng văn bản")


class PollMode(models.TextChoices):
    SECRET = "secret", _("Bỏ phiếu kín")
    NAMED = "named", _("Biểu quyết công khai")
    PAPER = "paper", _("Phiếu giấy (thư ký nhập kết quả kiểm phiếu)")


class PollState(models.TextChoices):
    CREATED = "created", _("Chưa mở")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã đóng")
    PUBLISHED = "published", _("Đã công bố")
    CANCELLED = "cancelled", pgettext_lazy("state of a job or a poll", "Đã hủy")


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
