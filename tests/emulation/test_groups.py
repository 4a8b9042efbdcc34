"""Clusters and blocs: the membership and rotation rules (through the service and through the form), copying
a year to the next, the list's filters and its query count."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from emulation import services
from emulation.enums import GroupKind, MemberRole
from emulation.models import EmulationGroup, GroupMembership
from tests.factories.emulation import make_group
from tests.factories.units import UnitFactory
from units import services as unit_services
from units.enums import UnitLevel

pytestmark = pytest.mark.integration

HEAD, DEPUTY, MEMBER = MemberRole.HEAD, MemberRole.DEPUTY, MemberRole.MEMBER


def roles_of(group) -> dict[str, str]:
    return {m.unit.code: m.role for m in group.memberships.select_related("unit")}


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def not_rated(tree, year, code_key, reason="Có công chức bị kỷ luật"):
    membership = GroupMembership.objects.get(year=year, unit=tree[code_key])
    return services.membership_mark_not_rated(membership=membership, reason=reason)


def form_data(tree, roles: dict, *, name="Cụm thi đua số 1", year=2025, kind="cluster", version=""):
    data = {"name": name, "kind": kind, "year": year, "version": version}
    data.update({f"role_{tree[key].pk}": role for key, role in roles.items()})
    return data


# -- the rules, through the service ------------------------------------------------------------------------


def test_a_group_needs_exactly_one_head(tree):
    errors = errors_of(lambda: make_group(tree, 2025, {tree["kv1"]: MEMBER, tree["kv2"]: DEPUTY}))

    assert errors == {"head": ["Mỗi Cụm, Khối có đúng một đơn vị Trưởng."]}
    assert EmulationGroup.objects.count() == 0


def test_a_group_has_at_most_one_deputy(tree):
    errors = errors_of(lambda: make_group(tree, 2025, {tree["kv1"]: HEAD, tree["kv2"]: DEPUTY, tree["office"]: DEPUTY}))

    assert errors == {"deputy": ["Mỗi Cụm, Khối có nhiều nhất một đơn vị Phó."]}


def test_last_years_head_is_not_head_again_while_others_wait(tree):
    make_group(tree, 2024, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER, tree["office"]: MEMBER})

    errors = errors_of(lambda: make_group(tree, 2025, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER, tree["office"]: MEMBER}))

    assert errors == {
        "head": [
            "VKSND VKS-T-KV1 đã làm Trưởng năm 2024; Trưởng luân phiên mỗi năm. Các đơn vị chưa làm Trưởng: "
            "VKSND VKS-T-KV2, VKSND VKS-T-VP."
        ]
    }


def test_a_head_may_serve_again_once_every_member_has_been_head(tree):
    members = [tree["kv1"], tree["kv2"]]
    make_group(tree, 2023, {members[0]: HEAD, members[1]: MEMBER})
    make_group(tree, 2024, {members[0]: MEMBER, members[1]: HEAD})

    group = make_group(tree, 2025, {members[0]: MEMBER, members[1]: HEAD})

    assert roles_of(group) == {"VKS-T-KV1": MEMBER, "VKS-T-KV2": HEAD}


def test_a_unit_not_rated_last_year_cannot_be_head(tree):
    make_group(tree, 2024, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER})
    not_rated(tree, 2024, "kv2")

    errors = errors_of(lambda: make_group(tree, 2025, {tree["kv1"]: MEMBER, tree["kv2"]: HEAD}))

    assert errors == {
        "head": ["VKSND VKS-T-KV2 không được xét thi đua năm 2024 (Có công chức bị kỷ luật) nên không thể làm Trưởng."]
    }


def test_a_unit_not_rated_last_year_cannot_be_deputy(tree):
    make_group(tree, 2024, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER, tree["office"]: MEMBER})
    not_rated(tree, 2024, "kv2")

    errors = errors_of(lambda: make_group(tree, 2025, {tree["kv1"]: MEMBER, tree["kv2"]: DEPUTY, tree["office"]: HEAD}))

    assert errors == {
        "deputy": ["VKSND VKS-T-KV2 không được xét thi đua năm 2024 (Có công chức bị kỷ luật) nên không thể làm Phó."]
    }


def test_a_unit_not_rated_does_not_keep_last_years_head_waiting(tree):
    make_group(tree, 2024, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER})
    not_rated(tree, 2024, "kv2")

    group = make_group(tree, 2025, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER})

    assert roles_of(group) == {"VKS-T-KV1": HEAD, "VKS-T-KV2": MEMBER}


def test_a_unit_is_in_one_group_of_a_level_in_a_year(tree, cluster):
    errors = errors_of(lambda: make_group(tree, 2025, {tree["kv2"]: HEAD}, name="Cụm thi đua số 2"))

    assert errors == {"units": ["VKSND VKS-T-KV2 đã thuộc Cụm thi đua số 1 năm 2025."]}
    assert EmulationGroup.objects.count() == 1


def test_a_unit_may_be_in_groups_of_other_years(tree, cluster):
    group = make_group(tree, 2026, {tree["kv2"]: HEAD}, name="Cụm thi đua số 2")

    assert roles_of(group) == {"VKS-T-KV2": HEAD}


def test_not_rated_needs_a_reason(cluster):
    membership = cluster.memberships.get(role=MEMBER)

    errors = errors_of(lambda: services.membership_mark_not_rated(membership=membership, reason="  "))

    assert errors == {"not_rated_reason": ["Hãy ghi lý do không xét thi đua."]}
    membership.refresh_from_db()
    assert membership.is_rated is True


# -- the rules, through the form --------------------------------------------------------------------------


def post_create(client, user, data):
    client.force_login(user)
    return client.post(reverse("emulation:group-create"), data)


def test_the_form_creates_a_group_with_its_roles(client, cast, tree):
    data = form_data(tree, {"kv1": "head", "kv2": "deputy", "office": "member"})

    response = post_create(client, cast["clerk"], data)

    group = EmulationGroup.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("emulation:group-detail", args=[group.pk])
    assert roles_of(group) == {"VKS-T-KV1": HEAD, "VKS-T-KV2": DEPUTY, "VKS-T-VP": MEMBER}
    assert (group.organiser, group.level, group.year) == (tree["province"], "provincial", 2025)


def test_the_form_shows_the_one_head_rule(client, cast, tree):
    response = post_create(client, cast["clerk"], form_data(tree, {"kv1": "member", "kv2": "member"}))

    assert response.status_code == 200
    assert response.context["form"].member_errors == ["Mỗi Cụm, Khối có đúng một đơn vị Trưởng."]
    assert "Mỗi Cụm, Khối có đúng một đơn vị Trưởng." in response.content.decode()
    assert EmulationGroup.objects.count() == 0


def test_the_form_shows_the_one_deputy_rule(client, cast, tree):
    response = post_create(client, cast["clerk"], form_data(tree, {"kv1": "head", "kv2": "deputy", "office": "deputy"}))

    assert response.context["form"].member_errors == ["Mỗi Cụm, Khối có nhiều nhất một đơn vị Phó."]
    assert EmulationGroup.objects.count() == 0


def test_the_form_shows_the_rotation_rule(client, cast, tree):
    make_group(tree, 2024, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER})

    response = post_create(client, cast["clerk"], form_data(tree, {"kv1": "head", "kv2": "member"}))

    assert response.context["form"].member_errors == [
        "VKSND VKS-T-KV1 đã làm Trưởng năm 2024; Trưởng luân phiên mỗi năm. Các đơn vị chưa làm Trưởng: "
        "VKSND VKS-T-KV2."
    ]
    assert EmulationGroup.objects.filter(year=2025).count() == 0


def test_the_form_shows_the_not_rated_rule(client, cast, tree):
    make_group(tree, 2024, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER, tree["office"]: MEMBER})
    not_rated(tree, 2024, "office")

    response = post_create(client, cast["clerk"], form_data(tree, {"kv1": "member", "kv2": "head", "office": "deputy"}))

    assert response.context["form"].member_errors == [
        "VKSND VKS-T-VP không được xét thi đua năm 2024 (Có công chức bị kỷ luật) nên không thể làm Phó."
    ]


def test_the_form_shows_a_unit_already_in_another_group(client, cast, tree, cluster):
    data = form_data(tree, {"kv2": "head"}, name="Cụm thi đua số 2")

    response = post_create(client, cast["clerk"], data)

    assert response.context["form"].member_errors == ["VKSND VKS-T-KV2 đã thuộc Cụm thi đua số 1 năm 2025."]
    assert EmulationGroup.objects.count() == 1


def test_the_form_refuses_a_name_used_that_year(client, cast, tree, cluster):
    response = post_create(client, cast["clerk"], form_data(tree, {"kv1": "head"}))

    assert response.context["form"].errors == {"name": ["Năm 2025 đơn vị tổ chức đã có “Cụm thi đua số 1”."]}


def test_the_form_refuses_a_unit_closed_before_the_year(client, cast, tree):
    closed = UnitFactory(code="VKS-T-H1", name="VKSND huyện A", level=UnitLevel.REGIONAL, parent=tree["province"])
    unit_services.unit_close(unit=closed, on_date=datetime.date(2024, 12, 31))
    data = form_data(tree, {"kv1": "head"}) | {f"role_{closed.pk}": "member"}

    response = post_create(client, cast["clerk"], data)

    assert response.context["form"].errors == {
        f"role_{closed.pk}": ["VKSND VKS-T-H1 đã ngừng hoạt động từ 31/12/2024, không thể tham gia Cụm, Khối năm 2025."]
    }


def test_the_form_offers_only_the_organisers_units_in_scope(client, cast, tree):
    client.force_login(cast["clerk"])

    form = client.get(reverse("emulation:group-create")).context["form"]

    assert [unit.code for unit in form.candidates] == ["VKS-T-KV1", "VKS-T-KV2", "VKS-T-VP"]


def test_an_edit_changes_the_roles(client, cast, tree, cluster):
    client.force_login(cast["clerk"])
    data = form_data(tree, {"kv1": "member", "kv2": "head", "office": ""}, version=cluster.version)

    response = client.post(reverse("emulation:group-update", args=[cluster.pk]), data)

    assert response.status_code == 302
    assert roles_of(cluster) == {"VKS-T-KV1": MEMBER, "VKS-T-KV2": HEAD}


def test_an_edit_based_on_an_old_version_is_refused(client, cast, tree, cluster):
    client.force_login(cast["clerk"])
    url = reverse("emulation:group-update", args=[cluster.pk])
    client.post(url, form_data(tree, {"kv1": "head", "kv2": "deputy"}, version=cluster.version))

    response = client.post(url, form_data(tree, {"kv1": "head", "kv2": "member"}, version=cluster.version))

    assert response.status_code == 200
    assert "vừa được" in response.context["form"].non_field_errors()[0]


def test_marking_a_member_not_rated_records_the_reason(client, cast, cluster):
    membership = cluster.memberships.get(role=MEMBER)
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:membership-not-rated", args=[membership.pk]), {"reason": "Để xảy ra vi phạm"}
    )

    membership.refresh_from_db()
    assert response.status_code == 302
    assert (membership.is_rated, membership.not_rated_reason) == (False, "Để xảy ra vi phạm")


# -- copying to the next year -------------------------------------------------------------------------------


def test_copying_rotates_the_head_to_a_member_that_has_not_been_head(tree, cluster):
    created = services.groups_copy_to_next_year(organiser=tree["province"], year=2025)

    assert [group.year for group in created] == [2026]
    assert roles_of(created[0]) == {"VKS-T-KV1": MEMBER, "VKS-T-KV2": HEAD, "VKS-T-VP": MEMBER}
    assert created[0].previous == cluster


def test_copying_passes_over_a_unit_not_rated_this_year(tree, cluster):
    not_rated(tree, 2025, "kv2")

    created = services.groups_copy_to_next_year(organiser=tree["province"], year=2025)

    assert roles_of(created[0]) == {"VKS-T-KV1": MEMBER, "VKS-T-KV2": MEMBER, "VKS-T-VP": HEAD}


def test_copying_picks_the_member_whose_last_turn_is_oldest(tree):
    units = [tree["kv1"], tree["kv2"], tree["office"]]
    for year, head in zip((2022, 2023, 2024, 2025), (0, 1, 2, 0), strict=True):
        make_group(tree, year, {unit: HEAD if index == head else MEMBER for index, unit in enumerate(units)})

    created = services.groups_copy_to_next_year(organiser=tree["province"], year=2025)

    # KV1 was head in 2025 and KV2 in 2023, the Văn phòng in 2024: KV2 has waited longest.
    assert roles_of(created[0]) == {"VKS-T-KV1": MEMBER, "VKS-T-KV2": HEAD, "VKS-T-VP": MEMBER}


def test_copying_leaves_out_units_closed_before_the_next_year(tree, cluster):
    unit_services.unit_close(unit=tree["office"], on_date=datetime.date(2025, 12, 31))

    created = services.groups_copy_to_next_year(organiser=tree["province"], year=2025)

    assert roles_of(created[0]) == {"VKS-T-KV1": MEMBER, "VKS-T-KV2": HEAD}


def test_copying_leaves_existing_groups_alone(tree, cluster):
    existing = make_group(tree, 2026, {tree["kv1"]: HEAD}, name="Cụm thi đua số 1")

    created = services.groups_copy_to_next_year(organiser=tree["province"], year=2025)

    assert created == []
    assert roles_of(existing) == {"VKS-T-KV1": HEAD}


def test_the_copy_button_creates_next_years_groups_and_says_which(client, cast, tree, cluster):
    make_group(tree, 2025, {tree["kv1_office"]: HEAD}, name="Khối thi đua số 1")
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:group-copy"), {"organiser": tree["province"].pk, "year": 2025})

    assert response.status_code == 302
    assert response.url == reverse("emulation:group-list") + "?year=2026"
    assert sorted(EmulationGroup.objects.filter(year=2026).values_list("name", flat=True)) == [
        "Cụm thi đua số 1",
        "Khối thi đua số 1",
    ]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã tạo 2 Cụm, Khối năm 2026: Cụm thi đua số 1 (Trưởng: VKSND VKS-T-KV2); "
        "Khối thi đua số 1 (Trưởng: VKSND VKS-T-KV1-VP)."
    ]


def test_the_copy_button_says_when_there_is_nothing_to_copy(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:group-copy"), {"organiser": tree["province"].pk, "year": 2030})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "VKSND tỉnh T không có Cụm, Khối nào trong năm 2030 để sao chép."
    ]
    assert EmulationGroup.objects.count() == 0


def test_copying_is_a_post(client, cast, tree, cluster):
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:group-copy"), {"organiser": tree["province"].pk, "year": 2025})

    assert response.status_code == 405
    assert EmulationGroup.objects.count() == 1


# -- the list ---------------------------------------------------------------------------------------------------


def test_the_list_filters_by_year_level_and_kind(client, cast, tree, cluster):
    make_group(tree, 2024, {tree["kv1"]: HEAD})
    bloc = EmulationGroup(year=2025, kind=GroupKind.BLOC, level="provincial", name="Khối 1", organiser=tree["province"])
    services.group_save(group=bloc, roles={tree["kv1_office"]: HEAD})
    client.force_login(cast["leader"])

    def names(**params):
        page = client.get(reverse("emulation:group-list"), params).context["page"]
        return [(group.name, group.year, group.head_name, group.member_count) for group in page]

    assert names(year=2025) == [
        ("Cụm thi đua số 1", 2025, "VKSND VKS-T-KV1", 3),
        ("Khối 1", 2025, "VKSND VKS-T-KV1-VP", 1),
    ]
    assert names(year=2025, kind="bloc") == [("Khối 1", 2025, "VKSND VKS-T-KV1-VP", 1)]
    assert names(level="sector") == []
    assert names() == [
        ("Cụm thi đua số 1", 2025, "VKSND VKS-T-KV1", 3),
        ("Khối 1", 2025, "VKSND VKS-T-KV1-VP", 1),
        ("Cụm thi đua số 1", 2024, "VKSND VKS-T-KV1", 1),
    ]


def test_the_list_shows_a_member_units_clerk_only_its_groups(client, cast, tree, cluster):
    make_group(tree, 2025, {tree["other"]: HEAD}, name="Cụm tỉnh X")
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("emulation:group-list")).context["page"]

    assert [group.name for group in page] == ["Cụm thi đua số 1"]


@pytest.mark.parametrize("count", [1, 20])
def test_group_list_query_count(client, cast, tree, django_assert_num_queries, count):
    for n in range(count):
        make_group(tree, 2000 + n, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER}, name=f"Cụm thi đua số {n}")
    client.force_login(cast["clerk"])

    # session, user, role paths (rules), the years of the filter, the organisers the clerk may copy for,
    # page count, page rows (with organiser, member count and head name as subqueries)
    with django_assert_num_queries(7):
        response = client.get(reverse("emulation:group-list"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_group_export_lists_head_deputy_and_members_in_constant_queries(
    client, cast, tree, django_assert_num_queries, count
):
    for n in range(count):
        make_group(tree, 2000 + n, {tree["kv1"]: HEAD, tree["kv2"]: MEMBER, tree["office"]: DEPUTY}, name=f"Cụm {n}")
    client.force_login(cast["clerk"])

    # session, user, role paths, the years of the filter, the groups, their members
    with django_assert_num_queries(6):
        response = client.get(reverse("emulation:group-export"), {"year": 2000})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Năm", "Cụm, Khối", "Loại")
    assert len(rows) == 2
    year, name, _kind, _level, organiser, head, deputy, size, members = rows[1]
    assert organiser == str(tree["province"])
    assert (year, name, size) == (2000, "Cụm 0", 3)
    assert head == str(tree["kv1"]) and deputy == str(tree["office"])
    assert members.count(";") == 2
