"""Conflicts of interest by the rule set's stated rule (issue 14): a member never votes on himself; on a collective,
by default its head does not vote (`HEAD`); under `MEMBERS` every member belonging to it does not, but never the
whole council on its own unit's collective award — the province's own flag is voted on, and passes when the
members agree, where the old rule left 0 of 9 votes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.catalogue.models import RuleSet
from awards.catalogue.services import ruleset_for_year
from awards.councils import minutes, voting
from awards.councils.conflicts import conflicted_members, conflicting_candidates, in_conflict
from awards.councils.enums import Choice, CouncilRole, PollState
from awards.councils.models import Abstention, CouncilMember
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from tests.factories.councils import CouncilFactory, CouncilMemberFactory, SessionFactory, attend, poll_on
from tests.factories.nominations import NominationFactory, submit
from tests.factories.units import PersonFactory, UserFactory
from units.posts import is_head_position

# The factories' sessions meet on 02/12/2026, and a poll opens only on its session's day or later.
pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

YEAR = 2026
HEAD, MEMBERS = RuleSet.CollectiveConflict.HEAD, RuleSet.CollectiveConflict.MEMBERS


def rule(value: str) -> None:
    """Every rule set (the default one of the catalogue) states this rule for collectives."""
    RuleSet.objects.update(collective_conflict=value)


@pytest.fixture
def council(tree):
    """The provincial council of nine: the Viện trưởng chairs; his deputy; the Chánh Văn phòng; two officers of
    the Văn phòng; the Viện trưởng of KV1 and one of his prosecutors; the Trưởng phòng of KV1's office; a
    deputy of the Văn phòng as secretary (all nine vote in these tests)."""
    council = CouncilFactory(unit=tree["province"], name="Hội đồng TĐKT VKSND tỉnh T")
    seats = [
        ("Lê Minh Trí", "Viện trưởng", True, "province", CouncilRole.CHAIR),
        ("Nguyễn Văn Hải", "Phó Viện trưởng", True, "province", CouncilRole.VICE_CHAIR),
        ("Lê Thanh Tú", "Chánh Văn phòng", True, "office", CouncilRole.STANDING_VICE_CHAIR),
        ("Đỗ Thị Mai", "Chuyên viên", False, "office", CouncilRole.MEMBER),
        ("Phạm Quốc Bảo", "Chuyên viên", False, "office", CouncilRole.MEMBER),
        ("Trần Văn Hùng", "Viện trưởng", True, "kv1", CouncilRole.MEMBER),
        ("Võ Thị Lan", "Kiểm sát viên trung cấp", False, "kv1", CouncilRole.MEMBER),
        ("Hoàng Minh Châu", "Trưởng phòng", True, "kv1_office", CouncilRole.MEMBER),
        ("Bùi Thị Hạnh", "Phó Chánh Văn phòng", True, "office", CouncilRole.SECRETARY),
    ]
    for order, (name, position, manager, unit, role) in enumerate(seats):
        person = PersonFactory(
            code=f"HD-{order}", full_name=name, position=position, is_manager=manager, unit=tree[unit]
        )
        CouncilMemberFactory(council=council, person=person, role=role, order=order)
    return council


def seats(council) -> list[CouncilMember]:
    return list(council.members.select_related("person__unit", "council__unit").order_by("order"))


def names(members) -> list[str]:
    return [member.person.full_name for member in members]


def collective(unit) -> Nomination:
    return Nomination(unit=unit, person=None, year=YEAR)


# -- the stated rule -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [HEAD, MEMBERS])
def test_a_person_candidate_conflicts_with_himself_only(council, tree, value):
    rule(value)
    mai = seats(council)[3]
    nomination = Nomination(person=mai.person, unit=None, year=YEAR)

    found = conflicted_members(seats(council), nomination)

    assert names(found) == ["Đỗ Thị Mai"]


@pytest.mark.parametrize(
    ("unit", "head"),
    [
        ("province", ["Lê Minh Trí"]),  # not his deputy
        ("office", ["Lê Thanh Tú"]),  # not the Phó Chánh Văn phòng nor the officers
        ("kv1", ["Trần Văn Hùng"]),  # not the Trưởng phòng of KV1's office: that is another unit
        ("kv1_office", ["Hoàng Minh Châu"]),
        ("kv2", []),  # no member heads it
    ],
)
def test_with_the_head_rule_only_the_head_of_the_collective_is_in_conflict(council, tree, unit, head):
    ruleset = ruleset_for_year(YEAR)
    assert ruleset.collective_conflict == HEAD  # the default

    found = conflicted_members(seats(council), collective(tree[unit]), ruleset)

    assert names(found) == head


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("office", ["Lê Thanh Tú", "Đỗ Thị Mai", "Phạm Quốc Bảo", "Bùi Thị Hạnh"]),
        ("kv1", ["Trần Văn Hùng", "Võ Thị Lan", "Hoàng Minh Châu"]),  # its phòng too
        ("kv2", []),
        # The council's own unit: never the whole council, only its head.
        ("province", ["Lê Minh Trí"]),
    ],
)
def test_with_the_members_rule_those_of_the_collective_are_in_conflict_but_never_the_whole_council(
    council, tree, unit, expected
):
    rule(MEMBERS)

    found = conflicted_members(seats(council), collective(tree[unit]))

    assert names(found) == expected


def test_with_the_members_rule_a_unit_above_the_council_gets_its_head_rule(tree):
    rule(MEMBERS)
    council = CouncilFactory(unit=tree["kv1"], name="Hội đồng TĐKT VKSND khu vực 1")
    for order, name in enumerate(["Trần Văn Hùng", "Võ Thị Lan"]):
        CouncilMemberFactory(council=council, person=PersonFactory(full_name=name, unit=tree["kv1"]), order=order)

    found = conflicted_members(seats(council), collective(tree["province"]))

    assert found == []


def test_a_head_is_a_manager_in_a_heads_post(tree, council):
    tri = seats(council)[0]
    tri.person.is_manager = False  # the staff list says he holds no management post: not taken for the head

    assert in_conflict(tri, collective(tree["province"])) is False


@pytest.mark.parametrize(
    ("position", "head"),
    [
        ("Viện trưởng", True),
        ("Quyền Viện trưởng", True),
        ("Trưởng phòng", True),
        ("Chánh Văn phòng", True),
        ("Trưởng khoa", True),
        ("Phó Viện trưởng", False),
        ("Phó Trưởng phòng", False),
        ("Phó Chánh Văn phòng", False),
        ("phó trưởng ban", False),
        ("", False),
    ],
)
def test_head_positions_are_those_not_of_a_deputy(position, head):
    assert is_head_position(position) is head


def test_without_a_rule_set_for_the_year_the_head_rule_applies(council, tree):
    RuleSet.objects.all().delete()

    found = conflicted_members(seats(council), collective(tree["office"]))

    assert names(found) == ["Lê Thanh Tú"]


def test_the_rule_set_is_read_once_for_the_candidates_of_a_ballot(council, tree, django_assert_num_queries):
    rule(MEMBERS)
    bao = seats(council)[4]
    nominations = [collective(tree["office"]), collective(tree["kv1"]), collective(tree["province"])]
    for pk, nomination in enumerate(nominations, start=1):
        nomination.pk = pk

    with django_assert_num_queries(1):  # the rule set of 2026
        found = conflicting_candidates(bao, nominations)

    assert found == {1}


# -- the province's own flag -----------------------------------------------------------------------------------


@pytest.fixture
def own_flag(council, tree, cast):
    """The province's own collective proposed for the sector's flag, sent to its own council."""
    nomination = NominationFactory(unit=tree["province"], code="CTDN", year=YEAR, justification="x")
    submit([nomination], by=cast["clerk"], council_unit=tree["province"], title="Đề nghị Cờ thi đua ngành")
    return nomination


@pytest.mark.parametrize("value", [HEAD, MEMBERS])
def test_the_council_votes_on_its_own_province_and_the_flag_passes(council, own_flag, cast, value):
    rule(value)
    secretary = cast["council_secretary"]
    session = SessionFactory(council=council, year=YEAR)
    poll = poll_on(session, cast, [own_flag])
    attend(session, present=9)
    voting.poll_open(poll=poll, by=secretary)
    chair, *others = seats(council)

    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        voting.ballot_cast(poll=poll, user=others[0].user, choices={own_flag.pk: voting.ABSTAIN})
    voting.ballot_cast(poll=poll, user=chair.user, choices={own_flag.pk: voting.ABSTAIN})
    for seat in others:
        voting.ballot_cast(poll=poll, user=seat.user, choices={own_flag.pk: Choice.AGREE})
    (result,) = voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)

    own_flag.refresh_from_db()
    poll.refresh_from_db()
    assert (result.agree, result.denominator, result.passed) == (8, 9, True)
    assert (poll.state, own_flag.state) == (PollState.PUBLISHED, NominationState.RECOMMENDED)
    assert list(Abstention.objects.values_list("member__person__full_name", flat=True)) == ["Lê Minh Trí"]
    rows = minutes.session_minutes_context(session)["conflicts"]
    assert [(row["member"], row["outcome"]) for row in rows] == [("Lê Minh Trí", "Không tham gia biểu quyết")]


def test_the_ballot_offers_the_abstention_to_the_head_only(client, council, own_flag, cast):
    secretary = cast["council_secretary"]
    session = SessionFactory(council=council, year=YEAR)
    poll = poll_on(session, cast, [own_flag])
    attend(session, present=9)
    voting.poll_open(poll=poll, by=secretary)
    chair, deputy = seats(council)[:2]

    client.force_login(chair.user)
    head_page = client.get(reverse("awards:ballot-form", args=[poll.pk])).content.decode()
    client.force_login(deputy.user)
    deputy_page = client.get(reverse("awards:ballot-form", args=[poll.pk])).content.decode()

    assert head_page.count('value="abstain"') == 1
    assert deputy_page.count('value="abstain"') == 0


def test_the_rule_is_edited_with_the_rule_set_in_the_admin(client, db):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    ruleset = ruleset_for_year(YEAR)
    client.force_login(admin)

    page = client.get(reverse("admin:awards_ruleset_change", args=[ruleset.pk]))

    field = page.context["adminform"].form.fields["collective_conflict"]
    assert list(field.choices) == [
        ("head", "Người đứng đầu tập thể được đề nghị"),
        ("members", "Mọi thành viên Hội đồng thuộc tập thể được đề nghị (trừ tập thể là đơn vị có Hội đồng)"),
    ]
