"""Codes of the award catalogue and the register; the values are those of the interchange format."""

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class Recipients(models.TextChoices):
    """Who may receive an award type."""

    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    BOTH = "both", _("Cá nhân và tập thể")


class RecipientKind(models.TextChoices):
    """Who received one award."""

    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class Authority(models.TextChoices):
    """The conferring authority of an award type (and the issuer of a decision)."""

    STATE_PRESIDENT = "state_president", _("Chủ tịch nước")
    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    PROCURATOR_GENERAL = "procurator_general", _("Viện trưởng VKSND tối cao")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Chủ tịch UBND tỉnh")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    OTHER = "other", _("Cơ quan khác")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    ANY_TIME = "any_time", _("Bất kỳ lúc nào")
    ONCE = "once", _("Một lần")


class AwardKind(models.TextChoices):
    """Kinds of commendation (Law 2022 Art. 8). Only regular awards count in chains."""

    REGULAR = "regular", _("Thường xuyên (công trạng)")
    THEMATIC = "thematic", _("Theo đợt, chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")
    SENIORITY = "seniority", _("Niên hạn")
    DEDICATION = "dedication", _("Quá trình cống hiến")
    FOREIGN = "foreign", _("Đối ngoại")


class NominationState(models.TextChoices):
    """The life of a nomination; `awards.workflow` holds the moves between these states."""

    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi Hội đồng")
    RETURNED = "returned", _("Trả lại đơn vị")
    UNDER_REVIEW = "under_review", _("Đang xét")
    RECOMMENDED = "recommended", _("Hội đồng đề nghị")
    NOT_RECOMMENDED = "not_recommended", _("Hội đồng không đề nghị")
    ESCALATED = "escalated", _("Đã trình cấp trên")
    DECIDED = "decided", _("Đã khen thưởng")
    REJECTED = "rejected", _("Không khen thưởng")
    WITHDRAWN = "withdrawn", _("Đơn vị rút")

    # States that leave the recipient free for another nomination of the same type and year.
    INACTIVE = enum.nonmember(("withdrawn", "escalated"))


class DossierDocument(models.TextChoices):
    """The documents of a nomination's dossier (Law 2022 Art. 84; domain-rules §4.1)."""

    PROPOSAL = "proposal", _("Tờ trình")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    MINUTES = "minutes", _("Biên bản họp xét")
    INITIATIVE_CERTIFICATE = "initiative_certificate", _("Xác nhận sáng kiến, đề tài")
    SPECIAL_CERTIFICATE = "special_certificate", _("Xác nhận thành tích đặc biệt, đột xuất")
    OTHER = "other", _("Tài liệu khác")


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")


class TaskRating(models.TextChoices):
    """The yearly rating of a civil servant (HD 19/HD-VKSTC)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "not_done", _("Không hoàn thành nhiệm vụ")


class Discipline(models.TextChoices):
    NONE = "", _("Không")
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    HIGHER = "higher", _("Cao hơn cảnh cáo")


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


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
