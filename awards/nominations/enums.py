"""States of nominations and tờ trình (the kinds of dossier documents are catalogue data: awards.catalogue.enums)."""

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationState(models.TextChoices):
    """The life of a nomination; `awards.nominations.workflow` holds the moves between these states."""

    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi Hội đồng")
    RETURNED = "returned", _("Trả lại đơn vị")
    UNDER_REVIEW = "under_review", _("Đang xét")
    RECOMMENDED = "recommended", _("Hội đồng đề nghị")
    CONSULTING = "consulting", _("Đang lấy ý kiến nhân dân")
    NOT_RECOMMENDED = "not_recommended", _("Hội đồng không đề nghị")
    ESCALATED = "escalated", _("Đã trình cấp trên")
    DECIDED = "decided", _("Đã khen thưởng")
    REJECTED = "rejected", _("Không khen thưởng")
    WITHDRAWN = "withdrawn", _("Đơn vị rút")

    # The named groups of states; every reader of a group takes it from here.
    # With the nominating unit: it may still edit the nomination, its dossier, and submit it.
    editable_states = enum.nonmember(("draft", "returned"))
    # States that leave the recipient free for another nomination of the same type and year.
    inactive_states = enum.nonmember(("withdrawn", "escalated"))
    # States that will not become an award here: the nomination neither counts as a title of its year (in chains)
    # nor takes quota.
    dead_states = enum.nonmember(("withdrawn", "escalated", "not_recommended", "rejected"))


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
