"""Chains and quotas across the 2025 merger: a regional procuracy carries the titles of the districts it absorbed
(a district's TTLĐXS 2023 and 2024, then the region's own 2025: three years in a row), a person moved by the
merger keeps his own chain, and a unit's quota of a year before the merger counts what its predecessors held."""

import datetime

import pytest

from awards.catalogue.enums import AwardKind, RecipientKind
from awards.catalogue.models import RuleSet
from awards.nominations import eligibility
from awards.nominations.eligibility import MET, NOT_MET, Facts
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from tests.factories.awards import AwardFactory, award_type, prerequisites_of
from tests.factories.mergers import merge_2025
from units.lineage import collective_owners

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-03-16")]

D = datetime.date


@pytest.fixture
def merger(db):
    """A, B and C merged into N; A's districts A1 and A2 into N's khu vực 1."""
    return merge_2025()


def ttldxs(merger, unit, year: int, issuer=None):
    decision = merger.decision(issuer or merger.old[unit.code.split("-")[1]], "10/QĐ-VKS", D(year, 12, 20))
    return AwardFactory(code="TTLDXS", unit=unit, year=year, decision=decision)


def nominate(recipient_unit=None, person=None, *, code: str, year: int = 2025) -> Nomination:
    return Nomination.objects.create(
        nominating_unit=person.unit if person else recipient_unit,
        recipient_kind=RecipientKind.INDIVIDUAL if person else RecipientKind.COLLECTIVE,
        person=person,
        unit=recipient_unit,
        award_type=award_type(code),
        year=year,
        state=NominationState.DRAFT,
        kind=AwardKind.REGULAR,
    )


def chain_of(nomination: Nomination):
    return eligibility.evaluate([nomination])[nomination.pk].get("chain")


@pytest.fixture
def three_years(merger):
    """District A1 held TTLĐXS in 2023 and 2024 (decided by province A); khu vực 1, which absorbed it, holds the
    TTLĐXS of 2025 (decided by N). The collective Bằng khen VKSTC asks three TTLĐXS years in a row here."""
    ttldxs(merger, merger.districts["A1"], 2023)
    ttldxs(merger, merger.districts["A1"], 2024)
    ttldxs(merger, merger.regions["KV1"], 2025, issuer=merger.new)
    RuleSet.objects.update(bkvkstc_collective_years=3)
    return merger


def test_the_regions_ttldxs_chain_runs_across_the_merger(three_years):
    region = three_years.regions["KV1"]

    chain = chain_of(nominate(region, code="BKVKSTC"))
    held = Facts(units=[region], years={2025}, codes={"TTLDXS"}).unit_held[region.pk]

    assert chain.status == MET, chain.reason
    assert sorted(h.year for h in held if h.code == "TTLDXS") == [2023, 2024, 2025]


def test_without_the_link_the_region_starts_its_chain_in_2025(three_years):
    region = three_years.regions["KV1"]
    region.predecessors.clear()

    chain = chain_of(nominate(region, code="BKVKSTC"))

    assert chain.status == NOT_MET


def test_a_region_that_absorbed_other_districts_does_not_inherit_a1s_chain(three_years):
    # Khu vực 2 absorbed B1, B2 and C1, none of which held TTLĐXS: its own 2025 alone.
    region = three_years.regions["KV2"]
    ttldxs(three_years, region, 2025, issuer=three_years.new)

    chain = chain_of(nominate(region, code="BKVKSTC"))

    assert chain.status == NOT_MET


def test_a_district_split_between_two_regions_carries_its_chain_into_both(three_years):
    # Part of A1 went to khu vực 2 as well: each successor that lists it carries its titles.
    kv1, kv2 = three_years.regions["KV1"], three_years.regions["KV2"]
    kv2.predecessors.add(three_years.districts["A1"])
    ttldxs(three_years, kv2, 2025, issuer=three_years.new)

    checks = eligibility.evaluate([nominate(kv1, code="BKVKSTC"), nominate(kv2, code="BKVKSTC")])

    assert [check.get("chain").status for check in checks.values()] == [MET, MET]
    assert collective_owners([kv1.pk, kv2.pk])[three_years.districts["A1"].pk] == {kv1.pk, kv2.pk}


def test_the_moved_persons_chain_is_his_own_whatever_the_units(merger):
    # A1's prosecutor held CSTĐCS 2023 and 2024 in district A1 and 2025 in khu vực 1, where the merger moved him.
    person = merger.staff["A1"]
    for year, issuer in ((2023, merger.old["A"]), (2024, merger.old["A"]), (2025, merger.new)):
        decision = merger.decision(issuer, "11/QĐ-VKS", D(year, 12, 20))
        prerequisites_of(code="CSTDCS", year=year, decision=decision, person=person)
        award = AwardFactory(code="CSTDCS", person=person, year=year, decision=decision)
        assert award.unit_at_time == (merger.districts["A1"] if year < 2025 else merger.regions["KV1"])

    chain = chain_of(nominate(person=person, code="CSTDN"))

    assert chain.status == MET, chain.reason
    assert "2023" in chain.reason and "2025" in chain.reason


def test_a_quota_of_a_year_before_the_merger_counts_what_the_predecessors_held(merger):
    # 2024: A1's and A2's staff were LĐTT in their districts; khu vực 1 and N did not exist yet.
    for key in ("A1", "A2", "B1"):
        decision = merger.decision(merger.old[key[0]], "10/QĐ-VKS", D(2024, 12, 20))
        AwardFactory(code="LDTT", person=merger.staff[key], year=2024, decision=decision)

    region, province = eligibility.quota_table([merger.regions["KV1"], merger.new], 2024)

    assert region["ldtt"]["held"] == 2
    assert province["ldtt"]["held"] == 3
