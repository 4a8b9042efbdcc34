"""States of nominations and tờ trình, kinds of dossier documents."""

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


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
