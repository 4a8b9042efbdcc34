import enum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitLevel(models.TextChoices):
    """Levels of procuracy units; the values are the codes of the interchange format."""

    SUPREME = "supreme", _("VKSND tối cao")
    HIGH = "high", _("VKSND cấp cao")
    PROVINCIAL = "provincial", _("VKSND cấp tỉnh")
    REGIONAL = "regional", _("VKSND khu vực")
    DEPARTMENT = "department", _("Phòng, đơn vị trực thuộc")
    OTHER = "other", _("Khác")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class ManagementRank(models.TextChoices):
    """The breakdown of individuals in the Home Affairs statistics forms 0602 and 0603 (Thông tư 02/2023/TT-BNV):
    leaders of ministry or province level and above, leaders of department level, other managers from deputy head
    of a division, and the staff who work directly (người trực tiếp công tác)."""

    PROVINCE = "province", _("Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên")
    DEPARTMENT = "department", _("Lãnh đạo cấp vụ, cục, sở và tương đương")
    MANAGER = "manager", _("Cán bộ quản lý từ cấp phó trưởng phòng trở lên")
    WORKER = "worker", _("Người trực tiếp công tác")


class Role(models.TextChoices):
    """Roles held over a unit subtree (see the role table of the specification)."""

    CLERK = "clerk", _("Cán bộ TĐKT")
    LEADER = "leader", _("Lãnh đạo")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    ADMIN = "admin", _("Quản trị hệ thống")


class ImportKind(models.TextChoices):
    UNITS = "units", _("Đơn vị")
    PERSONS = "persons", _("Cán bộ")
    AWARDS = "awards", _("Sổ khen thưởng")
    MOVEMENTS = "movements", _("Phong trào thi đua")
    PERSON_YEARS = "person_years", _("Đánh giá năm của cán bộ")
    NOMINATIONS = "nominations", _("Danh sách đề nghị khen thưởng")


class ImportState(models.TextChoices):
    """Life of an import job: checked first (preview), then applied after the user confirms."""

    PREVIEW_QUEUED = "preview_queued", _("Chờ kiểm tra")
    PREVIEWING = "previewing", _("Đang kiểm tra")
    PREVIEWED = "previewed", _("Đã kiểm tra")
    INVALID = "invalid", _("Có dòng lỗi")
    IMPORT_QUEUED = "import_queued", _("Chờ nhập")
    IMPORTING = "importing", _("Đang nhập")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Thất bại")
    CANCELLED = "cancelled", pgettext_lazy("state of a job or a poll", "Đã hủy")

    running_states = enum.nonmember(("preview_queued", "previewing", "import_queued", "importing"))
    # Running states in which a worker holds the job (its lease must be renewed), and those waiting for one.
    working_states = enum.nonmember(("previewing", "importing"))
    queued_states = enum.nonmember(("preview_queued", "import_queued"))
    # Final states from which the user may run the job's stage again (Thử lại).
    retry_states = enum.nonmember(("failed", "cancelled"))
    final_states = enum.nonmember(("invalid", "done", "failed", "cancelled"))


class ExportState(models.TextChoices):
    """Life of a background export: queued, written by a worker row by row, then downloadable."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Đã xuất xong")
    FAILED = "failed", _("Thất bại")
    CANCELLED = "cancelled", pgettext_lazy("state of a job or a poll", "Đã hủy")

    running_states = enum.nonmember(("queued", "running"))
    final_states = enum.nonmember(("done", "failed", "cancelled"))


class ImportEvent(models.TextChoices):
    """What happened to an import job besides its runs, kept in its report (`ImportJob.events`)."""

    LOST = "lost", _("Bị dừng đột ngột")
    CANCELLED = "cancelled", _("Hủy")
    RETRIED = "retried", _("Thử lại")


class AuditKind(models.TextChoices):
    """Kinds of `AuditEvent` (units.audit); the model keeps a plain string, so a new kind needs no migration."""

    LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
    LOCKOUT = "lockout", _("Khóa đăng nhập")
    UNLOCK = "unlock", _("Mở khóa đăng nhập")
    LOGIN = "login", _("Quản trị viên đăng nhập")
    OTP_FAILED = "otp_failed", _("Nhập sai mã xác thực")
    OTP_ENABLED = "otp_enabled", _("Bật xác thực hai bước")
    OTP_DISABLED = "otp_disabled", _("Tắt xác thực hai bước")
    FORBIDDEN = "forbidden", _("Từ chối truy cập")
