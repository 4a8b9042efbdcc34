"""The demo award history of `seed_demo` (province scale): proportions, chains, idempotence, determinism."""

import datetime
import random
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from awards.catalogue.enums import AwardKind
from awards.catalogue.models import IssuingBody
from awards.certificates.models import Certificate
from awards.demo import history as demo
from awards.payouts.models import Payout
from awards.register import issuers, selectors
from awards.register.models import Award, Decision
from units.models import Assignment, Person

pytestmark = pytest.mark.integration

# The defaults of the rule set (spec "Rules as data"): the only rule set of the test database.
CSTDCS_QUOTA_PERCENT = 15
TTLDXS_QUOTA_PERCENT = 20


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Huế with its award history, seeded once for the class and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


def _holders(code: str) -> dict[int, set[int]]:
    """{year: {person or unit id}} of the awards of a type, revoked ones included."""
    held = defaultdict(set)
    for year, person_id, unit_id in Award.objects.filter(award_type__code=code).values_list("year", "person", "unit"):
        held[year].add(person_id or unit_id)
    return held


def _group(path: str) -> str:
    """The unit that proposes: the phòng or khu vực (district) under the province, or the province's leadership."""
    codes = path.strip("/").split("/")  # VKSTC, VKS-HUE, [VKS-HUE-KV1, [VKS-HUE-KV1-P1]]
    return codes[2] if len(codes) > 2 else codes[1]


def _staff_on(day: datetime.date) -> set[int]:
    """People in service on a day, from the unit history."""
    periods = Assignment.objects.values_list("person_id", "start_date", "end_date")
    return {pid for pid, start, end in periods if (start is None or start <= day) and (end is None or end >= day)}


def _digest() -> list[tuple]:
    return sorted(
        Award.objects.values_list(
            "award_type__code", "person__code", "unit__code", "unit_at_time__code", "year", "kind", "note",
            "decision__number", "decision__date", "decision__signer_name", "decision__summary", "revoked_on",
            "revoking_decision", "revocation_reason",
        ),
        key=repr,
    )  # fmt: skip


class TestSeededAwards:
    """Huế seeded once through the command, with five years of awards."""

    def test_seed_demo_prints_the_award_summary(self, db, seeded):
        line = next(line for line in seeded.splitlines() if line.startswith("Khen thưởng"))

        assert line.startswith(f"Khen thưởng {demo.YEARS[0]}–{demo.YEARS[-1]}: {Award.objects.count()} lượt mới")
        assert demo.YEARS == (2021, 2022, 2023, 2024, 2025)

    def test_seed_demo_awards_lao_dong_tien_tien_to_most_staff_every_year(self, db, seeded):
        ldtt = _holders("LDTT")

        for year in demo.YEARS:
            staff = _staff_on(datetime.date(year, 11, 30))
            share = len(ldtt[year]) / len(staff)
            assert 0.80 <= share <= 0.95, (year, share)
            assert ldtt[year] <= staff

    def test_seed_demo_keeps_cstdcs_within_the_quota_of_each_unit_and_year(self, db, seeded):
        counts = Counter(
            (code, year, _group(path))
            for code, year, path in Award.objects.filter(award_type__code__in=["LDTT", "CSTDCS"]).values_list(
                "award_type__code", "year", "unit_at_time__path"
            )
        )
        units = {(year, group) for _, year, group in counts}

        for year, group in units:
            assert counts["CSTDCS", year, group] * 100 <= counts["LDTT", year, group] * CSTDCS_QUOTA_PERCENT
        for year in demo.YEARS:
            cstdcs = sum(n for (code, y, _), n in counts.items() if code == "CSTDCS" and y == year)
            ldtt = sum(n for (code, y, _), n in counts.items() if code == "LDTT" and y == year)
            assert 0.10 * ldtt <= cstdcs <= 0.15 * ldtt

    def test_seed_demo_gives_cstdcs_only_to_lao_dong_tien_tien_of_the_same_year(self, db, seeded):
        ldtt, cstdcs = _holders("LDTT"), _holders("CSTDCS")

        assert all(cstdcs[year] <= ldtt[year] for year in demo.YEARS)
        assert all(cstdcs[year] for year in demo.YEARS)

    def test_seed_demo_keeps_ttldxs_within_its_quota_among_ttldtt(self, db, seeded):
        ttldtt, ttldxs = _holders("TTLDTT"), _holders("TTLDXS")

        for year in demo.YEARS:
            quota = max(len(ttldtt[year]) * TTLDXS_QUOTA_PERCENT // 100, 1)
            assert 1 <= len(ttldxs[year]) <= quota
            assert ttldxs[year] <= ttldtt[year]
            assert len(ttldtt[year]) >= 12  # most of the 18–19 phòng and khu vực (districts)

    def test_seed_demo_builds_cstdcs_chains_and_the_forms_they_lead_to(self, db, seeded):
        counted = defaultdict(set)
        for person_id, year in Award.objects.regular().filter(award_type__code="CSTDCS").values_list("person", "year"):
            counted[person_id].add(year)
        persons = Person.objects.filter(awards__award_type__code="CSTDCS").distinct()
        current = [
            chain
            for person in persons
            for chain in selectors.person_chains(
                awards=selectors.person_awards(person=person), as_of=demo.LAST_YEAR + 1
            )
            if chain.award_type.code == "CSTDCS"
        ]
        higher = Award.objects.filter(award_type__code__in=["CSTDN", "BKVKSTC"], person__isnull=False)

        assert max(chain.length for chain in current) >= 3
        assert {chain.length for chain in current} >= {1, 2, 3}
        for code, person_id, year in higher.values_list("award_type__code", "person", "year"):
            needed = 3 if code == "CSTDN" else 2
            assert selectors.consecutive_years(counted[person_id], year) >= needed, (code, person_id, year)
        assert higher.filter(award_type__code="CSTDN").exists()
        assert higher.filter(award_type__code="BKVKSTC").exists()
        assert 1 <= Award.objects.filter(award_type__code="BKTTG").count() <= 2

    def test_seed_demo_adds_the_flag_knc_ad_hoc_and_thematic_awards(self, db, seeded):
        flags = list(Award.objects.filter(award_type__code="CTDN").values_list("unit__code", "decision__number"))
        knc = Counter(Award.objects.filter(award_type__code="KNCVSNKS").values_list("person", flat=True))
        kinds = Counter(Award.objects.values_list("kind", flat=True))

        assert len(flags) == 1
        assert flags[0][0] == "VKS-HUE"
        assert flags[0][1].endswith("/QĐ-VKSTC")
        assert knc
        assert set(knc.values()) == {1}
        assert 3 <= kinds[AwardKind.AD_HOC] <= 10
        assert kinds[AwardKind.THEMATIC] >= 1
        assert not Award.objects.exclude(kind=AwardKind.REGULAR).filter(award_type__code="CSTDCS").exists()

    def test_seed_demo_revokes_exactly_one_award_completely(self, db, seeded):
        revoked = list(Award.objects.filter(revoked_on__isnull=False).select_related("decision"))

        assert len(revoked) == 1
        award = revoked[0]
        assert award.award_type.code == "CSTDCS"
        assert award.revoked_on > award.decision.date
        assert award.revoked_on.strftime("%d/%m/%Y") in award.revoking_decision
        assert award.revocation_reason

    def test_seed_demo_writes_decisions_with_number_date_signer_and_summary(self, db, seeded):
        ldtt = (
            Decision.objects.filter(awards__award_type__code="LDTT", awards__year=2024, issuing_unit__code="VKS-HUE")
            .distinct()
            .get()
        )
        sector = Decision.objects.filter(awards__award_type__code="CSTDN").order_by("date").first()
        government = Decision.objects.filter(awards__award_type__code="BKTTG").distinct().get()

        assert (ldtt.date.year, ldtt.date.month) == (2024, 12)
        assert ldtt.summary == "Về việc công nhận danh hiệu Lao động tiên tiến năm 2024"
        assert (ldtt.issuer_name, ldtt.issuing_unit.code, ldtt.signer_title) == (
            "Viện kiểm sát nhân dân thành phố Huế",
            "VKS-HUE",
            "Viện trưởng",
        )
        assert ldtt.signer_name == Person.objects.get(unit__code="VKS-HUE", position="Viện trưởng").full_name
        assert ldtt.number.endswith("/QĐ-VKSHUE")
        assert sector.number.endswith("/QĐ-VKSTC")
        assert (sector.authority, sector.date.month, sector.issuer_name) == (
            "procurator_general",
            1,
            "Viện kiểm sát nhân dân tối cao",
        )
        assert (
            sector.summary == f"Về việc tặng danh hiệu Chiến sĩ thi đua ngành Kiểm sát nhân dân năm {sector.year - 1}"
        )
        assert government.number.endswith("/QĐ-TTg")
        assert all(d.date.weekday() < 5 for d in Decision.objects.all())
        assert not Award.objects.filter(year__gt=F("decision__year")).exists()

    def test_seed_demo_gives_every_award_an_issuer_who_may_confer_it(self, db, seeded):
        lookups = issuers.IssuerLookups()
        awards = Award.objects.select_related(
            "award_type", "person", "unit_at_time", "decision__issuing_unit", "decision__issuing_body"
        )

        refused = [
            (award.award_type.code, award.year, message)
            for award in awards
            if (
                message := issuers.may_confer(
                    award.decision,
                    award,
                    rules=lookups.rules_on(award.decision.date),
                    leads_unit=issuers.leads(award.person, award.unit_at_time),
                    lookups=lookups,
                )
            )
        ]

        assert refused == []

    def test_seed_demo_names_the_issuers_of_history(self, db, seeded):
        leaders = Award.objects.filter(
            award_type__code="LDTT", unit_at_time__code="VKS-HUE", person__unit__code="VKS-HUE", person__is_manager=True
        )
        bodies = set(Decision.objects.filter(issuing_body__isnull=False).values_list("issuing_body__code", flat=True))
        committee = IssuingBody.objects.get(code="UBND-HUE")
        shared = list(
            Decision.objects.values_list("number", "year").annotate(issuers=Count("id")).filter(issuers__gt=1)
        )

        # The province's Viện trưởng and Phó Viện trưởng get their titles from VKSTC, their staff from the province.
        assert set(leaders.values_list("decision__issuing_unit__code", flat=True)) == {"VKSTC"}
        assert bodies == {"TTG", "TLDLD", "HLG", "UBND-HUE"}
        assert (committee.name, committee.province_unit.code) == ("Ủy ban nhân dân thành phố Huế", "VKS-HUE")
        assert Award.objects.filter(award_type__code="BKUBND", decision__issuing_body=committee).count() == 3
        assert Award.objects.filter(award_type__code="BKKHAC").count() == 6
        assert len(shared) == 1 and shared[0][0].endswith("/QĐ-KT")  # Tổng Liên đoàn's and Hội Luật gia's

    def test_seed_demo_places_awards_in_the_unit_of_the_time(self, db, seeded):
        periods = defaultdict(list)
        for person_id, unit_id, start, end in Assignment.objects.values_list(
            "person", "unit", "start_date", "end_date"
        ):
            periods[person_id].append((start, end, unit_id))

        def unit_on(person_id, day):
            return next(u for s, e, u in periods[person_id] if (s is None or s <= day) and (e is None or e >= day))

        individual = Award.objects.filter(person__isnull=False).values_list("person", "year", "unit_at_time")
        hang = Person.objects.get(full_name="Nguyễn Thị Thanh Hằng")
        hang_units = set(hang.awards.values_list("year", "unit_at_time__code"))

        assert all(unit_on(pid, datetime.date(year, 11, 30)) == unit for pid, year, unit in individual)
        assert hang_units <= {(y, "VKS-HUE-TPHUE") for y in range(2021, 2025)} | {(2025, "VKS-HUE-KV1-P1")}
        assert not Award.objects.filter(unit__isnull=False).exclude(unit_at_time=F("unit")).exists()

    def test_seed_demo_second_run_creates_no_award_nor_decision(self, db, seeded):
        counts = (Award.objects.count(), Decision.objects.count(), Award.history.count(), Decision.history.count())

        output = _seed()

        assert (Award.objects.count(), Decision.objects.count(), Award.history.count(), Decision.history.count()) == (
            counts
        )
        assert "Khen thưởng 2021–2025: 0 lượt mới, 0 quyết định mới; 1 đơn vị đã có khen thưởng" in output

    def test_seed_awards_is_deterministic(self, db, seeded):
        first = _digest()
        # What hangs off the awards (their bonuses and printed certificates) goes with them.
        Certificate.objects.filter(replaces__isnull=False).delete()  # the reprints first: they name the original
        Certificate.objects.all().delete()
        Payout.objects.all().delete()
        Award.objects.all().delete()
        Decision.objects.all().delete()
        random.seed(7)  # the global generator must not matter

        result = demo.seed_awards(scale="province")

        assert result.awards_created == len(first)
        assert _digest() == first

    def test_seed_demo_leaves_the_2026_review_in_progress(self, db, seeded):
        from awards.councils.models import Council, Session  # noqa: PLC0415 -- local to this story
        from awards.nominations.models import Batch, Nomination  # noqa: PLC0415 -- local to this story

        states = set(Nomination.objects.filter(year=2026).values_list("state", flat=True))
        assert {"draft", "returned", "under_review"} <= states
        assert Batch.objects.filter(state="submitted").exists() and Batch.objects.filter(state="draft").exists()
        council = Council.objects.get()
        seats = {
            member.role: member.user.username for member in council.members.filter(role__in=["chair", "secretary"])
        }
        assert seats == {"chair": "lanhdao", "secretary": "thuky"}
        assert council.members.filter(votes=True, user__isnull=True).count() == 0
        # The year-end session (the consultation's short session of the day has ended: awards.demo.consultation).
        session = Session.objects.get(state="planned")
        assert session.agenda.count() == Nomination.objects.filter(state="under_review").count() > 0

    def test_seed_demo_gives_check_councils_nothing_to_report(self, db, seeded):
        out = StringIO()

        call_command("check_councils", stdout=out)

        assert out.getvalue() == "Không phát hiện sai lệch.\n"

    def test_seed_demo_twice_creates_no_second_council_or_nomination(self, db, seeded):
        from awards.councils.models import Council  # noqa: PLC0415 -- local to this story
        from awards.nominations.models import Nomination  # noqa: PLC0415 -- local to this story

        before = Nomination.objects.count()
        _seed()

        assert Council.objects.count() == 1 and Nomination.objects.count() == before
