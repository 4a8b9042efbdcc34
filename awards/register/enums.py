"""Codes of the facts of a person's and a unit's year (rating, discipline, incidents) read by the eligibility rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskRating(models.TextChoices):
    """The yearly rating of a civil servant (HD 19/HD-VKSTC)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "not_done", _("Không hoàn thành nhiệm vụ")


class Discipline(models.TextChoices):
    """The discipline of a person's year. An empty value is "not recorded", which the rules read as unknown; "none"
    is a recorded "no discipline"."""

    NONE = "none", _("Không")
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    HIGHER = "higher", _("Cao hơn cảnh cáo")


class IncidentKind(models.TextChoices):
    """Serious incidents that keep a unit out of the year's titles."""

    DISCIPLINE = "discipline", _("Cán bộ bị kỷ luật, xử lý")
    PRESS = "press", _("Dư luận, báo chí phản ánh tiêu cực")
    CASE_RETURNED = "case_returned", _("Án trả hồ sơ, tuyên không phạm tội do lỗi chủ quan")
    CORRUPTION = "corruption", _("Tham nhũng, tiêu cực")
    OTHER = "other", _("Vụ việc nghiêm trọng khác")


class SignatureStatus(models.TextChoices):
    """The verdict on the digital signatures of a signed decision's PDF (`awards.register.signatures`)."""

    VALID = "valid", _("Chữ ký số hợp lệ")
    ALTERED = "altered", _("Văn bản bị sửa đổi sau khi ký")
    UNTRUSTED = "untrusted", _("Chứng thư số không thuộc tổ chức được tin cậy")
    INVALID = "invalid", _("Chữ ký số không hợp lệ")
    UNSIGNED = "unsigned", _("Không có chữ ký số")
    UNREADABLE = "unreadable", _("Không đọc được tệp PDF")
