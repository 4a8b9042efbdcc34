"""The council's composition in the app (issue 14): the secretary of the provincial council sets up the council
for its term, adds members, changes a seat, ends one and replaces a member during the term, each refused in
Vietnamese when it breaks a rule (a seat outside the term, a second secretary, one account or person twice); the
history says who changed what; the others who read the council only read, and an outsider learns nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.councils import membership
from awards.councils.enums import CouncilRole
from awards.councils.models import Council, CouncilMember
from tests.factories.councils import CouncilFactory, CouncilMemberFactory
from tests.factories.units import PersonFactory, UserFactory, user_with_role
from units.enums import Role

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-06-15")]

D = datetime.date
TERM_START, TERM_END = D(2026, 1, 5), D(2030, 12, 31)


def url(name: str, *args) -> str:
    return reverse(f"awards:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def council(tree):
    """The provincial council, 05/01/2026 – 31/12/2030, without members yet."""
    return CouncilFactory(
        unit=tree["province"], name="Hội đồng TĐKT VKSND tỉnh T", term_start=TERM_START, term_end=TERM_END
    )


@pytest.fixture
def people(tree):
    """Staff of the province: its Viện trưởng, the Chánh Văn phòng, two officers of the Văn phòng, one of KV1."""
    return {
        "tri": PersonFactory(
            code="CB-TRI", full_name="Lê Minh Trí", position="Viện trưởng", is_manager=True, unit=tree["province"]
        ),
        "tu": PersonFactory(
            code="CB-TU", full_name="Lê Thanh Tú", position="Chánh Văn phòng", is_manager=True, unit=tree["office"]
        ),
        "mai": PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", position="Chuyên viên", unit=tree["office"]),
        "bao": PersonFactory(code="CB-BAO", full_name="Phạm Quốc Bảo", position="Chuyên viên", unit=tree["office"]),
        "hoa": PersonFactory(code="CB-HOA", full_name="Trần Thị Hoa", unit=tree["kv1"]),
    }


@pytest.fixture
def voter(tree):
    """An account with the council member role over the province: one the seat form offers."""
    user = user_with_role(Role.COUNCIL_MEMBER, tree["province"], "tu.le")
    user.last_name, user.first_name = "Lê Thanh", "Tú"
    user.save()
    return user


@pytest.fixture
def seated(council, people):
    """Lê Minh Trí chairs the council, Lê Thanh Tú is its secretary (no vote), Đỗ Thị Mai a member."""
    return {
        "tri": CouncilMemberFactory(council=council, person=people["tri"], role=CouncilRole.CHAIR, order=1),
        "tu": CouncilMemberFactory(
            council=council, person=people["tu"], role=CouncilRole.SECRETARY, votes=False, order=2
        ),
        "mai": CouncilMemberFactory(council=council, person=people["mai"], role=CouncilRole.MEMBER, order=3),
    }


# -- the council ----------------------------------------------------------------------------------------------


def test_secretary_sets_up_the_council_of_his_province_for_a_term(client, tree, cast):
    client.force_login(cast["council_secretary"])

    page = client.get(url("council-create"))
    response = client.post(
        url("council-create"),
        {
            "unit": tree["province"].pk,
            "name": "Hội đồng Thi đua - Khen thưởng VKSND tỉnh T",
            "term_start": "05/01/2026",
            "term_end": "31/12/2030",
            "decision": "Quyết định số 05/QĐ-VKS ngày 05/01/2026",
        },
    )

    council = Council.objects.get()
    # The units of his role: the province and its khu vực, never a phòng nor another province.
    assert [unit.code for unit in page.context["form"].fields["unit"].queryset] == ["VKS-T", "VKS-T-KV1", "VKS-T-KV2"]
    assert response.url == url("council-detail", council.pk)
    assert (council.unit, council.term_start, council.term_end) == (tree["province"], TERM_START, TERM_END)
    assert council.history.get().history_user == cast["council_secretary"]


def test_a_term_ending_before_it_starts_is_refused(client, tree, cast):
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-create"),
        {"unit": tree["province"].pk, "name": "Hội đồng", "term_start": "05/01/2026", "term_end": "31/12/2025"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"term_end": ["Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu."]}
    assert not Council.objects.exists()


def test_a_council_of_a_unit_outside_the_secretarys_role_is_refused(cast, tree):
    with pytest.raises(PermissionDenied, match="Bạn không có quyền thành lập Hội đồng của đơn vị này"):
        membership.council_save(
            council=Council(unit=tree["other"], name="Hội đồng", term_start=TERM_START), by=cast["council_secretary"]
        )

    assert not Council.objects.exists()


def test_a_shorter_term_that_leaves_a_seat_outside_is_refused(client, council, seated, cast):
    membership.member_leave(member=seated["mai"], left_on=D(2028, 6, 1), by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-update", council.pk),
        {"name": council.name, "term_start": "05/01/2026", "term_end": "31/12/2027", "decision": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nhiệm kỳ mới không bao gồm thời gian tham gia của: Đỗ Thị Mai (05/01/2026 – 01/06/2028). "
        "Hãy sửa các ghế này trước."
    ]
    council.refresh_from_db()
    assert council.term_end == TERM_END


def test_the_unit_of_a_council_never_changes(client, council, cast, tree):
    client.force_login(cast["council_secretary"])

    client.post(
        url("council-update", council.pk),
        {"unit": tree["kv1"].pk, "name": "Hội đồng TĐKT", "term_start": "05/01/2026", "term_end": "31/12/2030"},
    )

    council.refresh_from_db()
    assert (council.unit, council.name) == (tree["province"], "Hội đồng TĐKT")


# -- seats ----------------------------------------------------------------------------------------------------


def test_secretary_adds_a_member_from_the_start_of_the_term(client, council, seated, people, voter, cast):
    client.force_login(cast["council_secretary"])

    page = client.get(url("council-member-create", council.pk))
    # The staff of the province's subtree without a seat yet: not Trí, Tú, Mai (seated), not VKS-X's.
    offered = {person.full_name for person in page.context["form"].fields["person"].queryset}
    response = client.post(
        url("council-member-create", council.pk),
        {
            "person": people["bao"].code,
            "role": CouncilRole.MEMBER,
            "votes": "on",
            "user": voter.pk,
            "joined_on": "05/01/2026",
        },
        follow=True,
    )

    form = page.context["form"]
    assert form["joined_on"].value() == TERM_START
    assert offered == {"Phạm Quốc Bảo", "Trần Thị Hoa"}
    assert voter in form.fields["user"].queryset
    bao = CouncilMember.objects.get(person=people["bao"])
    assert (bao.role, bao.votes, bao.user, bao.joined_on, bao.left_on, bao.order) == (
        CouncilRole.MEMBER,
        True,
        voter,
        TERM_START,
        None,
        4,
    )
    assert messages_of(response) == ["Đã thêm Phạm Quốc Bảo vào Hội đồng."]
    assert bao.history.get().history_user == cast["council_secretary"]


def test_secretary_changes_a_seat(client, council, seated, cast):
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-member-update", seated["mai"].pk),
        {"role": CouncilRole.VICE_CHAIR, "order": 3, "joined_on": "01/02/2026", "note": "Quyết định số 12/QĐ-VKS"},
    )

    mai = CouncilMember.objects.get(pk=seated["mai"].pk)
    assert response.url == url("council-detail", council.pk) + "#thanh-vien"
    assert (mai.role, mai.votes, mai.joined_on, mai.note) == (
        CouncilRole.VICE_CHAIR,
        False,
        D(2026, 2, 1),
        "Quyết định số 12/QĐ-VKS",
    )
    assert mai.history.first().history_user == cast["council_secretary"]


def test_secretary_ends_a_seat(client, council, seated, cast):
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-member-leave", seated["mai"].pk),
        {"left_on": "01/06/2026", "note": "Quyết định số 30/QĐ-VKS ngày 01/6/2026"},
        follow=True,
    )

    mai = CouncilMember.objects.get(pk=seated["mai"].pk)
    assert (mai.left_on, mai.note) == (D(2026, 6, 1), "Quyết định số 30/QĐ-VKS ngày 01/6/2026")
    assert messages_of(response) == ["Đỗ Thị Mai thôi tham gia Hội đồng từ ngày 01/06/2026."]
    assert "01/06/2026" in text(response) and "đã thôi" in text(response)


def test_secretary_replaces_a_member_during_the_term_in_one_action(client, council, seated, people, cast):
    client.force_login(cast["council_secretary"])

    page = client.get(url("council-member-replace", seated["mai"].pk))
    response = client.post(
        url("council-member-replace", seated["mai"].pk),
        {"on": "01/06/2026", "person": people["bao"].code, "role": CouncilRole.MEMBER, "votes": "on", "note": "QĐ 30"},
        follow=True,
    )

    assert page.context["form"]["role"].value() == CouncilRole.MEMBER
    mai = CouncilMember.objects.get(pk=seated["mai"].pk)
    bao = CouncilMember.objects.get(person=people["bao"])
    assert (mai.left_on, bao.joined_on, bao.left_on, bao.replaces, bao.order) == (
        D(2026, 6, 1),
        D(2026, 6, 1),
        None,
        mai,
        mai.order,
    )
    assert messages_of(response) == ["Phạm Quốc Bảo thay thế Đỗ Thị Mai trong Hội đồng từ ngày 01/06/2026."]
    assert "thay thế cho Đỗ Thị Mai" in text(response)


def test_seated_on_a_date_before_and_after_a_replacement(council, seated, people, cast):
    membership.member_replace(member=seated["mai"], on=D(2026, 6, 1), person=people["bao"], by=cast["admin"])

    before = {seat.person.full_name for seat in council.seats_on(D(2026, 5, 31))}
    on_the_day = {seat.person.full_name for seat in council.seats_on(D(2026, 6, 1))}

    assert before == {"Lê Minh Trí", "Lê Thanh Tú", "Đỗ Thị Mai"}
    assert on_the_day == {"Lê Minh Trí", "Lê Thanh Tú", "Phạm Quốc Bảo"}


def test_a_seat_outside_the_term_is_refused(client, council, people, cast):
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-member-create", council.pk),
        {"person": people["bao"].code, "role": CouncilRole.MEMBER, "joined_on": "01/01/2026"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "joined_on": ["Thời gian tham gia phải trong nhiệm kỳ của Hội đồng (05/01/2026 – 31/12/2030)."]
    }
    assert not CouncilMember.objects.exists()


def test_a_seat_ending_before_it_starts_is_refused(client, council, seated, cast):
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-member-update", seated["mai"].pk),
        {"role": CouncilRole.MEMBER, "order": 3, "joined_on": "01/03/2026", "left_on": "01/02/2026"},
    )

    assert response.context["form"].errors == {"left_on": ["Ngày thôi tham gia không được trước ngày tham gia."]}
    assert CouncilMember.objects.get(pk=seated["mai"].pk).joined_on is None


def test_a_second_secretary_is_refused_but_a_successor_is_not(council, seated, people, cast):
    secretary = cast["council_secretary"]

    with pytest.raises(ValidationError) as refused:
        membership.member_add(council=council, person=people["bao"], role=CouncilRole.SECRETARY, by=secretary)
    successor = membership.member_replace(member=seated["tu"], on=D(2026, 9, 1), person=people["bao"], by=secretary)

    assert refused.value.message_dict == {
        "role": ["Hội đồng đã có thư ký Lê Thanh Tú (từ 05/01/2026); mỗi lúc chỉ có một thư ký."]
    }
    assert (successor.role, successor.votes, successor.replaces) == (CouncilRole.SECRETARY, False, seated["tu"])


def test_a_second_secretary_is_refused_on_the_form(client, council, seated, people, cast):
    client.force_login(cast["council_secretary"])

    response = client.post(url("council-member-update", seated["mai"].pk), {"role": CouncilRole.SECRETARY, "order": 3})

    assert response.context["form"].errors == {
        "role": ["Hội đồng đã có thư ký Lê Thanh Tú (từ 05/01/2026); mỗi lúc chỉ có một thư ký."]
    }
    assert CouncilMember.objects.get(pk=seated["mai"].pk).role == CouncilRole.MEMBER


def test_one_account_per_seat_and_one_seat_per_person(council, seated, people, cast):
    secretary = cast["council_secretary"]

    with pytest.raises(ValidationError) as account:
        membership.member_add(
            council=council, person=people["bao"], role=CouncilRole.MEMBER, user=seated["mai"].user, by=secretary
        )
    with pytest.raises(ValidationError) as person:
        membership.member_add(council=council, person=people["mai"], role=CouncilRole.MEMBER, by=secretary)

    assert account.value.message_dict == {
        "user": ["Tài khoản này đã gắn với ghế của Đỗ Thị Mai; mỗi tài khoản chỉ gắn với một ghế."]
    }
    assert person.value.message_dict == {
        "person": ["Đỗ Thị Mai đã có ghế trong Hội đồng này (từ 05/01/2026); mỗi người chỉ có một ghế."]
    }
    assert council.members.count() == 3


def test_staff_of_another_province_is_refused(council, staff, cast):
    with pytest.raises(ValidationError) as refused:
        membership.member_add(council=council, person=staff["outsider"], role=CouncilRole.MEMBER, by=cast["admin"])

    assert refused.value.message_dict == {"person": ["Chỉ chọn cán bộ của VKSND tỉnh T và các đơn vị trực thuộc."]}


def test_a_replacement_date_outside_the_seat_is_refused(client, council, seated, people, cast):
    membership.member_leave(member=seated["mai"], left_on=D(2026, 6, 1), by=cast["council_secretary"])
    client.force_login(cast["council_secretary"])

    response = client.post(
        url("council-member-replace", seated["mai"].pk),
        {"on": "01/07/2026", "person": people["bao"].code, "role": CouncilRole.MEMBER, "votes": "on"},
    )

    assert response.context["form"].errors == {
        "on": ["Ngày thay thế phải trong thời gian Đỗ Thị Mai tham gia Hội đồng (05/01/2026 – 01/06/2026)."]
    }
    assert not CouncilMember.objects.filter(person=people["bao"]).exists()


# -- the history ----------------------------------------------------------------------------------------------


def test_the_history_lists_who_changed_what(client, council, seated, people, cast, tree):
    leader = cast["leader"]
    secretary = cast["council_secretary"]
    secretary.last_name, secretary.first_name = "Nguyễn Thị", "Thu"
    secretary.save()
    membership.member_change(member=seated["mai"], role=CouncilRole.VICE_CHAIR, by=secretary)
    membership.member_replace(
        member=seated["mai"], on=D(2026, 6, 1), person=people["bao"], note="QĐ 30/QĐ-VKS", by=secretary
    )
    client.force_login(leader)

    response = client.get(url("council-history", council.pk))

    entries = response.context["entries"]
    by_secretary = [(e.action, e.subject, e.changes) for e in entries if e.who == secretary]
    assert by_secretary == [
        (
            "Thay thế thành viên",
            "Phạm Quốc Bảo — Phó Chủ tịch",
            [
                ("có quyền biểu quyết", "", "Có"),
                ("tham gia từ ngày", "", "01/06/2026"),
                ("thay thế cho", "", "Đỗ Thị Mai"),
                ("căn cứ, ghi chú", "", "QĐ 30/QĐ-VKS"),
            ],
        ),
        (
            "Thôi tham gia Hội đồng",
            "Đỗ Thị Mai — Phó Chủ tịch",
            [("thôi tham gia từ ngày", "—", "01/06/2026"), ("căn cứ, ghi chú", "—", "QĐ 30/QĐ-VKS")],
        ),
        (
            "Sửa thông tin thành viên",
            "Đỗ Thị Mai — Phó Chủ tịch",
            [("chức danh trong Hội đồng", "Ủy viên", "Phó Chủ tịch")],
        ),
    ]
    assert [e.action for e in entries if e.who is None] == ["Thêm thành viên"] * 3 + ["Thành lập Hội đồng"]
    page = text(response)
    assert "Nguyễn Thị Thu" in page and "Ủy viên → Phó Chủ tịch" in page and "Hệ thống (dòng lệnh)" in page


# -- who may -------------------------------------------------------------------------------------------------

SEAT_PAGES = ("council-member-update", "council-member-replace", "council-member-leave")


def _pages(council, seated) -> list[str]:
    return [url("council-update", council.pk), url("council-member-create", council.pk)] + [
        url(name, seated["mai"].pk) for name in SEAT_PAGES
    ]


@pytest.mark.parametrize("role", ["clerk", "leader", "council_member"])
def test_those_who_read_the_council_get_403_on_every_form(client, council, seated, people, cast, role):
    client.force_login(cast[role])

    gets = [client.get(page).status_code for page in _pages(council, seated)]
    posts = [
        client.post(
            page, {"person": people["bao"].code, "role": CouncilRole.SECRETARY, "left_on": "01/06/2026"}
        ).status_code
        for page in _pages(council, seated)
    ]
    detail = client.get(url("council-detail", council.pk))
    history = client.get(url("council-history", council.pk))

    assert gets == posts == [403] * 5
    assert (detail.status_code, history.status_code) == (200, 200)
    assert url("council-member-create", council.pk) not in text(detail)
    assert url("council-member-leave", seated["mai"].pk) not in text(detail)
    assert [seat.left_on for seat in council.members.all()] == [None] * 3
    assert council.members.count() == 3


def test_a_seat_of_the_council_reads_but_does_not_change(client, council, seated):
    client.force_login(seated["mai"].user)

    assert client.get(url("council-history", council.pk)).status_code == 200
    assert client.post(url("council-member-leave", seated["tri"].pk), {"left_on": "01/06/2026"}).status_code == 403


def test_the_secretarys_seat_changes_the_members(client, council, seated, people):
    seat_holder = UserFactory(username="thuky")
    CouncilMember.objects.filter(pk=seated["tu"].pk).update(user=seat_holder)
    client.force_login(seat_holder)

    response = client.post(url("council-member-leave", seated["mai"].pk), {"left_on": "01/06/2026"})

    assert response.status_code == 302
    assert CouncilMember.objects.get(pk=seated["mai"].pk).left_on == D(2026, 6, 1)


def test_an_outsider_learns_nothing(client, council, seated, cast):
    client.force_login(cast["outsider"])

    statuses = [client.get(page).status_code for page in _pages(council, seated)]
    statuses += [client.post(page, {"left_on": "01/06/2026"}).status_code for page in _pages(council, seated)]

    assert statuses == [404] * 10
    assert client.get(url("council-history", council.pk)).status_code == 404
    assert client.get(url("council-create")).status_code == 403


def test_anonymous_is_sent_to_login(client, council, seated):
    pages = [*_pages(council, seated), url("council-history", council.pk), url("council-create")]

    responses = [client.get(page) for page in pages]

    assert [r.status_code for r in responses] == [302] * 7
    assert all(r.url.startswith(reverse("login") + "?next=") for r in responses)


@pytest.mark.parametrize(
    ("role", "shown"),
    [("council_secretary", True), ("admin", True), ("clerk", False), ("leader", False), ("council_member", False)],
)
def test_the_add_council_button_by_role(client, council, cast, role, shown):
    client.force_login(cast[role])

    listing = client.get(url("council-list"))
    create = client.get(url("council-create"))

    assert ("Thêm Hội đồng" in text(listing)) is shown
    assert create.status_code == (200 if shown else 403)


def test_the_administrator_may_set_up_a_council_of_any_unit(client, cast, tree):
    client.force_login(cast["admin"])

    page = client.get(url("council-create"))

    assert {unit.code for unit in page.context["form"].fields["unit"].queryset} == {
        "VKS-T",
        "VKS-T-KV1",
        "VKS-T-KV2",
        "VKS-X",
    }


# -- queries --------------------------------------------------------------------------------------------------


def _council_of(tree, cast, count: int) -> Council:
    """A council of `count` seats, each after the first replacing the one before and changed once."""
    council = CouncilFactory(unit=tree["province"], term_start=TERM_START, term_end=TERM_END)
    previous = None
    for n in range(count):
        seat = CouncilMemberFactory(
            council=council, person=PersonFactory(code=f"HD-{n}", full_name=f"Thành viên {n}", unit=tree["office"])
        )
        if previous is not None:
            membership.member_change(member=seat, note=f"Lần sửa {n}", by=cast["admin"])
            CouncilMember.objects.filter(pk=seat.pk).update(replaces=previous)
        previous = seat
    return council


@pytest.mark.parametrize("count", [1, 3])
def test_council_detail_query_count(client, tree, cast, django_assert_max_num_queries, count):
    council = _council_of(tree, cast, count)
    client.force_login(cast["council_secretary"])

    # session, user, role paths; the council with its unit (visibility as a subquery); the menu's model
    # permissions (user, groups); the members with persons, units, accounts and the seats they replace (the
    # secretary check reads the cached role paths); the sessions
    with django_assert_max_num_queries(8):
        response = client.get(url("council-detail", council.pk))

    assert len(response.context["members"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_council_history_query_count(client, tree, cast, django_assert_max_num_queries, count):
    council = _council_of(tree, cast, count)
    client.force_login(cast["council_secretary"])

    # session, user, role paths; the council with its unit; the council's history rows with authors and unit;
    # the seats' history rows with authors, persons, accounts and replaced seats with their persons
    with django_assert_max_num_queries(6):
        response = client.get(url("council-history", council.pk))

    assert len(response.context["entries"]) == 1 + count + (count - 1)
