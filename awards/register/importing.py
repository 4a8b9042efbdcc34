"""Bulk import of the award register (`awards` in the interchange format).

django-import-export's row-by-row import (~900–4,900 rows/s) is too slow for years of history, so awards are
checked and written in bulk: every look-up is one query per table for the codes present in the file (a
per-import cache), every rule is checked in Python with every bad row reported, and the rows are written with
`bulk_create` in one transaction. `AwardResource` (awards.register.resources) defines the columns and the export;
this module is its `bulk_import`.

It is the bulk form of `services.award_create` and `services.decision_save`, not a second set of rules: each row
goes through the rules of `awards.register.validation` that the services apply (type and recipient, years, a
decision's date and number, an annual title or a once-only medal already held, with the same messages), and the
rows are written with `bulk_create_with_history` / `bulk_update_with_history`, so that an imported award or
decision has the history row (who, when) of one recorded by hand. One rule is a warning here, not an error: a title
that rests on another of the same year (`validation.prerequisite_error`, CSTĐCS on LĐTT…) with that one neither in
the register nor in the file, decided before it or with it, since history files often lack the lower title (the
row's line in the preview says it). What is the file's own (the same row twice, one decision with two dates, scope
of the importing user) is checked here.

A decision is its issuer + number + year: the `issuer_code` column names the issuer (a unit code of the tree or the
code of a body outside it), and a row without it takes the issuer the rule gives (`awards.register.issuers`: the
award type's authority and the recipient's unit at the decision's date). An issuer named in the file must be one
that may confer the row's award (`validation.authority_error`); a derived one is by construction.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards.catalogue import calendar as cal
from awards.catalogue.enums import AwardKind, Frequency, RecipientKind
from awards.catalogue.models import AwardType
from awards.register import issuers, validation
from awards.register import rules as award_rules
from awards.register.models import Award, Decision
from emulation.models import Movement
from units import rules as unit_rules
from units.common import versions
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
    "issuer_code",
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
# Choices' `.values` builds a new list on every access: once here, not twice per row.
RECIPIENT_KINDS = frozenset(RecipientKind.values)
AWARD_KINDS = frozenset(AwardKind.values)

# An issuer as the import keys decisions: ("u", unit id) or ("b", body id).
IssuerKey = tuple[str, int]
# A decision: issuer + number + year.
DecisionKey = tuple[IssuerKey, str, int]


def issuer_key(issuer: issuers.Issuer) -> IssuerKey:
    unit, body = issuer
    return ("u", unit.pk) if unit is not None else ("b", body.pk)


def decision_key(decision: Decision) -> DecisionKey:
    issuer = ("u", decision.issuing_unit_id) if decision.issuing_unit_id else ("b", decision.issuing_body_id)
    return (issuer, decision.number, decision.year)


@dataclasses.dataclass
class ParsedRow:
    number: int
    award_type: AwardType
    recipient_kind: str
    person: Person | None
    unit: Unit  # the unit at the time (for a collective: the recipient)
    year: int
    issuer: issuers.Issuer
    decision_key: DecisionKey
    decision_date: datetime.date
    kind: str
    movement_id: int | None
    note: str

    @property
    def recipient_id(self) -> tuple[str, int]:
        return ("p", self.person.pk) if self.person is not None else ("u", self.unit.pk)

    @property
    def recipient_name(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name

    def label(self) -> str:
        return f"{self.award_type.abbreviation} {self.year} – {self.recipient_name}"

    @property
    def issuer_name(self) -> str:
        unit, body = self.issuer
        return unit.name if unit is not None else body.name


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
        self.recordable: dict[int, bool] = {}  # unit id -> may_record_for(unit)
        self.errors: list[RowError] = []
        self.today = cal.today()
        self.dates = DateWidget()
        self.lookups = issuers.IssuerLookups()
        # Who issues, and whether a named issuer may confer, for each distinct (type, unit, recipient, rule set…).
        self.derived: dict[tuple, issuers.Issuer] = {}
        self.refusals: dict[tuple, str | None] = {}
        # Rows whose prerequisite title of the same year is not decided before or with them (`_check`).
        self.warnings: dict[int, str] = {}

    def may_record_for(self, unit: Unit) -> bool:
        """The permission the award form asks (`awards.record_for_unit`), once per unit of the file."""
        if self.is_admin:
            return True
        if unit.pk not in self.recordable:
            self.recordable[unit.pk] = bool(award_rules.can_record_for_unit(self.user, unit))
        return self.recordable[unit.pk]

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
        codes = {name: set() for name in ("person_code", "unit_code", "issuer_code", "movement_code")}
        for _number, record in records:
            for name, values in codes.items():
                text = cell_text(record.get(name))
                if text:
                    values.add(text)
        self.types = {award_type.code: award_type for award_type in AwardType.objects.all()}
        self.persons = _by_code(Person, codes["person_code"])
        # The units of the rows and the issuers named by a unit code, then every unit above them (the issuer rule
        # walks up the tree), the bodies and the rule sets: a few queries for the whole file.
        self.units = _by_code(Unit, codes["unit_code"] | codes["issuer_code"])
        self.lookups.preload(self.units.values(), looked_up=codes["issuer_code"])
        self.lookups.preload_rule_sets()
        self.movements = {}
        if codes["movement_code"]:
            self.movements = {m.code: m.pk for m in Movement.objects.filter(code__in=codes["movement_code"])}

    def _parse_year_and_date(self, number: int, text: dict, record: dict):
        year = None
        if text["year"]:
            try:
                year = int(text["year"])
            except ValueError:
                self.error(number, "year", _("Năm “%(value)s” không hợp lệ.") % {"value": text["year"]})
        decision_date = None
        if text["decision_date"]:
            try:
                decision_date = self.dates.clean(record.get("decision_date"))
            except ValueError as exc:
                self.error(number, "decision_date", str(exc))
            else:
                if message := validation.decision_date_error(decision_date, today=self.today):
                    self.error(number, "decision_date", message)
                    decision_date = None
        if year is not None and (message := validation.year_error(year, decision_date)):
            self.error(number, "year", message)
            year = None
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
        if text["recipient_kind"] and recipient_kind not in RECIPIENT_KINDS:
            self.error(number, "recipient_kind", _("Phải là individual (cá nhân) hoặc collective (tập thể)."))
        elif (
            award_type is not None
            and recipient_kind
            and (message := validation.recipient_error(award_type, recipient_kind))
        ):
            self.error(number, "award_code", message)
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
        elif unit is not None and not self.may_record_for(unit):
            self.error(
                number, "unit_code", _("Đơn vị “%(code)s” nằm ngoài phạm vi quản lý của bạn.") % {"code": unit.code}
            )
        year, decision_date = self._parse_year_and_date(number, text, record)
        kind = text["kind"].lower() or AwardKind.REGULAR
        if kind not in AWARD_KINDS:
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
        for column, model, field in (("decision_number", Decision, "number"), ("note", Award, "note")):
            if message := validation.too_long(model, field, text[column]):
                self.error(number, column, message)
        named = None
        if text["issuer_code"]:
            named = issuers.issuer_by_code(text["issuer_code"], lookups=self.lookups)
            if named == (None, None):
                self.error(
                    number,
                    "issuer_code",
                    _("Không có đơn vị hoặc cơ quan ban hành mã “%(code)s”.") % {"code": text["issuer_code"]},
                )
        if len(self.errors) > before or award_type is None or unit is None or year is None or decision_date is None:
            return None
        if recipient_kind == RecipientKind.INDIVIDUAL and person is None:
            return None
        issuer = self._issuer(number, named, award_type, unit, person, recipient_kind, decision_date)
        if issuer is None:
            return None
        return ParsedRow(
            number=number,
            award_type=award_type,
            recipient_kind=recipient_kind,
            person=person,
            unit=unit,
            year=year,
            issuer=issuer,
            decision_key=(issuer_key(issuer), text["decision_number"], decision_date.year),
            decision_date=decision_date,
            kind=kind,
            movement_id=movement_id,
            note=text["note"],
        )

    def _issuer(self, number, named, award_type, unit, person, recipient_kind, decision_date):
        """The row's issuer: the one `issuer_code` names, if it may confer the award, else the one the rule gives
        (`issuers.derived_issuer`); None, with the row's error, when neither."""
        collective = recipient_kind == RecipientKind.COLLECTIVE
        leads = issuers.leads(person, unit)
        rules = self.lookups.rules_on(decision_date)
        case = (award_type.pk, unit.pk, collective, leads, rules.pk if rules is not None else None)
        if named is not None:
            key = (issuer_key(named), *case)
            if key not in self.refusals:
                self.refusals[key] = validation.authority_error(
                    issuer=named,
                    award_type=award_type,
                    unit=unit,
                    collective=collective,
                    leads_unit=leads,
                    rules=rules,
                    lookups=self.lookups,
                )
            if self.refusals[key]:
                self.error(number, "issuer_code", self.refusals[key])
                return None
            return named
        if case not in self.derived:
            self.derived[case] = issuers.expected_issuer(
                award_type=award_type,
                unit=unit,
                collective=collective,
                leads_unit=leads,
                rules=rules,
                lookups=self.lookups,
            )
        if self.derived[case] == (None, None):
            self.error(
                number,
                "issuer_code",
                _("Không xác định được cơ quan ban hành “%(type)s” cho %(unit)s; hãy ghi mã ở cột issuer_code.")
                % {"type": award_type.name, "unit": unit},
            )
            return None
        return self.derived[case]

    # -- checking against each other and the register -------------------------------------------------

    def _existing_decisions(self, rows: list[ParsedRow]) -> dict[DecisionKey, Decision]:
        """The register's decisions of the file's numbers, whoever issued them, keyed by issuer + number + year."""
        numbers = {row.decision_key[1] for row in rows}
        found = {}
        for chunk in _chunks(numbers):
            for decision in Decision.objects.filter(number__in=chunk):
                found[decision_key(decision)] = decision
        return found

    def _existing_awards(self, rows: list[ParsedRow]) -> list[dict]:
        person_ids = {row.person.pk for row in rows if row.person is not None}
        unit_ids = {row.unit.pk for row in rows if row.person is None}
        fields = (
            "id", "award_type_id", "person_id", "unit_id", "year", "decision_id", "decision__date", "frequency",
            "revoked_on", *UPDATABLE,
        )  # fmt: skip
        existing = []
        for chunk in _chunks(person_ids):
            existing.extend(Award.objects.filter(person_id__in=chunk).values(*fields))
        for chunk in _chunks(unit_ids):
            existing.extend(Award.objects.filter(unit_id__in=chunk).values(*fields))
        return existing

    def _check_decision_dates(self, rows: list[ParsedRow], decisions: dict) -> None:
        """One decision (issuer + number + year) has one date, in the file and in the register."""
        first_date: dict[DecisionKey, tuple[datetime.date, int]] = {}
        for row in rows:
            known = decisions.get(row.decision_key)
            if known is not None and known.date != row.decision_date:
                self.error(
                    row.number,
                    "decision_date",
                    _("Quyết định số %(number)s năm %(year)s của %(issuer)s đã có trong hệ thống với ngày %(date)s.")
                    % {
                        "number": row.decision_key[1],
                        "year": row.decision_key[2],
                        "issuer": row.issuer_name,
                        "date": known.date.strftime("%d/%m/%Y"),
                    },
                )
                continue
            seen = first_date.setdefault(row.decision_key, (row.decision_date, row.number))
            if seen[0] != row.decision_date:
                self.error(
                    row.number,
                    "decision_date",
                    _("Quyết định số %(number)s của %(issuer)s đã có ở dòng %(row)s với ngày %(date)s.")
                    % {
                        "number": row.decision_key[1],
                        "issuer": row.issuer_name,
                        "row": seen[1],
                        "date": seen[0].strftime("%d/%m/%Y"),
                    },
                )

    def _check(self, rows: list[ParsedRow]):
        decisions = self._existing_decisions(rows)
        self._check_decision_dates(rows, decisions)
        existing = self._existing_awards(rows)
        decision_id = {key: decision.pk for key, decision in decisions.items()}
        by_natural = {}
        # validation.repeat_slot -> the counted award of the register holding it (a dict), or the file's row (int)
        taken: dict[tuple, dict | int] = {}
        for award in existing:
            recipient = ("p", award["person_id"]) if award["person_id"] else ("u", award["unit_id"])
            by_natural[(award["award_type_id"], recipient, award["year"], award["decision_id"])] = award
            if award["revoked_on"] is None:
                slot = validation.repeat_slot(award["award_type_id"], award["frequency"], recipient, award["year"])
                if slot is not None:
                    taken[slot] = award

        in_file: dict[tuple, int] = {}
        new, updates, repeats, skipped = [], [], [], 0
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
            slot = validation.repeat_slot(row.award_type.pk, row.award_type.frequency, row.recipient_id, row.year)
            holder = taken.get(slot) if slot is not None else None
            if isinstance(holder, int):
                self.error(row.number, "award_code", self._repeated_in_file(row, holder))
                continue
            if holder is not None:
                repeats.append((row, holder))
                continue
            if slot is not None:
                taken[slot] = row.number
            new.append(row)
        self._repeated_in_register(repeats)
        updates = self._updates_in_scope(updates)
        self._readable_changes(updates)
        self.warnings = self._prerequisite_warnings(new, existing)
        return decisions, new, updates, skipped

    def _prerequisite_warnings(self, new: list[ParsedRow], existing: list[dict]) -> dict[int, str]:
        """{row: message} of the new rows whose title rests on another of the same year (CSTĐCS on LĐTT…) that
        neither the register nor the file decides on or before the row's decision date
        (`validation.prerequisite_error`). A warning on the row, not an error: a history file often holds the
        higher title without the lower one (only the CSTĐCS lists were kept), and the register records what was
        decided; the rule passes without a word when the prerequisite is in the register or in the file."""
        wanted = {code for row in new for code in validation.prerequisites(row.award_type.code, row.kind)}
        if not wanted:
            return {}
        code_of = {award_type.pk: code for code, award_type in self.types.items()}
        decided: dict[tuple, dict[str, datetime.date]] = {}

        def note(recipient: tuple, year: int, code: str, day: datetime.date) -> None:
            days = decided.setdefault((recipient, year), {})
            days[code] = min(day, days.get(code, day))

        for award in existing:
            code = code_of.get(award["award_type_id"])
            if code in wanted and award["revoked_on"] is None:
                recipient = ("p", award["person_id"]) if award["person_id"] else ("u", award["unit_id"])
                note(recipient, award["year"], code, award["decision__date"])
        for row in new:
            if row.award_type.code in wanted:
                note(row.recipient_id, row.year, row.award_type.code, row.decision_date)
        abbreviations = {code: self.types[code].abbreviation for code in wanted if code in self.types}
        warnings = {}
        for row in new:
            message = validation.prerequisite_error(
                award_type=row.award_type,
                kind=row.kind,
                year=row.year,
                decision_date=row.decision_date,
                recipient_name=row.recipient_name,
                decided=decided.get((row.recipient_id, row.year), {}),
                abbreviations=abbreviations,
            )
            if message:
                warnings[row.number] = message
        return warnings

    @staticmethod
    def _repeated_in_file(row: ParsedRow, first: int) -> str:
        if row.award_type.frequency == Frequency.ONCE:
            message = _("%(type)s chỉ tặng một lần; đã có ở dòng %(row)s.")
        else:
            message = _("%(type)s năm %(year)s của đối tượng này đã có ở dòng %(row)s.")
        return message % {"type": row.award_type.abbreviation, "year": row.year, "row": first}

    def _repeated_in_register(self, repeats: list[tuple[ParsedRow, dict]]) -> None:
        """Rows whose slot a counted award of the register holds: refused with the service's sentence, which names
        that award's decision (loaded here, for these rows only)."""
        decisions = Decision.objects.in_bulk({award["decision_id"] for _row, award in repeats}) if repeats else {}
        for row, award in repeats:
            message = validation.repeat_message(
                recipient_name=row.recipient_name,
                award_type=row.award_type,
                existing_year=award["year"],
                existing_decision=decisions[award["decision_id"]],
            )
            self.error(row.number, "award_code", message)

    def _updates_in_scope(self, updates: list) -> list:
        """An award already recorded for a unit outside the user's scope may not be changed (nor moved in)."""
        if self.is_admin or not updates:
            return updates
        units = Unit.objects.in_bulk({match["unit_at_time_id"] for _row, match, _changes in updates})
        allowed = []
        for row, match, changes in updates:
            if self.may_record_for(units[match["unit_at_time_id"]]):
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
        # Every row written gets its history row, as a save through the services would: who (the importing user;
        # none from the command line, like `attach_user`) and when (the moment of the import, one for all rows).
        history = {"default_user": user, "default_date": timezone.now()}
        user_id = user.pk if user is not None else None
        missing = {}
        for row in new:
            if row.decision_key not in decisions and row.decision_key not in missing:
                unit, body = row.issuer
                missing[row.decision_key] = Decision(
                    number=row.decision_key[1],
                    date=row.decision_date,
                    year=row.decision_date.year,
                    # A body's decisions are of its authority; a unit's, of the authority of the first row's type.
                    authority=body.authority if body is not None else row.award_type.authority,
                    issuing_unit=unit,
                    issuing_body=body,
                    kind=row.kind,
                    created_by=user,
                )
        created = bulk_create_with_history(list(missing.values()), Decision, batch_size=BATCH, **history)
        for decision in created:
            decisions[decision_key(decision)] = decision
        awards = []
        for done, row in enumerate(new, start=1):
            # Ids rather than instances for the foreign keys the rows already resolved: the descriptors' checks
            # cost more than the rest of the row at 100,000 rows.
            award = Award(
                award_type=row.award_type,  # read by copy_type_fields
                recipient_kind=row.recipient_kind,
                person_id=row.person.pk if row.person is not None else None,
                unit_id=None if row.person is not None else row.unit.pk,
                unit_at_time_id=row.unit.pk,
                year=row.year,
                kind=row.kind,
                decision_id=decisions[row.decision_key].pk,
                movement_id=row.movement_id,
                note=row.note,
                created_by_id=user_id,
            )
            award.copy_type_fields()
            awards.append(award)
            if len(awards) >= BATCH:
                bulk_create_with_history(awards, Award, batch_size=BATCH, **history)
                awards = []
                self._progress(done, len(new))
        if awards:
            bulk_create_with_history(awards, Award, batch_size=BATCH, **history)
        if updates:
            self._update(updates, history)
        versions.bump()  # bulk writes send no post_save: the cached figures must hear of them (on commit)

    @staticmethod
    def _update(updates: list, history: dict) -> None:
        """Write the changed rows onto the awards of the register, loaded whole: their history rows copy them."""
        wanted = {match["id"]: row for row, match, _changes in updates}
        changed = []
        for chunk in _chunks(wanted):
            for award in Award.objects.filter(pk__in=chunk):
                row = wanted[award.pk]
                award.kind, award.note, award.unit_at_time, award.movement_id = (
                    row.kind, row.note, row.unit, row.movement_id
                )  # fmt: skip
                changed.append(award)
        bulk_update_with_history(
            changed, Award, ["kind", "note", "unit_at_time", "movement"], batch_size=BATCH, **history
        )

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
            label = row.label()
            if warning := self.warnings.get(row.number):
                label = _("%(label)s — Lưu ý: %(warning)s") % {"label": label, "warning": warning}
            report.changes.append(RowChange(row=row.number, action="new", code=row.award_type.code, label=label))
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
