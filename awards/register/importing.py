"""Bulk import of the award register (`awards` in the interchange format).

django-import-export's row-by-row import (~900–4,900 rows/s) is too slow for years of history, so awards are
checked and written in bulk: every look-up is one query per table for the codes present in the file (a
per-import cache), every rule is checked in Python with every bad row reported, and the rows are written with
`bulk_create` in one transaction. `AwardResource` (awards.resources) defines the columns and the export; this
module is its `bulk_import`.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue.enums import AwardKind, Frequency, RecipientKind
from awards.catalogue.models import FIRST_YEAR, LAST_YEAR, AwardType
from awards.register import rules as award_rules
from awards.register.models import Award, Decision
from units import rules as unit_rules
from units.importing import PREVIEW_LIMIT, ImportReport, RowChange, RowError
from units.models import Person, Unit
from units.resources import ROW_COLUMN, DateWidget, cell_text

COLUMNS = (
    "award_code",
    "recipient_kind",
    "person_code",
    "unit_code",
    "year",
    "decision_number",
    "decision_date",
    "kind",
    "movement_code",
    "note",
)
REQUIRED = ("award_code", "recipient_kind", "unit_code", "year", "decision_number", "decision_date")
BATCH = 2000
CHUNK = 5000  # codes per IN (...) query, below SQLite's variable limit
PROGRESS_EVERY = 1000
UPDATABLE = ("kind", "note", "unit_at_time_id", "movement_id")


@dataclasses.dataclass
class ParsedRow:
    number: int
    award_type: AwardType
    recipient_kind: str
    person: Person | None
    unit: Unit  # the unit at the time (for a collective: the recipient)
    year: int
    decision_key: tuple[str, int]
    decision_date: datetime.date
    kind: str
    movement_id: int | None
    note: str

    @property
    def recipient_id(self) -> tuple[str, int]:
        return ("p", self.person.pk) if self.person is not None else ("u", self.unit.pk)

    def label(self) -> str:
        name = self.person.full_name if self.person is not None else self.unit.name
        return f"{self.award_type.abbreviation} {self.year} – {name}"


def _chunks(values: Iterable, size: int = CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _by_code(model, codes: set[str], *, related: tuple[str, ...] = ()) -> dict:
    found = {}
    for chunk in _chunks(codes):
        qs = model.objects.filter(code__in=chunk)
        if related:
            qs = qs.select_related(*related)
        found.update({obj.code: obj for obj in qs})
    return found


class AwardImporter:
    def __init__(self, *, user=None, progress: Callable[[int, int], None] | None = None):
        self.user = user
        self.progress = progress
        self.is_admin = user is None or bool(unit_rules.is_administrator(user))
        self.scope = () if self.is_admin else unit_rules.scope_paths(user, award_rules.RECORD_ROLES)
        self.errors: list[RowError] = []
        self.today = timezone.localdate()
        self.dates = DateWidget()

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    # -- reading -------------------------------------------------------------------------------------

    def _records(self, dataset) -> list[tuple[int, dict]]:
        headers = list(dataset.headers)
        index = {name: headers.index(name) for name in (*COLUMNS, ROW_COLUMN) if name in headers}
        records = []
        for position, values in enumerate(dataset, start=2):
            number = int(values[index[ROW_COLUMN]]) if ROW_COLUMN in index else position
            record = {name: values[i] for name, i in index.items() if name != ROW_COLUMN}
            records.append((number, record))
        return records

    def _load_caches(self, records) -> None:
        codes = {name: set() for name in ("person_code", "unit_code", "movement_code")}
        for _number, record in records:
            for name, values in codes.items():
                text = cell_text(record.get(name))
                if text:
                    values.add(text)
        self.types = {award_type.code: award_type for award_type in AwardType.objects.all()}
        self.persons = _by_code(Person, codes["person_code"])
        self.units = _by_code(Unit, codes["unit_code"])
        self.movements = {}
        if codes["movement_code"]:
            from emulation.models import Movement  # noqa: PLC0415 -- emulation depends on awards, not the reverse

            self.movements = {m.code: m.pk for m in Movement.objects.filter(code__in=codes["movement_code"])}

    def _parse_year_and_date(self, number: int, text: dict, record: dict):
        year = None
        if text["year"]:
            try:
                year = int(text["year"])
            except ValueError:
                self.error(number, "year", _("Năm “%(value)s” không hợp lệ.") % {"value": text["year"]})
            else:
                if not FIRST_YEAR <= year <= LAST_YEAR:
                    self.error(
                        number,
                        "year",
                        _("Năm phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                    )
                    year = None
        decision_date = None
        if text["decision_date"]:
            try:
                decision_date = self.dates.clean(record.get("decision_date"))
            except ValueError as exc:
                self.error(number, "decision_date", str(exc))
            else:
                if decision_date > self.today:
                    self.error(number, "decision_date", _("Ngày quyết định không được sau ngày hôm nay."))
                    decision_date = None
                elif year is not None and year > decision_date.year:
                    self.error(
                        number,
                        "year",
                        _("Năm thành tích %(year)s sau năm của quyết định (%(date)s).")
                        % {"year": year, "date": decision_date.strftime("%d/%m/%Y")},
                    )
        return year, decision_date

    def _parse(self, number: int, record: dict) -> ParsedRow | None:
        before = len(self.errors)
        text = {name: cell_text(record.get(name)) for name in COLUMNS}
        for column in REQUIRED:
            if column in record and not text[column]:
                self.error(number, column, _("Cột bắt buộc, không được để trống."))
        award_type = self.types.get(text["award_code"])
        if text["award_code"] and award_type is None:
            self.error(
                number, "award_code", _("Không có danh hiệu, hình thức mã “%(code)s”.") % {"code": text["award_code"]}
            )
        recipient_kind = text["recipient_kind"].lower()
        if text["recipient_kind"] and recipient_kind not in RecipientKind.values:
            self.error(number, "recipient_kind", _("Phải là individual (cá nhân) hoặc collective (tập thể)."))
        elif award_type is not None and recipient_kind and not award_type.allows(recipient_kind):
            self.error(
                number,
                "award_code",
                _("“%(type)s” chỉ dành cho %(who)s.")
                % {"type": award_type.name, "who": award_type.get_recipients_display().lower()},
            )
        person = None
        if recipient_kind == RecipientKind.INDIVIDUAL:
            if not text["person_code"]:
                self.error(number, "person_code", _("Khen thưởng cá nhân phải có mã cán bộ."))
            else:
                person = self.persons.get(text["person_code"])
                if person is None:
                    self.error(
                        number,
                        "person_code",
                        _("Không tìm thấy cán bộ có mã “%(code)s”.") % {"code": text["person_code"]},
                    )
        elif recipient_kind == RecipientKind.COLLECTIVE and text["person_code"]:
            self.error(number, "person_code", _("Khen thưởng tập thể không ghi mã cán bộ."))
        unit = self.units.get(text["unit_code"]) if text["unit_code"] else None
        if text["unit_code"] and unit is None:
            self.error(number, "unit_code", _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": text["unit_code"]})
        elif unit is not None and not self.is_admin and not unit_rules.path_in_scope(unit.path, self.scope):
            self.error(
                number, "unit_code", _("Đơn vị “%(code)s” nằm ngoài phạm vi quản lý của bạn.") % {"code": unit.code}
            )
        year, decision_date = self._parse_year_and_date(number, text, record)
        kind = text["kind"].lower() or AwardKind.REGULAR
        if kind not in AwardKind.values:
            self.error(
                number,
                "kind",
                _("Giá trị “%(value)s” không hợp lệ; chỉ được dùng một trong các mã: %(codes)s.")
                % {"value": text["kind"], "codes": ", ".join(AwardKind.values)},
            )
        movement_id = None
        if text["movement_code"]:
            movement_id = self.movements.get(text["movement_code"])
            if movement_id is None:
                self.error(
                    number,
                    "movement_code",
                    _("Không tìm thấy phong trào thi đua có mã “%(code)s”.") % {"code": text["movement_code"]},
                )
        if len(self.errors) > before or award_type is None or unit is None or year is None or decision_date is None:
            return None
        if recipient_kind == RecipientKind.INDIVIDUAL and person is None:
            return None
        return ParsedRow(
            number=number,
            award_type=award_type,
            recipient_kind=recipient_kind,
            person=person,
            unit=unit,
            year=year,
            decision_key=(text["decision_number"], decision_date.year),
            decision_date=decision_date,
            kind=kind,
            movement_id=movement_id,
            note=text["note"],
        )

    # -- checking against each other and the register -------------------------------------------------

    def _existing_decisions(self, rows: list[ParsedRow]) -> dict[tuple[str, int], Decision]:
        numbers = {row.decision_key[0] for row in rows}
        found = {}
        for chunk in _chunks(numbers):
            for decision in Decision.objects.filter(number__in=chunk):
                found[(decision.number, decision.year)] = decision
        return found

    def _existing_awards(self, rows: list[ParsedRow]) -> list[dict]:
        person_ids = {row.person.pk for row in rows if row.person is not None}
        unit_ids = {row.unit.pk for row in rows if row.person is None}
        fields = (
            "id", "award_type_id", "person_id", "unit_id", "year", "decision_id", "frequency", "revoked_on",
            *UPDATABLE,
        )  # fmt: skip
        existing = []
        for chunk in _chunks(person_ids):
            existing.extend(Award.objects.filter(person_id__in=chunk).values(*fields))
        for chunk in _chunks(unit_ids):
            existing.extend(Award.objects.filter(unit_id__in=chunk).values(*fields))
        return existing

    def _check_decision_dates(self, rows: list[ParsedRow], decisions: dict) -> None:
        """One decision (number + year) has one date, in the file and in the register."""
        first_date: dict[tuple[str, int], tuple[datetime.date, int]] = {}
        for row in rows:
            known = decisions.get(row.decision_key)
            if known is not None and known.date != row.decision_date:
                self.error(
                    row.number,
                    "decision_date",
                    _("Quyết định số %(number)s năm %(year)s đã có trong hệ thống với ngày %(date)s.")
                    % {
                        "number": row.decision_key[0],
                        "year": row.decision_key[1],
                        "date": known.date.strftime("%d/%m/%Y"),
                    },
                )
                continue
            seen = first_date.setdefault(row.decision_key, (row.decision_date, row.number))
            if seen[0] != row.decision_date:
                self.error(
                    row.number,
                    "decision_date",
                    _("Quyết định số %(number)s đã có ở dòng %(row)s với ngày %(date)s.")
                    % {"number": row.decision_key[0], "row": seen[1], "date": seen[0].strftime("%d/%m/%Y")},
                )

    def _check(self, rows: list[ParsedRow]):
        decisions = self._existing_decisions(rows)
        self._check_decision_dates(rows, decisions)
        existing = self._existing_awards(rows)
        decision_id = {key: decision.pk for key, decision in decisions.items()}
        by_natural = {}
        annual: dict[tuple, int | str] = {}
        once: dict[tuple, int | str] = {}
        for award in existing:
            recipient = ("p", award["person_id"]) if award["person_id"] else ("u", award["unit_id"])
            by_natural[(award["award_type_id"], recipient, award["year"], award["decision_id"])] = award
            if award["revoked_on"] is None:
                if award["frequency"] == Frequency.ANNUAL:
                    annual[(award["award_type_id"], recipient, award["year"])] = award["id"]
                elif award["frequency"] == Frequency.ONCE and recipient[0] == "p":
                    once[(award["award_type_id"], recipient)] = award["id"]

        in_file: dict[tuple, int] = {}
        new, updates, skipped = [], [], 0
        for row in rows:
            key_id = decision_id.get(row.decision_key)
            natural = (row.award_type.pk, row.recipient_id, row.year, row.decision_key)
            if natural in in_file:
                self.error(row.number, "award_code", _("Trùng với dòng %(row)s.") % {"row": in_file[natural]})
                continue
            in_file[natural] = row.number
            match = by_natural.get((row.award_type.pk, row.recipient_id, row.year, key_id)) if key_id else None
            if match is not None:
                changes = self._changes(match, row)
                if changes:
                    updates.append((row, match, changes))
                else:
                    skipped += 1
                continue
            if row.award_type.frequency == Frequency.ANNUAL:
                slot = (row.award_type.pk, row.recipient_id, row.year)
                if slot in annual:
                    where = annual[slot]
                    self.error(
                        row.number,
                        "award_code",
                        (_("%(type)s năm %(year)s của đối tượng này đã có ở dòng %(row)s.") if isinstance(where, str)
                         else _("%(type)s năm %(year)s của đối tượng này đã có trong sổ khen thưởng."))
                        % {"type": row.award_type.abbreviation, "year": row.year, "row": where},
                    )  # fmt: skip
                    continue
                annual[slot] = str(row.number)
            elif row.award_type.frequency == Frequency.ONCE and row.person is not None:
                slot = (row.award_type.pk, row.recipient_id)
                if slot in once:
                    where = once[slot]
                    self.error(
                        row.number,
                        "award_code",
                        (_("%(type)s chỉ tặng một lần; đã có ở dòng %(row)s.") if isinstance(where, str)
                         else _("%(type)s chỉ tặng một lần; người này đã được tặng."))
                        % {"type": row.award_type.abbreviation, "row": where},
                    )  # fmt: skip
                    continue
                once[slot] = str(row.number)
            new.append(row)
        updates = self._updates_in_scope(updates)
        self._readable_changes(updates)
        return decisions, new, updates, skipped

    def _updates_in_scope(self, updates: list) -> list:
        """An award already recorded for a unit outside the user's scope may not be changed (nor moved in)."""
        if self.is_admin or not updates:
            return updates
        ids = {match["unit_at_time_id"] for _row, match, _changes in updates}
        paths = {}
        for chunk in _chunks(ids):
            paths.update(Unit.objects.filter(pk__in=chunk).values_list("pk", "path"))
        allowed = []
        for row, match, changes in updates:
            if unit_rules.path_in_scope(paths.get(match["unit_at_time_id"], ""), self.scope):
                allowed.append((row, match, changes))
            else:
                self.error(
                    row.number,
                    "unit_code",
                    _(
                        "Khen thưởng này đã có trong sổ, thuộc đơn vị nằm ngoài phạm vi quản lý của bạn; "
                        "không được sửa."
                    ),
                )
        return allowed

    def _readable_changes(self, updates: list) -> None:
        """Show units and movements of changed rows by their codes, not their ids."""
        unit_ids = {int(c[key]) for _r, _m, changes in updates for c in changes if c["column"] == "unit_code"
                    for key in ("old", "new") if c[key]}  # fmt: skip
        movement_ids = {int(c[key]) for _r, _m, changes in updates for c in changes if c["column"] == "movement_code"
                        for key in ("old", "new") if c[key]}  # fmt: skip
        codes = {"unit_code": dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "code"))}
        if movement_ids:
            from emulation.models import Movement  # noqa: PLC0415

            codes["movement_code"] = dict(Movement.objects.filter(pk__in=movement_ids).values_list("pk", "code"))
        for _row, _match, changes in updates:
            for change in changes:
                if change["column"] in codes:
                    for key in ("old", "new"):
                        if change[key]:
                            change[key] = codes[change["column"]].get(int(change[key]), change[key])

    @staticmethod
    def _changes(match: dict, row: ParsedRow) -> list[dict]:
        wanted = {"kind": row.kind, "note": row.note, "unit_at_time_id": row.unit.pk, "movement_id": row.movement_id}
        columns = {"kind": "kind", "note": "note", "unit_at_time_id": "unit_code", "movement_id": "movement_code"}
        return [
            {"column": columns[field], "old": str(match[field] or ""), "new": str(value or "")}
            for field, value in wanted.items()
            if match[field] != value
        ]

    # -- writing -------------------------------------------------------------------------------------

    def _write(self, decisions: dict, new: list[ParsedRow], updates: list) -> None:
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        missing = {}
        for row in new:
            if row.decision_key not in decisions and row.decision_key not in missing:
                missing[row.decision_key] = Decision(
                    number=row.decision_key[0],
                    date=row.decision_date,
                    year=row.decision_date.year,
                    authority=row.award_type.authority,
                    kind=row.kind,
                    created_by=user,
                )
        created = Decision.objects.bulk_create(list(missing.values()), batch_size=BATCH)
        if any(decision.pk is None for decision in created):  # a backend that does not return ids
            created = list(Decision.objects.filter(number__in=[key[0] for key in missing]))
        for decision in created:
            decisions[(decision.number, decision.year)] = decision
        awards = []
        for done, row in enumerate(new, start=1):
            award = Award(
                award_type=row.award_type,
                recipient_kind=row.recipient_kind,
                person=row.person,
                unit=None if row.person is not None else row.unit,
                unit_at_time=row.unit,
                year=row.year,
                kind=row.kind,
                decision=decisions[row.decision_key],
                movement_id=row.movement_id,
                note=row.note,
                created_by=user,
            )
            award.copy_type_fields()
            awards.append(award)
            if len(awards) >= BATCH:
                Award.objects.bulk_create(awards)
                awards = []
                self._progress(done, len(new))
        if awards:
            Award.objects.bulk_create(awards)
        changed = []
        for row, match, _changes in updates:
            award = Award(
                pk=match["id"], kind=row.kind, note=row.note, unit_at_time=row.unit, movement_id=row.movement_id
            )
            changed.append(award)
        if changed:
            Award.objects.bulk_update(changed, ["kind", "note", "unit_at_time", "movement"], batch_size=BATCH)

    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    # -- the whole import ----------------------------------------------------------------------------

    def run(self, dataset, *, dry_run: bool) -> ImportReport:
        records = self._records(dataset)
        report = ImportReport(kind="awards", dry_run=dry_run, total_rows=len(records))
        self._load_caches(records)
        rows = []
        for done, (number, record) in enumerate(records, start=1):
            parsed = self._parse(number, record)
            if parsed is not None:
                rows.append(parsed)
            if done % PROGRESS_EVERY == 0:
                self._progress(done // 2, len(records))
        decisions, new, updates, skipped = self._check(rows)
        report.errors = sorted(
            self.errors, key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
        )
        report.new, report.update, report.skip = len(new), len(updates), skipped
        for row in new[:PREVIEW_LIMIT]:
            report.changes.append(RowChange(row=row.number, action="new", code=row.award_type.code, label=row.label()))
        for row, _match, changes in updates[: max(0, PREVIEW_LIMIT - len(report.changes))]:
            report.changes.append(RowChange(row=row.number, action="update", code=row.award_type.code, changes=changes))
        report.changes.sort(key=lambda change: change.row)
        if report.errors or dry_run:
            self._progress(len(records), len(records))
            return report
        try:
            with transaction.atomic():
                self._write(decisions, new, updates)
        except IntegrityError as exc:
            report.errors = [
                RowError(1, "-", _("Cơ sở dữ liệu từ chối dữ liệu (có thể do người khác vừa nhập cùng lúc): %(error)s")
                         % {"error": exc})
            ]  # fmt: skip
            report.new = report.update = 0
        self._progress(len(records), len(records))
        return report
