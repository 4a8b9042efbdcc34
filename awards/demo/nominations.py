"""Demo nominations of VKSND thành phố Huế for the work year 2026, in the middle of the annual review.

Every member of staff gets the facts of the year (rating, months of service, absences, discipline). The khu vực
procuracies have sent their tờ trình to the provincial council (one nomination came back for a missing document
and was sent again; another waits for a justification); the phòng are still drafting theirs. The council must
exist first (`awards.demo.councils.seed_council`): a tờ trình goes only to a council in office on its date. Draws
come from `random.Random` seeded with a constant, and nothing is created twice: a second run writes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from awards.catalogue.models import AwardType
from awards.nominations import services as nomination_services
from awards.nominations import workflow
from awards.nominations.models import Batch, Nomination
from awards.register.enums import Discipline, TaskRating
from awards.register.models import PersonYear
from emulation.models import Registration
from units.enums import UnitLevel
from units.models import Person, Unit

SEED = "tdkt-seed-nominations-v1"
HUE = "VKS-HUE"
YEAR = 2026
SENT_ON = datetime.date(2026, 11, 20)
CLERK = "vanthu"  # the provincial clerk of the demo accounts: he sends the khu vực's tờ trình
SECRETARY = "thuky"  # the council's secretary: the council's office, who sends a nomination back
SUMMARY = (
    "Hoàn thành tốt nhiệm vụ được giao năm {year}; chấp hành nghiêm chủ trương, chính sách của Đảng, pháp luật "
    "của Nhà nước; tích cực tham gia các phong trào thi đua của ngành; có đạo đức, lối sống lành mạnh."
)
CSTDCS_SUMMARY = (
    "Hoàn thành xuất sắc nhiệm vụ năm {year}: chủ động nghiên cứu hồ sơ, bảo đảm 100% án truy tố đúng thời hạn; "
    "có sáng kiến được Hội đồng sáng kiến cấp cơ sở công nhận, áp dụng có hiệu quả tại đơn vị."
)


def _facts(rng: random.Random, staff: list[Person]) -> int:
    existing = set(PersonYear.objects.filter(year=YEAR, person__in=staff).values_list("person_id", flat=True))
    rows = []
    for person in staff:
        if person.pk in existing:
            continue
        draw = rng.random()
        rows.append(
            PersonYear(
                person=person,
                year=YEAR,
                rating=TaskRating.EXCELLENT if draw < 0.2 else TaskRating.GOOD if draw < 0.96 else TaskRating.DONE,
                service_months=12 if rng.random() > 0.02 else 4,
                absence_months=0 if rng.random() > 0.03 else 4,
                discipline=Discipline.REPRIMAND if rng.random() < 0.01 else Discipline.NONE,
            )
        )
    PersonYear.objects.bulk_create(rows)
    return len(rows)


def _batch(unit: Unit, council: Unit, number: str | None) -> Batch:
    batch = Batch.objects.filter(unit=unit, year=YEAR).first()
    if batch is not None:
        return batch
    head = Person.objects.filter(unit=unit, position="Viện trưởng").first()
    return nomination_services.batch_save(
        batch=Batch(
            unit=unit,
            council_unit=council,
            year=YEAR,
            title=f"Về việc đề nghị công nhận danh hiệu thi đua năm {YEAR}",
            number=number or "",
            date=SENT_ON if number else None,
            signer_title="Viện trưởng" if head else "",
            signer_name=head.full_name if head else "",
        )
    )


@transaction.atomic
def seed_nominations() -> int:
    """Create the missing demo nominations; returns how many were created."""
    province = Unit.objects.filter(code=HUE).first()
    if province is None or Nomination.objects.filter(nominating_unit__path__startswith=province.path).exists():
        return 0
    clerk = get_user_model().objects.filter(username=CLERK).first()
    secretary = get_user_model().objects.filter(username=SECRETARY).first()
    if clerk is None or secretary is None:
        return 0
    rng = random.Random(SEED)
    types = {t.code: t for t in AwardType.objects.filter(code__in=["LDTT", "CSTDCS"])}
    units = list(Unit.objects.filter(parent=province, valid_to__isnull=True).order_by("sort_key"))
    staff = list(Person.objects.filter(unit__path__startswith=province.path, unit__valid_to__isnull=True))
    _facts(rng, staff)
    registered = set(
        Registration.objects.filter(year=YEAR, person__isnull=False).values_list("award_type__code", "person_id")
    )
    created = 0
    regions = [unit for unit in units if unit.level == UnitLevel.REGIONAL]
    for number, unit in enumerate(units, start=1):
        people = [p for p in staff if p.unit.path.startswith(unit.path)]
        sent = unit in regions[: len(regions) // 2]
        batch = _batch(unit, province, f"{number:02d}/TTr-VKS" if sent else None)
        nominations = []
        for code, template in (("LDTT", SUMMARY), ("CSTDCS", CSTDCS_SUMMARY)):
            for person in people:
                if (code, person.pk) not in registered:
                    continue
                nominations.append(
                    nomination_services.nomination_save(
                        nomination=Nomination(
                            nominating_unit=unit,
                            person=person,
                            award_type=types[code],
                            year=YEAR,
                            summary=template.format(year=YEAR),
                            justification=(
                                "Đồng chí có sáng kiến đang chờ Hội đồng sáng kiến công nhận."
                                if code == "CSTDCS"
                                else ""
                            ),
                        )
                    )
                )
        nomination_services.batch_add(batch=batch, nominations=nominations)
        created += len(nominations)
        if sent:
            _send(batch, nominations, rng, clerk, secretary)
    return created


def _send(batch: Batch, nominations: list[Nomination], rng: random.Random, clerk, secretary) -> None:
    """Send a khu vực's batch, giving the justification the check asks for; the council's secretary returns one
    nomination (a clerk is never the council's office)."""
    for nomination in nominations:
        if not nomination.justification:
            nomination.justification = "Đơn vị xác nhận đồng chí đủ tiêu chuẩn; số liệu đã được kiểm tra."
            nomination.save(update_fields=["justification"])
    nomination_services.batch_submit(batch=batch, by=clerk)
    returned = rng.choice(nominations)
    workflow.nomination_move(
        nomination=returned, name="return", by=secretary, comment="Thiếu biên bản họp bình xét của đơn vị."
    )
