"""Scoring and the flag vote: sheets checked against each criterion's maximum, totals and ranks computed (ties
share a rank; bonus added, penalty subtracted), and the flag vote for the rule set's flags, its threshold applied
exactly."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.catalogue.models import RuleSet
from emulation import selectors, services
from emulation.enums import CriterionKind, MemberRole
from emulation.models import FlagVote, GroupMembership, ScoreCriterion, ScoreEntry, ScoreSheet, ScoreTemplate
from tests.factories.awards import award_type
from tests.factories.emulation import make_group
from tests.factories.units import UnitFactory
from units.enums import UnitLevel

pytestmark = pytest.mark.integration

VOTED_ON = datetime.date(2025, 11, 25)


@pytest.fixture
def template():
    template = ScoreTemplate.objects.create(name="Bảng chấm điểm VKSND khu vực", year=2025, basis="QĐ 424/QĐ-VKSTC")
    rows = [
        ("I. Nhiệm vụ chuyên môn", "Công tác công tố, kiểm sát điều tra", CriterionKind.CRITERION, 60),
        ("I. Nhiệm vụ chuyên môn", "Công tác kiểm sát xét xử", CriterionKind.CRITERION, 40),
        ("II. Điểm thưởng", "Sáng kiến cấp ngành", CriterionKind.BONUS, 3),
        ("III. Điểm trừ", "Có công chức bị kỷ luật", CriterionKind.PENALTY, 5),
    ]
    for order, (section, text, kind, points) in enumerate(rows, start=1):
        ScoreCriterion.objects.create(
            template=template, section=section, order=order, text=text, kind=kind, max_points=points
        )
    return template


def criteria(template) -> list[ScoreCriterion]:
    return list(template.criteria.order_by("order"))


def score(group, unit, template, agreed: list, own: list | None = None):
    own = own or agreed
    scores = {c.pk: (own[i], agreed[i]) for i, c in enumerate(criteria(template))}
    return services.score_sheet_save(sheet=ScoreSheet(group=group, unit=unit, template=template), scores=scores)


def ranking(group) -> list[tuple[str, Decimal, int | None]]:
    return [(row["unit"].code, row["agreed_total"], row["rank"]) for row in selectors.sheet_totals(group=group)]


# -- totals and ranks ------------------------------------------------------------------------------------


def test_totals_add_the_bonus_and_subtract_the_penalty(tree, cluster, template):
    score(cluster, tree["kv1"], template, [Decimal(55), Decimal(38), Decimal(2), None])
    score(cluster, tree["kv2"], template, [Decimal(58), Decimal(39), None, Decimal(3)])
    score(cluster, tree["office"], template, [Decimal(50), Decimal("35.5"), Decimal(0), Decimal(0)])

    assert ranking(cluster) == [
        ("VKS-T-KV1", Decimal(95), 1),  # 55 + 38 + 2
        ("VKS-T-KV2", Decimal(94), 2),  # 58 + 39 − 3
        ("VKS-T-VP", Decimal("85.5"), 3),
    ]


def test_ties_share_a_rank_and_the_next_rank_is_skipped(tree, cluster, template):
    score(cluster, tree["kv1"], template, [Decimal(50), Decimal(40), None, None])
    score(cluster, tree["kv2"], template, [Decimal(52), Decimal(38), None, None])
    score(cluster, tree["office"], template, [Decimal(50), Decimal(30), None, None])

    assert ranking(cluster) == [
        ("VKS-T-KV1", Decimal(90), 1),
        ("VKS-T-KV2", Decimal(90), 1),
        ("VKS-T-VP", Decimal(80), 3),
    ]


def test_the_rank_follows_the_agreed_score_not_the_self_assessment(tree, cluster, template):
    own = [Decimal(60), Decimal(40), None, None]
    score(cluster, tree["kv1"], template, [Decimal(50), Decimal(30), None, None], own=own)
    score(cluster, tree["kv2"], template, [Decimal(52), Decimal(30), None, None])

    rows = selectors.sheet_totals(group=cluster)

    assert [(row["unit"].code, row["self_total"], row["agreed_total"], row["rank"]) for row in rows] == [
        ("VKS-T-KV2", Decimal(82), Decimal(82), 1),
        ("VKS-T-KV1", Decimal(100), Decimal(80), 2),
    ]


def test_a_unit_not_rated_keeps_its_points_but_gets_no_rank(tree, cluster, template):
    score(cluster, tree["kv1"], template, [Decimal(50), Decimal(40), None, None])
    score(cluster, tree["kv2"], template, [Decimal(59), Decimal(40), None, None])
    score(cluster, tree["office"], template, [Decimal(40), Decimal(30), None, None])
    services.membership_mark_not_rated(membership=cluster.memberships.get(unit=tree["kv2"]), reason="Có vi phạm")

    assert ranking(cluster) == [
        ("VKS-T-KV1", Decimal(90), 1),
        ("VKS-T-VP", Decimal(70), 2),
        ("VKS-T-KV2", Decimal(99), None),
    ]


def test_a_score_above_the_maximum_is_refused_naming_the_criterion(tree, cluster, template):
    own = [Decimal(60), None, None, None]

    with pytest.raises(ValidationError) as exc:
        score(cluster, tree["kv1"], template, [Decimal("60.5"), Decimal(40), None, None], own=own)

    assert exc.value.message_dict == {
        "scores": ["“Công tác công tố, kiểm sát điều tra”: điểm thống nhất 60,5 phải từ 0 đến 60."]
    }
    assert ScoreSheet.objects.count() == 0


# -- the sheet page ------------------------------------------------------------------------------------------


def sheet_url(group, unit):
    return reverse("emulation:score-sheet", args=[group.pk, unit.pk])


def sheet_data(template, agreed: list[str], own: list[str] | None = None, version=""):
    own = own or agreed
    data = {"template": template.pk, "version": version}
    for index, criterion in enumerate(criteria(template)):
        data[f"self_{criterion.pk}"] = own[index]
        data[f"agreed_{criterion.pk}"] = agreed[index]
    return data


def test_the_sheet_page_saves_points_typed_with_a_comma(client, cast, tree, cluster, template):
    client.force_login(cast["clerk"])

    response = client.post(sheet_url(cluster, tree["kv1"]), sheet_data(template, ["55,5", "38", "1", "2"]))

    assert response.status_code == 302
    entries = ScoreEntry.objects.filter(sheet__unit=tree["kv1"]).order_by("criterion__order")
    assert [entry.agreed_score for entry in entries] == [Decimal("55.5"), Decimal(38), Decimal(1), Decimal(2)]
    page = client.get(sheet_url(cluster, tree["kv1"]))
    assert page.context["summary"]["agreed_score"]["total"] == Decimal("92.5")  # 55,5 + 38 + 1 − 2


def test_the_sheet_page_shows_the_services_error_for_a_score_out_of_range(client, cast, tree, cluster, template):
    client.force_login(cast["clerk"])

    data = sheet_data(template, ["55", "38", "", ""], own=["55", "41", "", ""])

    response = client.post(sheet_url(cluster, tree["kv1"]), data)

    assert response.status_code == 400
    assert response.context["service_errors"] == ["“Công tác kiểm sát xét xử”: điểm tự chấm 41 phải từ 0 đến 40."]
    assert "Công tác kiểm sát xét xử”: điểm tự chấm 41 phải từ 0 đến 40." in response.content.decode()
    assert ScoreSheet.objects.count() == 0


def test_the_sheet_page_refuses_what_is_not_a_number(client, cast, tree, cluster, template):
    client.force_login(cast["clerk"])

    data = sheet_data(template, ["năm mươi", "", "", ""], own=["50", "", "", ""])

    response = client.post(sheet_url(cluster, tree["kv1"]), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"agreed_{criteria(template)[0].pk}"]
    assert ScoreSheet.objects.count() == 0


def test_every_member_is_scored_on_the_groups_template(client, cast, tree, cluster, template):
    score(cluster, tree["kv1"], template, [Decimal(50), Decimal(30), None, None])
    ScoreTemplate.objects.create(name="Bảng chấm điểm VKSND khu vực", year=2025, version=2)
    client.force_login(cast["clerk"])

    response = client.get(sheet_url(cluster, tree["kv2"]))

    assert response.context["template"] == template


def test_with_several_templates_the_clerk_chooses_one(client, cast, tree, cluster, template):
    other = ScoreTemplate.objects.create(name="Bảng chấm điểm khác", year=2025)
    client.force_login(cast["clerk"])

    first = client.get(sheet_url(cluster, tree["kv1"]))
    chosen = client.get(sheet_url(cluster, tree["kv1"]), {"template": other.pk})

    assert first.context["template"] is None
    assert list(first.context["chooser"].fields["template"].queryset) == [template, other]
    assert chosen.context["template"] == other


# -- the flag vote ---------------------------------------------------------------------------------------------


@pytest.fixture
def five_members(tree):
    extra = [
        UnitFactory(code=f"VKS-T-KV{n}", name=f"Viện kiểm sát nhân dân khu vực {n}", level=UnitLevel.REGIONAL,
                    parent=tree["province"])
        for n in (3, 4, 5)
    ]  # fmt: skip
    units = [tree["kv1"], tree["kv2"], *extra]
    return make_group(tree, 2025, {unit: MemberRole.HEAD if unit == units[0] else MemberRole.MEMBER for unit in units})


@pytest.mark.parametrize(("agree", "proposed"), [(4, True), (3, False)])
def test_four_of_five_members_is_80_percent_and_proposes_the_flag(tree, five_members, agree, proposed):
    vote = services.flag_vote_record(group=five_members, candidate=tree["kv1"], agree=agree, voted_on=VOTED_ON)

    assert (vote.agree, vote.total, vote.threshold_percent, vote.proposed) == (agree, 5, 80, proposed)
    assert vote.award_type == award_type("CTDN")


def two_flags(percent: int = 80) -> None:
    """The rule sets from 2025 put the sector flag and the provincial committee's flag to the clusters' vote."""
    RuleSet.objects.filter(effective_from__gte=datetime.date(2025, 1, 1)).update(
        flag_vote_codes="CTDN,CTDUBND", flag_vote_percent=percent
    )


def test_the_flag_and_its_threshold_come_from_the_rule_set_of_the_groups_year(tree, five_members):
    two_flags(percent=60)

    vote = services.flag_vote_record(
        group=five_members, candidate=tree["kv1"], award_type=award_type("CTDUBND"), agree=3, voted_on=VOTED_ON
    )

    vote.refresh_from_db()
    assert (vote.award_type.code, vote.threshold_percent, vote.proposed) == ("CTDUBND", 60, True)


def test_a_rule_set_with_two_flags_asks_which_one(tree, five_members):
    two_flags()

    with pytest.raises(ValidationError) as error:
        services.flag_vote_record(group=five_members, candidate=tree["kv1"], agree=4, voted_on=VOTED_ON)

    assert error.value.message_dict == {"award_type": ["Chọn cờ thi đua được đề nghị."]}
    assert FlagVote.objects.count() == 0


def test_a_flag_the_rule_set_does_not_put_to_the_vote_is_refused(tree, five_members):
    with pytest.raises(ValidationError) as error:
        services.flag_vote_record(
            group=five_members, candidate=tree["kv1"], award_type=award_type("CTDCP"), agree=5, voted_on=VOTED_ON
        )

    assert error.value.message_dict == {
        "award_type": ["Cờ thi đua của Chính phủ không được suy tôn trong Cụm, Khối theo bộ quy tắc năm 2025."]
    }
    assert FlagVote.objects.count() == 0


def test_a_rule_set_without_flags_records_no_vote(tree, five_members):
    RuleSet.objects.filter(effective_from__gte=datetime.date(2025, 1, 1)).update(flag_vote_codes="")

    with pytest.raises(ValidationError) as error:
        services.flag_vote_record(group=five_members, candidate=tree["kv1"], agree=5, voted_on=VOTED_ON)

    assert error.value.message_dict == {
        "award_type": ["Bộ quy tắc năm 2025 không có cờ thi đua nào được suy tôn trong Cụm, Khối."]
    }
    assert FlagVote.objects.count() == 0


def test_a_second_vote_for_the_same_candidate_replaces_the_first(tree, five_members):
    services.flag_vote_record(group=five_members, candidate=tree["kv1"], agree=3, voted_on=VOTED_ON)

    services.flag_vote_record(group=five_members, candidate=tree["kv1"], agree=5, voted_on=VOTED_ON)

    assert list(FlagVote.objects.values_list("agree", "total", "proposed")) == [(5, 5, True)]


def test_the_candidate_must_be_a_rated_member(tree, cluster):
    services.membership_mark_not_rated(membership=cluster.memberships.get(unit=tree["kv2"]), reason="Có vi phạm")

    with pytest.raises(ValidationError) as outsider:
        services.flag_vote_record(group=cluster, candidate=tree["other"], agree=3, voted_on=VOTED_ON)
    with pytest.raises(ValidationError) as not_rated:
        services.flag_vote_record(group=cluster, candidate=tree["kv2"], agree=3, voted_on=VOTED_ON)

    assert outsider.value.message_dict == {"candidate": ["Đơn vị được suy tôn phải là thành viên của Cụm, Khối."]}
    assert not_rated.value.message_dict == {
        "candidate": ["VKSND VKS-T-KV2 không được xét thi đua năm 2025 nên không thể được suy tôn."]
    }
    assert FlagVote.objects.count() == 0


def test_the_group_page_shows_a_proposal_as_a_badge(client, cast, tree, five_members):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:flag-vote", args=[five_members.pk]),
        {"candidate": tree["kv1"].pk, "agree": 4, "voted_on": "25/11/2025"},
    )
    page = client.get(response.url).content.decode()

    assert response.status_code == 302
    assert FlagVote.objects.get().proposed is True
    assert "Đề nghị tặng Cờ thi đua ngành Kiểm sát nhân dân" in page
    assert "4/5 đơn vị đồng ý (80%)" in page


def test_the_group_page_offers_no_choice_of_flag_when_the_rule_set_names_one(client, cast, five_members):
    client.force_login(cast["clerk"])

    page = client.get(reverse("emulation:group-detail", args=[five_members.pk]))

    assert "award_type" not in page.context["flag_form"].fields
    assert "được đề nghị tặng Cờ thi đua ngành Kiểm sát nhân dân." in page.content.decode()


def test_the_group_page_offers_the_rule_sets_flags_and_records_the_one_chosen(client, cast, tree, five_members):
    two_flags(percent=60)
    client.force_login(cast["clerk"])

    page = client.get(reverse("emulation:group-detail", args=[five_members.pk]))
    response = client.post(
        reverse("emulation:flag-vote", args=[five_members.pk]),
        {"candidate": tree["kv1"].pk, "award_type": award_type("CTDUBND").pk, "agree": 3, "voted_on": "25/11/2025"},
    )

    offered = list(page.context["flag_form"].fields["award_type"].queryset.values_list("code", flat=True))
    assert offered == ["CTDN", "CTDUBND"]
    assert "Đơn vị được từ 60% số đơn vị thành viên" in page.content.decode()
    assert response.status_code == 302
    assert list(FlagVote.objects.values_list("award_type__code", "proposed")) == [("CTDUBND", True)]


def test_the_group_page_shows_a_vote_below_the_threshold(client, cast, tree, five_members):
    client.force_login(cast["clerk"])

    client.post(
        reverse("emulation:flag-vote", args=[five_members.pk]),
        {"candidate": tree["kv2"].pk, "agree": 3, "voted_on": "25/11/2025"},
    )
    page = client.get(reverse("emulation:group-detail", args=[five_members.pk])).content.decode()

    assert FlagVote.objects.get().proposed is False
    assert "3/5 đơn vị đồng ý (60%)" in page
    assert "Chưa đạt 80%" in page


def test_more_agreeing_units_than_members_is_refused(client, cast, tree, cluster):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:flag-vote", args=[cluster.pk]),
        {"candidate": tree["kv1"].pk, "agree": 4, "voted_on": "25/11/2025"},
    )

    assert response.status_code == 400
    assert response.context["flag_form"].errors == {"agree": ["Số đơn vị đồng ý phải từ 0 đến 3."]}
    assert FlagVote.objects.count() == 0


def test_only_rated_members_are_offered_as_candidates(client, cast, tree, cluster):
    GroupMembership.objects.filter(unit=tree["kv2"]).update(is_rated=False, not_rated_reason="Có vi phạm")
    client.force_login(cast["clerk"])

    form = client.get(reverse("emulation:group-detail", args=[cluster.pk])).context["flag_form"]

    assert [unit.code for unit in form.fields["candidate"].queryset] == ["VKS-T-KV1", "VKS-T-VP"]


# -- score tables in the administration ------------------------------------------------------------------


def test_a_score_table_in_use_is_copied_to_a_new_version_not_edited(tree, cluster):
    table = ScoreTemplate.objects.create(name="Bảng điểm Cụm", year=2025)
    ScoreCriterion.objects.create(template=table, section="I", order=1, text="Công tố", max_points=60)
    ScoreCriterion.objects.create(template=table, section="I", order=2, text="Kiểm sát", max_points=40)
    ScoreSheet.objects.create(group=cluster, unit=tree["kv1"], template=table)

    table.basis = "QĐ mới"
    with pytest.raises(ValidationError, match="tạo phiên bản mới"):
        services.score_template_save(template=table)
    copy = services.score_template_copy(template=table, year=2025)
    next_year = services.score_template_copy(template=table, year=2026)

    assert (copy.year, copy.version) == (2025, 2)
    assert (next_year.year, next_year.version) == (2026, 1)
    assert list(copy.criteria.values_list("text", "max_points")) == [("Công tố", 60), ("Kiểm sát", 40)]
    assert table.criteria.count() == 2
    copy.basis = "QĐ mới"
    services.score_template_save(template=copy)  # unused: editable, and its version number stays
    copy.refresh_from_db()
    assert (copy.basis, copy.version) == ("QĐ mới", 2)


def test_the_admin_shows_a_used_table_read_only(admin_client, tree, cluster):
    used = ScoreTemplate.objects.create(name="Bảng điểm Cụm", year=2025)
    ScoreCriterion.objects.create(template=used, order=1, text="Công tố", max_points=60)
    ScoreSheet.objects.create(group=cluster, unit=tree["kv1"], template=used)
    free = ScoreTemplate.objects.create(name="Bảng điểm Khối", year=2025)

    used_page = admin_client.get(reverse("admin:emulation_scoretemplate_change", args=[used.pk])).content.decode()
    free_page = admin_client.get(reverse("admin:emulation_scoretemplate_change", args=[free.pk])).content.decode()

    assert 'name="name"' not in used_page and 'name="criteria-0-text"' not in used_page
    assert 'name="name"' in free_page
    response = admin_client.post(
        reverse("admin:emulation_scoretemplate_changelist"),
        {"action": "copy_next_year", "_selected_action": [used.pk]},
        follow=True,
    )
    assert "Đã tạo Bảng điểm Cụm 2026 (v1)" in response.content.decode()
