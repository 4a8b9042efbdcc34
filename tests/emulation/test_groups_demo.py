"""The demo clusters and blocs of Huế (emulation.demo.groups): rotation year by year, the unit not rated in 2025,
pledges, the 2025 sheets and flag votes, and a second run that writes nothing."""

from io import StringIO

import pytest
from django.db import transaction

from awards.catalogue.loading import ensure_defaults
from awards.catalogue.models import AwardType, RuleSet
from emulation import selectors
from emulation.demo.groups import seed_groups
from emulation.enums import MemberRole
from emulation.models import EmulationGroup, FlagVote, Pledge, ScoreSheet
from units.demo import organisation as unit_demo

pytestmark = pytest.mark.integration


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Huế's units and staff with the demo groups, seeded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A browser test on this worker may have flushed the catalogue and rule sets of the data migrations.
        ensure_defaults(AwardType, RuleSet)
        unit_demo.seed_demo(scale="province")
        out = StringIO()
        created = seed_groups(stdout=out)
        yield created, out.getvalue()
        transaction.set_rollback(True)


def heads(name: str) -> dict[int, str]:
    rows = EmulationGroup.objects.filter(name=name, memberships__role=MemberRole.HEAD).values_list(
        "year", "memberships__unit__code"
    )
    return {year: code.removeprefix("VKS-HUE-") for year, code in rows}


@pytest.mark.usefixtures("seeded")
class TestDemoGroups:
    def test_three_groups_a_year_from_2022_to_2026(self, seeded):
        created, out = seeded

        assert created == 15
        assert out == "Cụm, Khối thi đua: 15 mới; giao ước: 15 mới; phiếu chấm điểm: 10 mới; kết quả suy tôn: 2 mới."

    def test_the_head_rotates_and_the_reform_re_forms_the_clusters(self):
        assert heads("Cụm thi đua số 1") == {
            2022: "TPHUE",
            2023: "HUONGTHUY",
            2024: "HUONGTRA",
            2025: "KV1",
            2026: "KV3",  # KV2, not rated in 2025, is passed over
        }
        assert heads("Khối thi đua các phòng, Văn phòng") == {
            2022: "P1",
            2023: "P2",
            2024: "P3",
            2025: "P4",
            2026: "P5",
        }

    def test_the_unit_not_rated_in_2025_is_neither_head_nor_deputy_in_2026(self):
        group = EmulationGroup.objects.get(name="Cụm thi đua số 1", year=2026)
        kv2 = group.memberships.get(unit__code="VKS-HUE-KV2")

        assert kv2.role == MemberRole.MEMBER
        assert list(group.previous.memberships.filter(is_rated=False).values_list("unit__code", flat=True)) == [
            "VKS-HUE-KV2"
        ]

    def test_every_group_signs_one_pledge_with_five_to_eight_targets(self):
        for group in EmulationGroup.objects.all():
            pledge = Pledge.objects.get(group=group)
            assert 5 <= pledge.targets.count() <= 8, group
            assert set(pledge.signing_units.all()) == set(group.members.all()), group
            assert pledge.signed_on.year == group.year

    def test_the_2025_clusters_are_scored_and_ranked(self):
        for group in EmulationGroup.objects.filter(year=2025, kind="cluster"):
            rows = selectors.sheet_totals(group=group)
            assert len(rows) == group.memberships.count() == ScoreSheet.objects.filter(group=group).count()
            assert all(row["rank"] for row in rows if row["is_rated"])

    def test_the_flag_vote_has_one_proposal_and_one_at_two_thirds(self):
        votes = FlagVote.objects.filter(group__name="Cụm thi đua số 1", group__year=2025).order_by("-agree")

        assert [(vote.agree, vote.total, vote.proposed) for vote in votes] == [(5, 6, True), (4, 6, False)]

    def test_a_second_run_writes_nothing(self):
        counts = (EmulationGroup.objects.count(), Pledge.objects.count(), ScoreSheet.objects.count())

        assert seed_groups() == 0
        assert (EmulationGroup.objects.count(), Pledge.objects.count(), ScoreSheet.objects.count()) == counts
