"""Codes of the award catalogue; the values are those of the interchange format."""

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


class IssuerKind(models.TextChoices):
    """What kind of body an issuing body outside the unit tree is (`IssuingBody`)."""

    STATE_PRESIDENT = "state_president", _("Chủ tịch nước")
    GOVERNMENT = "government", _("Chính phủ, Thủ tướng Chính phủ")
    PROCURACY = "procuracy", _("Viện kiểm sát nhân dân")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân cấp tỉnh")
    NATIONAL_BODY = "national_body", _("Cơ quan trung ương khác")
    ORGANISATION = "organisation", _("Tổ chức chính trị - xã hội, hội")
    OTHER = "other", _("Khác")


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


class DossierDocument(models.TextChoices):
    """The documents of a nomination's dossier (Law 2022 Art. 84; domain-rules §4.1); which of them a nomination
    needs is `awards.catalogue.dossier.dossier_requirements`."""

    PROPOSAL = "proposal", _("Tờ trình")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    MINUTES = "minutes", _("Biên bản họp xét")
    INITIATIVE_CERTIFICATE = "initiative_certificate", _("Xác nhận sáng kiến, đề tài")
    SPECIAL_CERTIFICATE = "special_certificate", _("Xác nhận thành tích đặc biệt, đột xuất")
    OTHER = "other", _("Tài liệu khác")
