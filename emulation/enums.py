from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Theo đợt, chuyên đề")


class DocumentType(models.TextChoices):
    """Types of launching documents (Nghị định 30/2020, Phụ lục III) with the word printed in citations."""

    PLAN = "KH", _("Kế hoạch")
    PROGRAMME = "CTr", _("Chương trình")
    GUIDANCE = "HD", _("Hướng dẫn")
    DECISION = "QĐ", _("Quyết định")
    DIRECTIVE = "CT", _("Chỉ thị")
    NOTICE = "TB", _("Thông báo")
    LETTER = "CV", _("Công văn")
    OTHER = "other", _("Văn bản")


class GroupKind(models.TextChoices):
    CLUSTER = "cluster", _("Cụm thi đua")
    BLOC = "bloc", _("Khối thi đua")


class GroupLevel(models.TextChoices):
    SECTOR = "sector", _("Do ngành tổ chức")
    PROVINCIAL = "provincial", _("Trong VKSND cấp tỉnh")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Trưởng")
    DEPUTY = "deputy", _("Phó")
    MEMBER = "member", _("Thành viên")


class CriterionKind(models.TextChoices):
    CRITERION = "criterion", _("Tiêu chí")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class InitiativeLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Cấp cơ sở")
    SECTOR = "sector", _("Cấp ngành")
    NATIONAL = "national", _("Toàn quốc")


class InitiativeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã đăng ký, chờ xét")
    RECOGNISED = "recognised", _("Được công nhận")
    REJECTED = "rejected", _("Không được công nhận")
