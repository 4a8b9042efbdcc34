"""django-import-export resources for the interchange tables `units` and `persons`.

The headers are exactly those of the interchange format (spec: import-format.md). Every save goes
through `units.services` (paths, unit history, change history), never through `Model.save()` directly.
Rows are reported by their spreadsheet row number, carried in the hidden column `ROW_COLUMN` that
`units.importing.run_import` adds before the rows are (possibly) reordered.

A table has two exports: the interchange format (codes, English column names), which imports again unchanged,
and the list a clerk hands on (the `readable_columns`, written by `units.exporting`): Vietnamese headers, labels
instead of codes, names instead of codes, dates as dd/mm/yyyy.
"""

import dataclasses
import datetime
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field

from units import rules as unit_rules
from units import selectors, services
from units.common.text import fold
from units.enums import Gender, ManagementRank, UnitLevel
from units.models import Person, Unit
from units.ranks import record_rank

# Hidden column with the spreadsheet row number of each data row (header = row 1).
ROW_COLUMN = "__row__"
NO_COLUMN = "-"

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# A date followed by a time ("1980-01-01T00:00:00", "01/01/1980 08:30"): refused, a date column holds a date only.
_WITH_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})[ T]+\d{1,2}:\d{2}.*")
TRUE_WORDS = frozenset({"1", "true", "x", "có", "co", "yes", "y"})
FALSE_WORDS = frozenset({"", "0", "false", "không", "khong", "no", "n"})


def cell_text(value) -> str:
    """A cell as trimmed text; whole numbers typed into Excel (1234.0) lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def format_date(value: datetime.date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


# -- the export a clerk hands on ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of the readable export: its Vietnamese header and how a record's cell is read."""

    header: Any  # a lazy translation, read when the file is written (the user's language)
    value: Callable[[Any], Any]


def yes_no(value: bool) -> str:
    return _("Có") if value else _("Không")


def unit_label(unit: Unit | None) -> str:
    """A unit in a list: its short name, with its parent's for a phòng (Unit.label_with_parent)."""
    return unit.label_with_parent if unit is not None else ""


def unit_full_name(unit: Unit | None) -> str:
    """A unit as documents name it, with its parent's name for a phòng (Unit.name_with_parent)."""
    return unit.name_with_parent if unit is not None else ""


class TextWidget(widgets.Widget):
    """Trimmed text; an empty cell is the empty string (the text columns are NOT NULL)."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """dd/mm/yyyy (also ISO yyyy-mm-dd and real Excel date cells); rendered as dd/mm/yyyy.

    A date and a time are refused (docs/import-format.md): typed as text ("1980-01-01T00:00:00", even at
    midnight: the spec's formats are dates only), or an Excel date-and-time cell whose time is not 00:00 (Excel
    stores a plain date cell as that day at midnight, so midnight is a date).
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            if value.time() != datetime.time(0, 0):
                raise ValueError(
                    _("Ô “%(value)s” có cả ngày và giờ; cột này chỉ nhận ngày (dd/mm/yyyy).")
                    % {"value": value.strftime("%d/%m/%Y %H:%M")}
                )
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        if match := _DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := _ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
        elif _WITH_TIME.fullmatch(text):
            raise ValueError(
                _("Ô “%(value)s” có cả ngày và giờ; cột này chỉ nhận ngày (dd/mm/yyyy).") % {"value": text}
            )
        else:
            raise ValueError(_("Ngày “%(value)s” không đúng định dạng dd/mm/yyyy.") % {"value": text})
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(_("Ngày “%(value)s” không tồn tại.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return format_date(value)


class BooleanWidget(widgets.Widget):
    """1/0 (also true/false, x, có/không); an empty cell is 0. Rendered as 1/0."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = cell_text(value).lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(_("Giá trị “%(value)s” không hợp lệ; hãy ghi 1 (có) hoặc 0 (không).") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"


class ChoiceWidget(widgets.Widget):
    """One of the codes of a TextChoices; an unknown code is an error listing the allowed codes."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.codes = tuple(choices.values)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        if text.lower() in self.codes:
            return text.lower()
        raise ValueError(
            _("Giá trị “%(value)s” không hợp lệ; chỉ được dùng một trong các mã: %(codes)s.")
            % {"value": text, "codes": ", ".join(self.codes)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class RankWidget(ChoiceWidget):
    """The statistics rank of staff (`ManagementRank`): its code or its Vietnamese label as the forms print it
    ("Lãnh đạo cấp vụ, cục, sở và tương đương"), in any case and with or without diacritics; an empty cell is
    blank (counted by the manager flag). Rendered as the code."""

    def __init__(self, **kwargs):
        super().__init__(ManagementRank, **kwargs)
        self.labels = {fold(str(label)): value for value, label in ManagementRank.choices}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text or text.lower() in self.codes:
            return text.lower()
        if found := self.labels.get(fold(text).rstrip(".")):
            return found
        raise ValueError(
            _("Cấp lãnh đạo, quản lý “%(value)s” không hợp lệ; hãy ghi một trong: %(labels)s (hoặc mã %(codes)s).")
            % {
                "value": text,
                "labels": "; ".join(f"“{label}”" for label in ManagementRank.labels),
                "codes": ", ".join(self.codes),
            }
        )


class UnitCodeWidget(widgets.Widget):
    """A unit referenced by its code (case-sensitive), looked up in the database."""

    def __init__(self, not_found: str, **kwargs):
        super().__init__(**kwargs)
        self.not_found = not_found

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValueError(str(self.not_found) % {"code": code})
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class InterchangeResource(resources.ModelResource):
    """Common behaviour of the interchange resources.

    `user` is the importing user: unless an administrator (or None: the command line without --user),
    rows outside the user's edit scope are errors. `progress(done, total)` is called every
    `progress_every` rows.
    """

    required_columns: tuple[str, ...] = ("code",)
    # Extra keys of service ValidationErrors that belong to a column.
    extra_error_columns: dict[str, str] = {}
    file_slug = "du-lieu"
    # Column shown next to the code of a new row in the preview.
    label_column = "code"
    progress_every = 100
    # The Vietnamese meaning of each interchange column, shown next to its name on the import page.
    column_meanings: dict[str, Any] = {}
    # The readable export (`units.exporting.Table.of`): the sheet's name, its columns, the relations its cells read.
    # A table without columns has no such export.
    readable_title: Any = gettext_lazy("Dữ liệu")
    readable_columns: tuple[Column, ...] = ()
    readable_related: tuple[str, ...] = ()
    # The page that exports the table, with the permission it asks: the import page links its interchange format
    # ("xuất để nhập lại"). Empty: the table is imported only.
    export_url_name = ""
    export_permission = ""

    def __init__(self, *, user=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.is_admin = user is None or bool(unit_rules.is_administrator(user))
        self.progress = progress
        self.done = 0
        self.total = 0
        self.first_row_of_code: dict[str, int] = {}

    # -- the interchange columns ------------------------------------------------------------------

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    @classmethod
    def column_help(cls) -> list[dict]:
        """The interchange columns for the import page: name, whether required, Vietnamese meaning, and the codes
        a choice column takes with their labels."""
        help_rows = []
        for field in cls().get_import_fields():
            choices = getattr(field.widget, "choices", None)
            codes = [(value, label) for value, label in choices.choices if value] if choices is not None else []
            help_rows.append(
                {
                    "name": field.column_name,
                    "required": field.column_name in cls.required_columns,
                    "meaning": cls.column_meanings.get(field.column_name, ""),
                    "codes": codes,
                }
            )
        return help_rows

    def column_for_error_key(self, key: str) -> str:
        """The interchange column of a ValidationError key (a model attribute such as `parent`)."""
        for field in self.fields.values():
            if key in (field.attribute, f"{field.attribute}_id", field.column_name):
                return field.column_name
        return self.extra_error_columns.get(key, NO_COLUMN)

    @staticmethod
    def sheet_row(row, fallback: int) -> int:
        value = row.get(ROW_COLUMN)
        return int(value) if value not in (None, "") else fallback

    # -- import hooks -----------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.total = len(dataset)
        self.done = 0
        if "code" not in (dataset.headers or []):
            return
        numbers = self._sheet_rows(dataset)
        for code, number in zip(dataset["code"], numbers, strict=True):
            self.first_row_of_code.setdefault(cell_text(code), number)

    @staticmethod
    def _sheet_rows(dataset) -> list[int]:
        if ROW_COLUMN in (dataset.headers or []):
            return [int(value) for value in dataset[ROW_COLUMN]]
        return list(range(2, len(dataset) + 2))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors: dict) -> None:
        """Add row errors to `errors` ({model attribute: [messages]}), replacing a widget error."""
        for column in self.required_columns:
            if column in row and not cell_text(row[column]):
                errors[self._field_of_column(column).attribute] = [_("Cột bắt buộc, không được để trống.")]
        code = cell_text(row.get("code"))
        number = self.sheet_row(row, 0)
        first = self.first_row_of_code.get(code)
        if code and first is not None and number and first != number:
            errors["code"] = [_("Mã “%(code)s” đã có ở dòng %(row)s.") % {"code": code, "row": first}]

    def _field_of_column(self, column: str) -> Field:
        return next(field for field in self.fields.values() if field.column_name == column)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.sheet_row = self.sheet_row(row, kwargs.get("row_number", 0) + 1)
        row_result.code = cell_text(row.get("code"))
        row_result.label = cell_text(row.get(self.label_column))
        row_result.changes = []
        if row_result.is_update() and row_result.instance is not None and row_result.original is not None:
            for field in self.get_import_fields():
                if field.column_name not in row:
                    continue
                old, new = field.export(row_result.original), field.export(row_result.instance)
                if old != new:
                    row_result.changes.append({"column": field.column_name, "old": old, "new": new})
        # The instances are no longer needed: keep the memory of a 50,000-row file flat.
        row_result.instance = row_result.original = None
        self.after_row(row, row_result)
        self.done += 1
        if self.progress is not None and self.done % self.progress_every == 0:
            self.progress(self.done, self.total)
        return row_result

    def after_row(self, row, row_result) -> None:
        """Hook for subclasses, called for every row whatever its outcome."""

    # -- saving through the services, within the user's scope ------------------------------------

    def do_instance_save(self, instance, is_create):
        if not self.is_admin:
            self.check_scope(instance, is_create)
        self.save_through_service(instance)

    def check_scope(self, instance, is_create) -> None:
        raise NotImplementedError

    def save_through_service(self, instance) -> None:
        raise NotImplementedError

    def editable_units(self):
        return selectors.units_editable_by(user=self.user)

    @staticmethod
    def out_of_scope(unit) -> str:
        return _("Đơn vị “%(code)s” nằm ngoài phạm vi quản lý của bạn.") % {"code": unit.code}

    class Meta:
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        store_instance = True
        skip_html_diff = True
        use_transactions = True


class UnitResource(InterchangeResource):
    code = Field(attribute="code", column_name="code", widget=TextWidget())
    name = Field(attribute="name", column_name="name", widget=TextWidget())
    short_name = Field(attribute="short_name", column_name="short_name", widget=TextWidget())
    level = Field(attribute="level", column_name="level", widget=ChoiceWidget(UnitLevel))
    parent_code = Field(
        attribute="parent",
        column_name="parent_code",
        widget=UnitCodeWidget(
            gettext_lazy("Không tìm thấy đơn vị cấp trên có mã “%(code)s” (trong hệ thống hay trong tệp).")
        ),
    )
    is_remote_area = Field(
        attribute="is_remote_area", column_name="is_remote_area", widget=BooleanWidget(), default=False
    )
    valid_from = Field(attribute="valid_from", column_name="valid_from", widget=DateWidget())
    valid_to = Field(attribute="valid_to", column_name="valid_to", widget=DateWidget())

    required_columns = ("code", "name", "level")
    file_slug = "don-vi"
    label_column = "name"
    column_meanings = {
        "code": gettext_lazy("Mã đơn vị, không trùng nhau (ví dụ VKS-HUE-KV2)"),
        "name": gettext_lazy("Tên đầy đủ của đơn vị"),
        "short_name": gettext_lazy("Tên viết tắt"),
        "level": gettext_lazy("Cấp đơn vị"),
        "parent_code": gettext_lazy("Mã đơn vị cấp trên; để trống nếu là đơn vị gốc"),
        "is_remote_area": gettext_lazy("Vùng sâu, vùng xa, khó khăn: 1 (có) hoặc 0 (không)"),
        "valid_from": gettext_lazy("Ngày thành lập"),
        "valid_to": gettext_lazy("Ngày giải thể, sáp nhập; lịch sử của đơn vị vẫn được giữ"),
    }
    readable_title = gettext_lazy("Đơn vị")
    readable_columns = (
        Column(gettext_lazy("Mã đơn vị"), lambda unit: unit.code),
        Column(gettext_lazy("Tên đơn vị"), lambda unit: unit.name),
        Column(gettext_lazy("Tên viết tắt"), lambda unit: unit.short_name),
        Column(gettext_lazy("Cấp"), lambda unit: unit.get_level_display()),
        Column(gettext_lazy("Đơn vị cấp trên"), lambda unit: unit_full_name(unit.parent)),
        Column(gettext_lazy("Vùng sâu, vùng xa, khó khăn"), lambda unit: yes_no(unit.is_remote_area)),
        Column(gettext_lazy("Ngày thành lập"), lambda unit: format_date(unit.valid_from)),
        Column(gettext_lazy("Ngày giải thể, sáp nhập"), lambda unit: format_date(unit.valid_to)),
    )
    readable_related = ("parent__parent",)
    export_url_name = "units:unit-export"
    export_permission = "units.export_data"

    class Meta(InterchangeResource.Meta):
        model = Unit
        fields = (
            "code",
            "name",
            "short_name",
            "level",
            "parent_code",
            "is_remote_area",
            "valid_from",
            "valid_to",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.cycle_of_row: dict[int, str] = {}
        self.failed_row_of_code: dict[str, int] = {}

    def get_queryset(self):
        return Unit.objects.select_related("parent")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if {"code", "parent_code"} <= set(dataset.headers or []):
            self._parents_first(dataset)

    def _parents_first(self, dataset) -> None:
        """Reorder the rows so that a parent listed in the file is imported before its children.

        Rows that form a cycle keep their place and are reported in `check_row`; errors always name
        the original spreadsheet row (the hidden row-number column travels with the row).
        """
        codes = [cell_text(code) for code in dataset["code"]]
        parents = [cell_text(code) for code in dataset["parent_code"]]
        numbers = self._sheet_rows(dataset)
        index_of: dict[str, int] = {}
        for index, code in enumerate(codes):
            index_of.setdefault(code, index)
        unvisited, walking, placed = 0, 1, 2
        state = [unvisited] * len(codes)
        order: list[int] = []
        for start in range(len(codes)):
            walk: list[int] = []
            index = start
            while index is not None and state[index] == unvisited:
                state[index] = walking
                walk.append(index)
                index = index_of.get(parents[index]) if parents[index] else None
            if index is not None and state[index] == walking:
                loop = walk[walk.index(index) :]
                chain = " → ".join([*(codes[i] for i in loop), codes[loop[0]]])
                for member in loop:
                    self.cycle_of_row[numbers[member]] = chain
            for index in reversed(walk):
                state[index] = placed
                order.append(index)
        if order != list(range(len(codes))):
            rows = [dataset[index] for index in order]
            del dataset[0 : len(dataset)]
            dataset.extend(rows)

    def check_row(self, instance, row, errors):
        super().check_row(instance, row, errors)
        number = self.sheet_row(row, 0)
        parent_code = cell_text(row.get("parent_code"))
        if number in self.cycle_of_row:
            errors["parent"] = [_("Quan hệ cấp trên bị vòng lặp: %(chain)s.") % {"chain": self.cycle_of_row[number]}]
        elif "parent" in errors and parent_code in self.failed_row_of_code:
            errors["parent"] = [
                _("Đơn vị cấp trên “%(code)s” (dòng %(row)s) có lỗi.")
                % {"code": parent_code, "row": self.failed_row_of_code[parent_code]}
            ]

    def after_row(self, row, row_result):
        if not row_result.is_valid() and row_result.code:
            self.failed_row_of_code.setdefault(row_result.code, row_result.sheet_row)

    def check_scope(self, instance, is_create):
        editable = self.editable_units()
        if not is_create and not editable.filter(pk=instance.pk).exists():
            raise ValidationError({"code": self.out_of_scope(instance)})
        if instance.parent is None:
            raise ValidationError(
                {"parent": _("Đơn vị gốc (không có đơn vị cấp trên) nằm ngoài phạm vi quản lý của bạn.")}
            )
        if not editable.filter(pk=instance.parent.pk).exists():
            raise ValidationError({"parent": self.out_of_scope(instance.parent)})

    def save_through_service(self, instance):
        services.unit_save(unit=instance, by=self.user)


class PersonResource(InterchangeResource):
    code = Field(attribute="code", column_name="code", widget=TextWidget())
    full_name = Field(attribute="full_name", column_name="full_name", widget=TextWidget())
    gender = Field(attribute="gender", column_name="gender", widget=ChoiceWidget(Gender))
    birth_date = Field(attribute="birth_date", column_name="birth_date", widget=DateWidget())
    unit_code = Field(
        attribute="unit",
        column_name="unit_code",
        widget=UnitCodeWidget(gettext_lazy("Không tìm thấy đơn vị có mã “%(code)s”.")),
    )
    position = Field(attribute="position", column_name="position", widget=TextWidget())
    is_manager = Field(attribute="is_manager", column_name="is_manager", widget=BooleanWidget(), default=False)
    # The rank of the Home Affairs statistics forms 0602/0603 (units.ranks); optional: a file without it leaves it.
    management_rank = Field(attribute="management_rank", column_name="management_rank", widget=RankWidget())
    # The details of the achievement report's "Sơ lược lý lịch"; optional columns (a file without them leaves them).
    hometown = Field(attribute="hometown", column_name="hometown", widget=TextWidget())
    ethnicity = Field(attribute="ethnicity", column_name="ethnicity", widget=TextWidget())
    qualification = Field(attribute="qualification", column_name="qualification", widget=TextWidget())
    political_theory = Field(attribute="political_theory", column_name="political_theory", widget=TextWidget())

    required_columns = ("code", "full_name", "unit_code")
    # person_save reports a too-early implicit transfer on `on_date`: it is about the unit column.
    extra_error_columns = {"on_date": "unit_code", "to_unit": "unit_code"}
    file_slug = "can-bo"
    label_column = "full_name"
    column_meanings = {
        "code": gettext_lazy("Mã cán bộ, không trùng nhau"),
        "full_name": gettext_lazy("Họ và tên"),
        "gender": gettext_lazy("Giới tính"),
        "birth_date": gettext_lazy("Ngày sinh"),
        "unit_code": gettext_lazy("Mã đơn vị đang công tác"),
        "position": gettext_lazy("Chức vụ, chức danh (ví dụ Kiểm sát viên trung cấp)"),
        "is_manager": gettext_lazy("Giữ chức vụ lãnh đạo, quản lý: 1 (có) hoặc 0 (không)"),
        "management_rank": gettext_lazy(
            "Cấp lãnh đạo, quản lý (thống kê biểu 0602, 0603 của Bộ Nội vụ): mã hoặc tên cấp; để trống thì tính theo "
            "cột is_manager. Cột có thể mang tiêu đề “Cấp lãnh đạo, quản lý”."
        ),
        "hometown": gettext_lazy("Quê quán"),
        "ethnicity": gettext_lazy("Dân tộc"),
        "qualification": gettext_lazy("Trình độ chuyên môn, nghiệp vụ"),
        "political_theory": gettext_lazy("Trình độ lý luận chính trị"),
    }
    readable_title = gettext_lazy("Cán bộ")
    readable_columns = (
        Column(gettext_lazy("Mã cán bộ"), lambda person: person.code),
        Column(gettext_lazy("Họ và tên"), lambda person: person.full_name),
        Column(gettext_lazy("Giới tính"), lambda person: person.get_gender_display()),
        Column(gettext_lazy("Ngày sinh"), lambda person: format_date(person.birth_date)),
        Column(gettext_lazy("Đơn vị"), lambda person: unit_label(person.unit)),
        Column(gettext_lazy("Chức vụ"), lambda person: person.position),
        Column(gettext_lazy("Lãnh đạo, quản lý"), lambda person: yes_no(person.is_manager)),
        Column(
            gettext_lazy("Cấp lãnh đạo, quản lý (thống kê)"),
            lambda person: str(record_rank(person.management_rank, person.is_manager).label),
        ),
        Column(gettext_lazy("Quê quán"), lambda person: person.hometown),
        Column(gettext_lazy("Dân tộc"), lambda person: person.ethnicity),
        Column(gettext_lazy("Trình độ chuyên môn, nghiệp vụ"), lambda person: person.qualification),
        Column(gettext_lazy("Trình độ lý luận chính trị"), lambda person: person.political_theory),
    )
    readable_related = ("unit__parent",)
    export_url_name = "units:person-export"
    export_permission = "units.export_data"

    class Meta(InterchangeResource.Meta):
        model = Person
        fields = (
            "code", "full_name", "gender", "birth_date", "unit_code", "position", "is_manager", "management_rank",
            "hometown", "ethnicity", "qualification", "political_theory",
        )  # fmt: skip

    def get_queryset(self):
        return Person.objects.select_related("unit")

    def check_scope(self, instance, is_create):
        editable = self.editable_units()
        if not is_create and not editable.filter(staff__pk=instance.pk).exists():
            # The person's current unit is not named: the user may not see it.
            raise ValidationError(
                {
                    "code": _("Mã “%(code)s” là của một cán bộ thuộc đơn vị nằm ngoài phạm vi quản lý của bạn.")
                    % {"code": instance.code}
                }
            )
        if not editable.filter(pk=instance.unit_id).exists():
            raise ValidationError({"unit": self.out_of_scope(instance.unit)})

    manager_known = True

    # The header of the rank column as offices write it, taken for `management_rank` (headers are lower-cased).
    RANK_HEADER = "cấp lãnh đạo, quản lý"

    def before_import(self, dataset, **kwargs):
        headers = list(dataset.headers or [])
        if self.RANK_HEADER in headers and "management_rank" not in headers:
            headers[headers.index(self.RANK_HEADER)] = "management_rank"
            dataset.headers = headers
        super().before_import(dataset, **kwargs)
        # A file without the column says nothing of anyone's post: the unit-history periods it opens leave the
        # manager flag unknown (the eligibility of an award's year reads it) rather than "not a manager".
        self.manager_known = "is_manager" in (dataset.headers or [])

    def save_through_service(self, instance):
        services.person_save(person=instance, by=self.user, manager_known=self.manager_known)


def error_messages(resource: InterchangeResource, error: ValidationError) -> list[tuple[str, str]]:
    """[(column, message), ...] of a row's ValidationError, keyed by interchange column."""
    if hasattr(error, "error_dict"):
        pairs = []
        for key, messages in error.message_dict.items():
            column = NO_COLUMN if key == NON_FIELD_ERRORS else resource.column_for_error_key(key)
            pairs.extend((column, message) for message in messages)
        return pairs
    return [(NO_COLUMN, message) for message in error.messages]
