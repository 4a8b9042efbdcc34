"""The printed documents of nominations (Law 2022 Art. 84; domain-rules §4.1–§4.3): the achievement report
(báo cáo thành tích) of one nominee and the tờ trình of a batch with its DANH SÁCH, in the administrative format
of Nghị định 30/2020/NĐ-CP. Context builders read the records (no HTTP); the `*_pdf` functions render them."""

import dataclasses
import re

from django.utils.text import Truncator

from awards.catalogue import calendar as cal
from awards.catalogue.enums import Category, RecipientKind
from awards.catalogue.legal import legal_bases
from awards.catalogue.models import AwardType
from awards.nominations import achievement, consultation
from awards.nominations.enums import NominationState
from awards.nominations.models import Batch, Nomination
from awards.register.selectors import person_awards, unit_collective_awards
from emulation.enums import InitiativeStatus
from emulation.models import Initiative
from units.common import formatting, pdf
from units.letterhead import AUTHORITY_PREFIX, head_title, header_context
from units.models import Person, Unit

SUMMARY_CHARS = 220  # the DANH SÁCH shows the start of the achievement text; the report has all of it
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def award_phrase(award_type: AwardType) -> str:
    """What is given: "danh hiệu Lao động tiên tiến" for a title, the form's own name ("Bằng khen của …")."""
    return f"danh hiệu {award_type.name}" if award_type.category == Category.TITLE else award_type.name


def figure_rows(figures: str) -> list[tuple[str, str]]:
    """ "Truy tố đúng hạn: 100%" per line → [("Truy tố đúng hạn", "100%")]; a line without ":" has no result."""
    rows = []
    for line in figures.splitlines():
        indicator, _, result = line.strip().lstrip("-•").strip().partition(":")
        if indicator.strip():
            rows.append((indicator.strip(), result.strip()))
    return rows


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclasses.dataclass(frozen=True)
class RegisterRow:
    """One line of section III: an award of the register as the report cites it."""

    year: int
    name: str
    decision: str
    issuer: str


def register_rows(awards) -> list[RegisterRow]:
    """Awards for section III; revoked ones are no longer "ghi nhận" and are left out."""
    rows = []
    for award in awards:
        if award.is_revoked:
            continue
        decision = award.decision
        rows.append(
            RegisterRow(
                year=award.year,
                name=award.award_type.name,
                # As NĐ 30/2020 prints them: "07/QĐ-VKS ngày 05/8/2023".
                decision=f"{formatting.decision_number(decision.number)} ngày {formatting.short_date(decision.date)}",
                issuer=decision.issuer_name,
            )
        )
    return rows


# -- báo cáo thành tích -----------------------------------------------------------------------------------


def _initiatives(initiatives, period: achievement.Period) -> list:
    """The recognised initiatives of the report's period: the evidence a title may need."""
    return list(
        initiatives.filter(status=InitiativeStatus.RECOGNISED, year__gte=period.first, year__lte=period.last).order_by(
            "year", "decision_date", "id"
        )
    )


def achievement_report_context(nomination: Nomination) -> dict:
    unit = nomination.nominating_unit
    batch = nomination.batch
    period = achievement.report_period(nomination)
    signatures = achievement.signatures(nomination)
    context = {
        **header_context(unit, day=batch.date if batch is not None else None),
        "nomination": nomination,
        "is_individual": nomination.recipient_kind == RecipientKind.INDIVIDUAL,
        "award_phrase": award_phrase(nomination.award_type),
        "period": period,
        "summary": paragraphs(nomination.summary),
        "figures": figure_rows(nomination.figures),
        "signatures": signatures,
    }
    if nomination.person_id:
        person = nomination.person
        awards = person_awards(person=person).select_related("decision__issuing_unit", "decision__issuing_body")
        context |= {
            "person": person,
            "years": achievement.year_results(period=period, person=person),
            "initiatives": _initiatives(person.initiatives.all(), period),
            "register": register_rows(awards),
        }
    else:
        recipient = nomination.unit
        staff = Person.objects.filter(unit__path__startswith=recipient.path)
        awards = unit_collective_awards(unit=recipient).select_related(
            "decision__issuing_unit", "decision__issuing_body"
        )
        context |= {
            "recipient_unit": recipient,
            "staff_count": staff.count(),
            "manager_count": staff.filter(is_manager=True).count(),
            "years": achievement.year_results(period=period, unit=recipient),
            "initiatives": _initiatives(Initiative.objects.filter(unit__path__startswith=recipient.path), period),
            "register": register_rows(awards),
        }
    return context


def achievement_report_pdf(nomination: Nomination) -> bytes:
    return pdf.render_pdf("pdf/achievement_report.html", achievement_report_context(nomination))


def achievement_report_docx(nomination: Nomination) -> bytes:
    return pdf.render_docx("pdf/achievement_report.html", achievement_report_context(nomination))


def counts_text(individuals: int, collectives: int) -> str:
    """ "03 tập thể và 25 cá nhân" (counts on two digits, as in the sector's documents)."""
    parts = []
    if collectives:
        parts.append(f"{formatting.count2(collectives)} tập thể")
    if individuals:
        parts.append(f"{formatting.count2(individuals)} cá nhân")
    return " và ".join(parts)


@dataclasses.dataclass
class NomineeRow:
    """A line of a DANH SÁCH. `unit` is where the nominee works (a phòng with its parent's name); `recipient` names
    him in a sentence: the person, or the collective with its parent's name ("Phòng Hình sự, Viện kiểm sát nhân
    dân khu vực 1"), whose table row gives the parent in the unit column instead."""

    number: int
    name: str
    position: str
    unit: str
    summary: str
    recipient: str
    consultation: str = ""  # "Kết quả lấy ý kiến nhân dân (…): …" when the tờ trình carries it


@dataclasses.dataclass
class TypeGroup:
    """The nominees of one award type: a block of the DANH SÁCH and one clause of the tờ trình."""

    award_type: AwardType
    roman: str = ""
    rows: list[NomineeRow] = dataclasses.field(default_factory=list)
    individuals: int = 0
    collectives: int = 0

    @property
    def heading(self) -> str:
        name = self.award_type.name
        if self.award_type.category == Category.TITLE:
            name = f"Danh hiệu {name}"
        return f"{self.roman}. {name} ({counts_text(self.individuals, self.collectives)})"

    @property
    def clause(self) -> str:
        return f"{award_phrase(self.award_type)} cho {counts_text(self.individuals, self.collectives)}"


def _row(nomination: Nomination, number: int, consultation: str = "") -> NomineeRow:
    summary = Truncator(" ".join(nomination.summary.split())).chars(SUMMARY_CHARS)
    if nomination.person_id:
        person = nomination.person
        return NomineeRow(
            number,
            person.full_name,
            person.position,
            person.unit.name_with_parent,
            summary,
            person.full_name,
            consultation,
        )
    unit = nomination.unit
    parent = unit.parent.name_with_parent if unit.parent_id else ""
    return NomineeRow(number, unit.name, "", parent, summary, unit.name_with_parent, consultation)


def batch_groups(nominations, *, consultations: dict[int, str] | None = None) -> list[TypeGroup]:
    """Nominations grouped by award type in report order; collectives before individuals, numbered from 1 in
    each group. `consultations`: the line of the public consultation's result of the nominees concerned
    (`consultation.document_lines`)."""
    consultations = consultations or {}
    groups: dict[int, TypeGroup] = {}
    ordered = sorted(
        nominations,
        key=lambda n: (
            n.award_type.report_order,
            n.award_type.code,
            n.recipient_kind != RecipientKind.COLLECTIVE,
            n.nominating_unit.sort_key,
            (n.unit.sort_key if n.unit_id else n.person.unit.sort_key),
            n.person.full_name if n.person_id else "",
            n.pk,
        ),
    )
    for nomination in ordered:
        group = groups.setdefault(nomination.award_type_id, TypeGroup(award_type=nomination.award_type))
        group.rows.append(_row(nomination, len(group.rows) + 1, consultations.get(nomination.pk, "")))
        if nomination.person_id:
            group.individuals += 1
        else:
            group.collectives += 1
    result = list(groups.values())
    for index, group in enumerate(result):
        group.roman = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return result


def signature_lines(title: str, unit: Unit) -> tuple[str, str]:
    """(authority, position) of the signature block: "KT. Viện trưởng / Phó Viện trưởng" (or a new line) splits
    in two; a plain title is the position alone; no title falls back to the unit head's."""
    parts = [part.strip() for part in re.split(r"\s*(?:/|\n)\s*", title or "") if part.strip()]
    if not parts:
        return "", head_title(unit)
    if len(parts) > 1:  # an authority line, then the position
        return parts[0], " ".join(parts[1:])
    if AUTHORITY_PREFIX.match(parts[0]):
        return parts[0], ""
    return "", parts[0]


def batch_nominations(batch: Batch):
    """The nominations the tờ trình carries: all of the batch but the ones the unit withdrew."""
    return (
        batch.nominations.exclude(state=NominationState.WITHDRAWN)
        .select_related("award_type", "person__unit__parent", "unit__parent__parent", "nominating_unit", "consultation")
        .order_by("id")
    )


def batch_context(batch: Batch) -> dict:
    unit = batch.unit
    is_draft = not batch.number
    nominations = list(batch_nominations(batch))
    # The tờ trình a council's unit sends up after the public consultation carries its result (NĐ 152/2025 Art. 44).
    groups = batch_groups(nominations, consultations=consultation.document_lines(nominations, sending_unit=unit))
    number = formatting.decision_number(batch.number) or "…/TTr-…"
    sender = unit.name_with_parent
    if is_draft or batch.date is None:
        attached = f"(Kèm theo Tờ trình số {number} ngày …… tháng …… năm …… của {sender})"
    else:
        attached = f"(Kèm theo Tờ trình số {number} {formatting.date_line(batch.date).lower()} của {sender})"
    authority, position = signature_lines(batch.signer_title, unit)
    return {
        **header_context(unit, doc_number=number, day=batch.date),
        "batch": batch,
        "is_draft": is_draft,
        "council_unit": batch.council_unit,
        "legal_bases": legal_bases(batch.date or cal.today()),
        "groups": groups,
        "clauses": [group.clause for group in groups],
        "total": counts_text(sum(group.individuals for group in groups), sum(group.collectives for group in groups)),
        "attached_line": attached,
        "recipients": ["Như trên", "Lưu: VT"],
        "sign_authority": authority,
        "sign_position": position,
        "signer_name": batch.signer_name,
    }


def batch_pdf(batch: Batch) -> bytes:
    return pdf.render_pdf("pdf/batch.html", batch_context(batch))


def batch_docx(batch: Batch) -> bytes:
    return pdf.render_docx("pdf/batch.html", batch_context(batch))
