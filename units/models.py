"""Master data: the unit tree, staff with their unit history, and role assignments over subtrees."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from units import rules as unit_rules
from units.common.models import ChoiceLabels, Versioned
from units.common.text import fold, natural_key
from units.enums import ExportState, Gender, ImportEvent, ImportKind, ImportState, ManagementRank, Role, UnitLevel
from units.validators import code_validator, validate_birth_date

PATH_SEPARATOR = "/"


def ancestor_paths(path: str) -> list[str]:
    """The paths of a unit and of every unit above it, from the top: "/A/B/C/" → ["/A/", "/A/B/", "/A/B/C/"]."""
    return [path[: index + 1] for index, char in enumerate(path) if char == PATH_SEPARATOR and index > 0]


# Levels whose units are named after the unit they belong to ("Phòng Hình sự, VKSND khu vực 1").
INNER_LEVELS = (UnitLevel.DEPARTMENT, UnitLevel.OTHER)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(valid_to__isnull=True)

    def subtree_of(self, unit: "Unit"):
        return self.filter(path__startswith=unit.path)


class Unit(ChoiceLabels, RulesModel, Versioned):
    """A procuracy unit in the hierarchy.

    `path` is the materialised path of codes from the root ("/VKS-HUE/VKS-HUE-P1/"), so a subtree is one
    indexed prefix filter. It is derived from `parent` and `code` on every save; moving a unit rewrites
    the paths of its descendants in `units.services.unit_save`.
    """

    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True, validators=[code_validator])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=1000, editable=False, db_index=True)
    # `path` with its numbers zero-padded, so that lists and the tree read KV2 before KV10.
    sort_key = models.CharField(max_length=1500, editable=False, db_index=True, default="")
    place_name = models.CharField(
        _("địa danh"), max_length=120, blank=True, help_text=_("Dùng ở dòng ngày tháng của văn bản, ví dụ: Huế.")
    )
    is_remote_area = models.BooleanField(_("vùng sâu, vùng xa, khó khăn"), default=False)
    valid_from = models.DateField(_("ngày thành lập"), null=True, blank=True)
    valid_to = models.DateField(_("ngày giải thể/sáp nhập"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị tiền thân"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )
    search_text = models.CharField(max_length=600, editable=False, default="")
    # Optimistic locking: bumped by every write in units.services; an edit based on an older version is refused.

    history = HistoricalRecords(excluded_fields=["path", "sort_key", "search_text", "version"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_key"]
        constraints = [
            # units.services.unit_close and imports rely on a unit never ending before it starts.
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="units_unit_valid_dates",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="units_unit_not_own_parent"),
        ]
        rules_permissions = {
            "view": unit_rules.can_view_unit,
            "add": unit_rules.can_add_unit,
            "change": unit_rules.can_change_unit,
        }

    def __str__(self) -> str:
        return self.short_name or self.name

    @staticmethod
    def compose_name(name: str, level: str, parent_name: str | None) -> str:
        """`name_with_parent` from the columns, for reads that take values() rather than rows."""
        if level in INNER_LEVELS and parent_name:
            return f"{name}, {parent_name}"
        return name

    @property
    def is_inner(self) -> bool:
        """A phòng or other inner unit, whose name alone does not say whose it is ("Phòng Hình sự")."""
        return self.level in INNER_LEVELS and self.parent_id is not None

    @property
    def name_with_parent(self) -> str:
        """The unit's full name as printed in documents where units of several parents meet: an inner unit takes
        its parent's name after a comma ("Phòng Hình sự, Viện kiểm sát nhân dân khu vực 1"); a procuracy's own name
        stands alone. Load `parent` with the unit (select_related) where many are printed."""
        return self.compose_name(self.name, self.level, self.parent.name if self.parent_id else None)

    @property
    def label_with_parent(self) -> str:
        """The same on screens and other narrow places, with short names ("Phòng Hình sự, VKSND khu vực 1")."""
        return f"{self}, {self.parent}" if self.is_inner else str(self)

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR) - 2 if self.path else 0

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else PATH_SEPARATOR
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    def clean(self) -> None:
        errors = {}
        if self.parent_id and self.pk:
            own_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first() or self.path
            if self.parent_id == self.pk or (own_path and self.parent.path.startswith(own_path)):
                errors["parent"] = _("Đơn vị cấp trên không được là chính đơn vị này hoặc đơn vị trực thuộc nó.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày giải thể không được trước ngày thành lập.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Derived columns of this row only; descendants are handled by units.services.unit_save.
        self.path = self.computed_path()
        self.sort_key = natural_key(self.path)
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path", "sort_key", "search_text"}
        super().save(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def search(self, query: str):
        qs = self
        for token in fold(query).split():
            qs = qs.filter(search_text__contains=token)
        return qs


class Person(ChoiceLabels, RulesModel, Versioned):
    """A member of staff. `unit` is the current unit; `assignments` keep the dated unit history."""

    code = models.CharField(_("mã cán bộ"), max_length=50, unique=True, validators=[code_validator])
    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True, validators=[validate_birth_date])
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    is_manager = models.BooleanField(
        _("giữ chức vụ lãnh đạo, quản lý"), default=False, help_text=_("Lãnh đạo, quản lý từ Phó phòng trở lên.")
    )
    # The breakdown of the Home Affairs forms 0602/0603; blank: a manager (is_manager) or a direct worker.
    management_rank = models.CharField(
        _("cấp lãnh đạo, quản lý (thống kê)"),
        max_length=12,
        choices=ManagementRank.choices,
        blank=True,
        help_text=_("Để trống: tính theo ô “giữ chức vụ lãnh đạo, quản lý”."),
    )
    # The details of the achievement report's "Sơ lược lý lịch" (domain-rules §4.3).
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=60, blank=True)
    qualification = models.CharField(
        _("trình độ chuyên môn, nghiệp vụ"), max_length=255, blank=True, help_text=_("Ví dụ: Cử nhân Luật")
    )
    political_theory = models.CharField(
        _("trình độ lý luận chính trị"), max_length=120, blank=True, help_text=_("Ví dụ: Cao cấp")
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="staff")
    search_text = models.CharField(max_length=300, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["search_text", "version"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["unit__sort_key", "full_name", "code"]
        rules_permissions = {
            "view": unit_rules.can_view_person,
            "add": unit_rules.can_add_person,
            "change": unit_rules.can_change_person,
        }

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def given_name(self) -> str:
        """The last word of a Vietnamese full name, by which lists are usually sorted."""
        return self.full_name.split()[-1] if self.full_name else ""

    def save(self, *args, **kwargs):
        # Derived search column of this row (diacritic-free, lower case) so that every write path keeps it.
        self.search_text = fold(f"{self.full_name} {self.code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Assignment(models.Model):
    """One period of a person in a unit. `end_date` is the last day there; empty while current.

    Written only by `units.services.person_create`, `person_transfer` and `person_save`.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments")
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    # Whether the post of this period is a leadership/management one: what the statistics and the eligibility of an
    # award's year read (`Person.is_manager` is today's). Empty when the history does not say.
    is_manager = models.BooleanField(_("giữ chức vụ lãnh đạo, quản lý"), null=True, blank=True)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True, help_text=_("Để trống nếu không rõ."))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", F("start_date").asc(nulls_first=True), "id"]
        constraints = [
            # units.services.person_transfer closes the open period before opening the next one.
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="units_assignment_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="units_assignment_valid_dates",
            ),
        ]
        indexes = [
            # units.selectors.person_unit_on: the unit of a person on a date.
            models.Index(fields=["person", "start_date"], name="units_assignment_person_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name}: {self.unit}"


class RoleAssignment(ChoiceLabels, models.Model):
    """A user's role over a unit and everything under it. Administrators need no unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi (đơn vị và các đơn vị trực thuộc)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="units_roleassignment_unique"),
            # units.rules: every role but administrator is scoped to a unit subtree.
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(unit__isnull=False), name="units_roleassignment_scoped"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} – {self.unit or _('toàn hệ thống')}"


class AuditEvent(models.Model):
    """A security event an administrator reads: sign-in failures and lockouts, refused requests, unlocks."""

    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("loại"), max_length=30, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("nhật ký an ninh")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.kind} {self.username}"


class ImportJob(ChoiceLabels, models.Model):
    """An upload of an interchange file, checked (preview) and then applied in the background worker."""

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    state = models.CharField(max_length=20, choices=ImportState.choices, default=ImportState.PREVIEW_QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's lease: renewed while it works; a running job whose lease ran out lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.state in ImportState.running_states

    @property
    def can_retry(self) -> bool:
        return self.state in ImportState.retry_states

    @property
    def events(self) -> list[dict]:
        """Taken for lost, cancelled, retried (by whom, when), oldest first: kept in the report by
        `units.importing`, as the job has no history table."""
        return [
            {**event, "label": ImportEvent(event["action"]).label, "at": datetime.datetime.fromisoformat(event["at"])}
            for event in self.report.get("events", [])
        ]

    @property
    def percent(self) -> int:
        if self.state == ImportState.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ExportJob(ChoiceLabels, models.Model):
    """An export too big for a request (the register of the sector, …), written by the background worker as a
    streamed file that its creator downloads from the job's page.

    `kind` names the list (the export kinds of `units.importing`), `params` the list's filters as the query string
    of its page, so that the worker reads the same rows the user saw."""

    kind = models.CharField(_("loại dữ liệu"), max_length=20)
    params = models.CharField(_("điều kiện lọc"), max_length=2000, blank=True)
    file_format = models.CharField(_("định dạng"), max_length=5, default="xlsx")
    state = models.CharField(max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)  # the download's name
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's lease (units.common.jobs): renewed while it writes; a running export whose lease ran out lost its
    # worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt xuất dữ liệu")
        verbose_name_plural = _("lượt xuất dữ liệu")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=F("total_rows")) | Q(total_rows=0),
                name="units_exportjob_progress_within_total",
            ),
            models.CheckConstraint(condition=~Q(state="done") | ~Q(file=""), name="units_exportjob_done_has_file"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} – {self.get_state_display()}"

    @property
    def is_running(self) -> bool:
        return self.state in ExportState.running_states

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class DataVersion(models.Model):
    """A counter that grows whenever the records that figures are computed from change (awards, decisions, units,
    staff): cached figures (reports, the dashboard) are keyed by it, so that a change invalidates them all at once
    (`units.common.versions`)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


# The notifications' models live in their own package; imported here so that Django loads them with the app.
from units.notifications.models import Notification, NotificationPreference  # noqa: E402, F401
