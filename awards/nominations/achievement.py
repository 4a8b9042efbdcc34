"""What an achievement report (báo cáo thành tích, domain-rules §4.3) covers and who signs it: the years the
proposed title or form counts, the results of each of those years as the register knows them, and the
certification blocks (never the nominee certifying his own report)."""

import dataclasses
from collections.abc import Callable

from awards.catalogue.enums import Authority, AwardKind, Category, IssuerKind, RecipientKind
from awards.catalogue.models import IssuingBody, RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.nominations.models import Nomination
from awards.register.models import Award, PersonYear
from units import posts
from units.enums import UnitLevel
from units.letterhead import head_title
from units.models import Person, Unit

# How many years, ending with the nomination's year, a report of a regular (công trạng) nomination covers: the
# counted period of the title's standard (NĐ 91/2017 Mẫu 01–02 footnotes: CSTĐ cấp bộ 3 years, CSTĐTQ 6, Bằng khen
# Thủ tướng and Huân chương 5), read from the rule set of the nomination's year. Other codes: 1 year.
INDIVIDUAL_PERIODS: dict[str, Callable[[RuleSet], int]] = {
    "CSTDN": lambda rules: rules.cstdn_chain_years,
    # Two consecutive CSTĐ ngành, each the crown of `cstdn_chain_years` CSTĐCS years: 2 × 3 = the 6 years the
    # national title's report recounts.
    "CSTDTQ": lambda rules: rules.cstdtq_chain_years * rules.cstdn_chain_years,
    "BKVKSTC": lambda rules: rules.bkvkstc_chain_years,
    "BKTTG": lambda rules: rules.bkttg_years,
    "HCLD3": lambda rules: rules.hcld3_years,
}
COLLECTIVE_PERIODS: dict[str, Callable[[RuleSet], int]] = {
    "BKVKSTC": lambda rules: rules.bkvkstc_collective_years,
    "BKTTG": lambda rules: rules.collective_excellent_years,
    "HCLD3": lambda rules: rules.collective_excellent_years,
}
# Awards whose dossier goes up to the Prime Minister or the President: the proposing level certifies the report too.
STATE_AUTHORITIES = frozenset({Authority.STATE_PRESIDENT, Authority.PRIME_MINISTER})
SUPREME_NAME = "Viện kiểm sát nhân dân tối cao"  # when neither the tree nor the issuers' catalogue names it

# Headings of the signature blocks; a new line where the printed heading breaks in its half of the page.
CERTIFY_UNIT_HEAD = "XÁC NHẬN CỦA\nTHỦ TRƯỞNG ĐƠN VỊ"
CERTIFY_SUPERIOR = "XÁC NHẬN CỦA THỦ TRƯỞNG\nCẤP TRÊN TRỰC TIẾP"
CERTIFY_PROPOSING = "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG"
SEALED = "(Ký, đóng dấu)"


# -- the period --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Period:
    """The years a report covers, `first` to `last` inclusive."""

    first: int
    last: int

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    def __len__(self) -> int:
        return self.last - self.first + 1

    @property
    def label(self) -> str:
        """ "từ năm 2023 đến năm 2025", or "năm 2025" for one year."""
        if self.first == self.last:
            return f"năm {self.last}"
        return f"từ năm {self.first} đến năm {self.last}"


def period_years(*, code: str, collective: bool, rules: RuleSet) -> int:
    table = COLLECTIVE_PERIODS if collective else INDIVIDUAL_PERIODS
    length = table[code](rules) if code in table else 1
    return max(length, 1)


def report_period(nomination: Nomination) -> Period:
    """The years the nomination's report covers: those its title's standard counts, from the rule set of the
    nomination's year, ending with that year. A thematic, ad hoc or other non-regular award is for its own
    achievement: one year."""
    year = nomination.year
    if nomination.kind != AwardKind.REGULAR:
        return Period(year, year)
    try:
        rules = ruleset_for_year(year)
    except RuleSet.DoesNotExist:
        rules = RuleSet()  # the specification's defaults
    length = period_years(
        code=nomination.award_type.code,
        collective=nomination.recipient_kind == RecipientKind.COLLECTIVE,
        rules=rules,
    )
    return Period(year - length + 1, year)


# -- results of each year ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class YearResult:
    """One year of the period as the records tell it: the task rating (individuals; "" when not recorded) and the
    titles held that year (not revoked)."""

    year: int
    rating: str
    titles: tuple[str, ...]


def year_results(*, period: Period, person: Person | None = None, unit: Unit | None = None) -> list[YearResult]:
    """For the clerk writing the report: each year of the period with what the register holds for it."""
    awards = Award.objects.counting().filter(
        year__gte=period.first, year__lte=period.last, award_type__category=Category.TITLE
    )
    awards = awards.filter(person=person) if person is not None else awards.filter(unit=unit)
    titles: dict[int, list[str]] = {}
    for year, name in awards.order_by("year", "award_type__report_order", "id").values_list("year", "award_type__name"):
        if name not in titles.setdefault(year, []):
            titles[year].append(name)
    ratings = {}
    if person is not None:
        for record in PersonYear.objects.filter(person=person, year__gte=period.first, year__lte=period.last):
            ratings[record.year] = record.get_rating_display() if record.rating else ""
    return [YearResult(year, ratings.get(year, ""), tuple(titles.get(year, ()))) for year in period.years]


# -- who signs and who certifies ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SignatureBlock:
    """One signature of the report: the heading ("XÁC NHẬN CỦA …"), the signer's position and, when it is not the
    unit in the document's header, his unit; the hint under it and the name (blank: written by hand)."""

    heading: str
    position: str = ""
    unit_name: str = ""
    hint: str = SEALED
    name: str = ""


def heads_own_unit(person: Person) -> bool:
    """Whether the person is the head of the unit he works in: his report cannot be certified there."""
    unit = person.unit
    if posts.is_head(person, unit):
        return True
    head = posts.head_of(unit)
    return head is not None and head.pk == person.pk


def _block(heading: str, unit: Unit | None, header_unit: Unit, *, other_than: Person | None = None):
    if unit is None:  # no unit above in the tree: a block to fill in by hand
        return SignatureBlock(heading)
    head = posts.head_of(unit, other_than=other_than)
    return SignatureBlock(
        heading=heading,
        position=head_title(unit),
        unit_name="" if unit.pk == header_unit.pk else unit.name,
        name=head.full_name if head else "",
    )


def _supreme_of(unit: Unit) -> Unit | None:
    """The VKSND tối cao above `unit` (or `unit` itself), when the tree holds it."""
    return Unit.objects.filter(level=UnitLevel.SUPREME, path__in=_path_prefixes(unit.path)).first()


def _path_prefixes(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def proposing_block(supreme: Unit | None, header_unit: Unit, *, other_than: Person | None) -> SignatureBlock:
    """The level that proposes a state award to the Prime Minister or the President: in the procuracy, the
    Viện trưởng VKSND tối cao (`supreme`, when the tree holds it; else as the issuers' catalogue names it)."""
    if supreme is not None:
        return _block(CERTIFY_PROPOSING, supreme, header_unit, other_than=other_than)
    body = IssuingBody.objects.filter(kind=IssuerKind.PROCURACY, level=UnitLevel.SUPREME).order_by("id").first()
    return SignatureBlock(CERTIFY_PROPOSING, position="Viện trưởng", unit_name=body.name if body else SUPREME_NAME)


@dataclasses.dataclass(frozen=True)
class Signatures:
    """The report's signatures: `certifier` on the left, `reporter` on the right, and for a state award the
    proposing level's certification under them."""

    certifier: SignatureBlock
    reporter: SignatureBlock
    proposing: SignatureBlock | None = None


def signatures(nomination: Nomination) -> Signatures:
    """An individual signs his report and the head of his unit certifies it; when he heads that unit himself, the
    head of the unit directly above certifies it. A collective's report is signed by its own head and certified
    by the head of the unit directly above. A state award adds the proposing level's certification."""
    header_unit = nomination.nominating_unit
    if nomination.person_id:
        person = nomination.person
        reporter = SignatureBlock("NGƯỜI BÁO CÁO THÀNH TÍCH", hint="(Ký, ghi rõ họ và tên)", name=person.full_name)
        if heads_own_unit(person):
            certifier_unit = person.unit.parent
            certifier = _block(CERTIFY_SUPERIOR, certifier_unit, header_unit, other_than=person)
        else:
            certifier_unit = person.unit
            certifier = _block(CERTIFY_UNIT_HEAD, certifier_unit, header_unit, other_than=person)
    else:
        recipient = nomination.unit
        head = posts.head_of(recipient)
        reporter = SignatureBlock(
            "THỦ TRƯỞNG ĐƠN VỊ",
            position=head_title(recipient),
            unit_name="" if recipient.pk == header_unit.pk else recipient.name,
            name=head.full_name if head else "",
        )
        certifier_unit = recipient.parent
        certifier = _block(CERTIFY_SUPERIOR, certifier_unit, header_unit)
    proposing = None
    if nomination.award_type.authority in STATE_AUTHORITIES:
        supreme = _supreme_of(header_unit)
        already = supreme is not None and certifier_unit is not None and supreme.pk == certifier_unit.pk
        if not already:  # the proposing level certifies once
            proposing = proposing_block(supreme, header_unit, other_than=nomination.person)
    return Signatures(certifier=certifier, reporter=reporter, proposing=proposing)
