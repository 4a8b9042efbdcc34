"""The administrator keeps the rule sets in the app: he lists them by date with their legal bases and periods, reads
every value and the authority matrix of one, changes them, starts a new version from one, and reads who changed
what. Nobody else opens these pages."""

import datetime

import pytest
from django.urls import reverse

from awards.catalogue import selectors, services
from awards.catalogue.forms import RULESET_FIELDS, AuthorityForm, RuleSetForm
from awards.catalogue.models import AuthorityRule, RuleSet
from tests.factories.awards import award_type
from tests.factories.units import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

D = datetime.date


def version(day: datetime.date) -> RuleSet:
    return RuleSet.objects.get(effective_from=day)


def form_data(ruleset: RuleSet, **changes) -> dict:
    """What the edit form posts when the administrator changes `changes` and leaves the rest as shown."""
    form = RuleSetForm(instance=ruleset)
    data = {}
    for name in RULESET_FIELDS:
        value = form[name].value()
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        if value is False:
            continue  # an unticked box posts nothing
        data[name] = "on" if value is True else value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def matrix_data(ruleset: RuleSet, changes: dict[tuple[str, str], str]) -> dict:
    """What the authority form posts: every cell as shown, `changes` {(award type code, level): recipients}."""
    levels, rows = selectors.authority_matrix(ruleset)
    form = AuthorityForm(
        award_types=[row.award_type for row in rows], levels=levels, cells=selectors.authority_cells(ruleset)
    )
    data = {name: form[name].initial or "" for name in form.fields}
    for (code, level), recipients in changes.items():
        data[AuthorityForm.field_name(award_type(code).pk, level)] = recipients
    return data


def page_urls(ruleset: RuleSet) -> list[str]:
    names = ("detail", "update", "authority", "copy", "history")
    return [reverse("awards:ruleset-list"), *(reverse(f"awards:ruleset-{name}", args=[ruleset.pk]) for name in names)]


# -- who may -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["clerk", "regional_clerk", "leader", "council_secretary", "council_member"])
def test_only_the_administrator_opens_the_rule_set_pages(client, cast, who):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast[who])

    answers = [client.get(url).status_code for url in page_urls(ruleset)]

    assert answers == [403] * 6


def test_the_administrator_opens_every_page(client, cast):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast["admin"])

    answers = [client.get(url) for url in page_urls(ruleset)]

    assert [answer.status_code for answer in answers] == [200] * 6
    copy_form = answers[4].context["form"]
    assert (copy_form["name"].value(), copy_form["legal_basis"].value()) == (ruleset.name, ruleset.legal_basis)


def test_a_user_without_role_gets_403_and_a_visitor_the_login_page(client, db):
    ruleset = version(D(2025, 7, 1))
    client.force_login(UserFactory(username="no_role"))

    assert [client.get(url).status_code for url in page_urls(ruleset)] == [403] * 6
    client.logout()
    assert client.get(reverse("awards:ruleset-list")).url.startswith(reverse("login"))


def test_a_clerk_posting_the_forms_changes_nothing(client, cast):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast["clerk"])

    posts = {
        "update": form_data(ruleset, ldtt_min_service_months=1),
        "copy": {"effective_from": "01/01/2027", "name": "X"},
        "authority": matrix_data(ruleset, {("GK", "regional"): "both"}),
    }

    answers = [client.post(reverse(f"awards:ruleset-{name}", args=[ruleset.pk]), data) for name, data in posts.items()]

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    ruleset.refresh_from_db()
    assert (ruleset.ldtt_min_service_months, RuleSet.objects.count(), AuthorityRule.objects.count()) == (6, 5, 85)


def test_the_administrators_menu_leads_to_the_rule_sets(client, cast):
    link = f'href="{reverse("awards:ruleset-list")}"'

    client.force_login(cast["admin"])
    admin_home = client.get(reverse("home")).content.decode()
    client.force_login(cast["clerk"])
    clerk_home = client.get(reverse("home")).content.decode()

    assert (link in admin_home, link in clerk_home) == (True, False)


# -- reading -------------------------------------------------------------------------------------------------------


def test_the_list_shows_each_set_with_its_period_and_legal_basis(client, cast):
    client.force_login(cast["admin"])

    response = client.get(reverse("awards:ruleset-list"))

    rulesets = response.context["rulesets"]
    assert [(r.effective_from, r.effective_to, r.in_force) for r in rulesets] == [
        (D(2026, 10, 1), None, True),
        (D(2025, 7, 1), D(2026, 9, 30), False),
        (D(2024, 10, 1), D(2025, 6, 30), False),
        (D(2024, 1, 1), D(2024, 9, 30), False),
        (D(2000, 1, 1), D(2023, 12, 31), False),
    ]
    text = response.content.decode()
    assert "từ 01/07/2025<br>đến 30/09/2026" in text
    assert "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025" in text
    assert "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017" in text


@pytest.mark.parametrize("extra", [0, 2])
def test_the_list_costs_the_same_queries_for_five_or_seven_sets(client, cast, django_assert_num_queries, extra):
    for year in range(2027, 2027 + extra):
        RuleSet.objects.create(name=f"Bộ {year}", effective_from=D(year, 1, 1))
    client.force_login(cast["admin"])

    # 1 the session, 2 the user, 3 the user's roles (permission), 4 the rule sets with their count of authority rows.
    with django_assert_num_queries(4):
        response = client.get(reverse("awards:ruleset-list"))

    assert len(response.context["rulesets"]) == 5 + extra


def test_the_detail_shows_every_value_and_the_authority_matrix(client, cast):
    ruleset = version(D(2024, 1, 1))
    client.force_login(cast["admin"])

    response = client.get(reverse("awards:ruleset-detail", args=[ruleset.pk]))

    text = response.content.decode()
    shown = {str(label) for _title, rows in response.context["groups"] for label, _value, _help in rows}
    assert shown == {str(RuleSet._meta.get_field(name).verbose_name) for name in RULESET_FIELDS[3:]}
    assert "Căn cứ Thông tư số 01/2019/TT-VKSTC" in text
    assert "Áp dụng từ ngày 01/01/2024 đến ngày 30/09/2024" in text
    cells = {row.award_type.code: dict(row.cells) for row in response.context["matrix"]}
    assert (cells["LDTT"]["high"], cells["LDTT"]["regional"], cells["BKVKSTC"]["provincial"]) == ("both", "", "")
    assert cells["BKTTG"] == dict.fromkeys(cells["BKTTG"], "")


def test_every_field_of_a_rule_set_is_in_the_form_and_on_the_page():
    editable = {field.name for field in RuleSet._meta.concrete_fields if field.editable and not field.primary_key}

    assert sorted(RULESET_FIELDS) == sorted(editable)
    assert len(RULESET_FIELDS) == len(set(RULESET_FIELDS))


# -- changing ------------------------------------------------------------------------------------------------------


def test_the_administrator_changes_a_value_and_the_history_names_him(client, cast):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-update", args=[ruleset.pk]), form_data(ruleset, ldtt_min_service_months=8)
    )

    assert response.status_code == 302
    assert response.url == reverse("awards:ruleset-detail", args=[ruleset.pk])
    ruleset.refresh_from_db()
    assert ruleset.ldtt_min_service_months == 8
    assert services.ruleset_for_year(2025).ldtt_min_service_months == 8
    history = client.get(reverse("awards:ruleset-history", args=[ruleset.pk]))
    changes = [(entry.who, entry.changes) for entry in history.context["entries"] if entry.action == "Sửa giá trị"]
    assert changes == [(cast["admin"], [{"field": "LĐTT: số tháng công tác tối thiểu", "old": 6, "new": 8}])]
    assert "LĐTT: số tháng công tác tối thiểu</span>: 6 → 8" in history.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "Trường này là bắt buộc."),
        ({"effective_from": "01/10/2026"}, "effective_from", "Đã có bộ quy tắc áp dụng từ ngày này."),
        ({"effective_from": "31/02/2026"}, "effective_from", "Nhập một ngày hợp lệ."),
        (
            {"quorum_numerator": 3, "quorum_denominator": 2},
            "quorum_numerator",
            "Túc số không được lớn hơn 1: tử số phải nhỏ hơn hoặc bằng mẫu số.",
        ),
        ({"quorum_denominator": 0}, "quorum_denominator", "Mẫu số của túc số phải lớn hơn 0."),
        ({"high_vote_codes": "CSTDN, CSTDX"}, "high_vote_codes", "Không có mã danh hiệu, hình thức: CSTDX."),
        ({"head_caps": "CSTDCS-TTLDXS"}, "head_caps", "Mỗi cặp ghi dạng danh hiệu cá nhân:danh hiệu tập thể"),
        ({"review_levels": "supreme,cap_cao"}, "review_levels", "Cấp đơn vị không có: cap_cao."),
        ({"high_vote_denominator": "group_units"}, "high_vote_denominator", "Hội đồng biểu quyết tính trên"),
        ({"flag_vote_percent": 120}, "flag_vote_percent", "nhỏ hơn hoặc bằng với 100"),
        ({"consultation_days": -1}, "consultation_days", "Đảm bảo giá trị này lớn hơn hoặc bằng"),
    ],
)
def test_a_wrong_value_is_refused_with_a_reason_in_vietnamese(client, cast, changes, field, error):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast["admin"])

    response = client.post(reverse("awards:ruleset-update", args=[ruleset.pk]), form_data(ruleset, **changes))

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    ruleset.refresh_from_db()
    assert (ruleset.name, ruleset.effective_from) == (version(D(2025, 7, 1)).name, D(2025, 7, 1))


def test_the_first_set_may_not_start_later(client, cast):
    first = version(D(2000, 1, 1))
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-update", args=[first.pk]), form_data(first, effective_from="01/01/2010")
    )

    assert response.context["form"].errors["effective_from"] == [
        "Đây là bộ quy tắc đầu tiên: không được lùi ngày áp dụng về sau ngày 01/01/2000."
    ]
    first.refresh_from_db()
    assert first.effective_from == D(2000, 1, 1)


def test_a_new_version_copies_the_values_and_the_matrix_from_its_date_on(client, cast):
    source = version(D(2026, 10, 1))
    RuleSet.objects.filter(pk=source.pk).update(cstdcs_quota_percent=20)
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-copy", args=[source.pk]),
        {"effective_from": "01/01/2027", "name": "Nghị định mới 2027", "legal_basis": "Nghị định số 1/2027/NĐ-CP"},
    )

    new = RuleSet.objects.get(effective_from=D(2027, 1, 1))
    assert response.url == reverse("awards:ruleset-detail", args=[new.pk])
    assert (new.name, new.legal_basis_lines, new.cstdcs_quota_percent) == (
        "Nghị định mới 2027",
        ["Nghị định số 1/2027/NĐ-CP"],
        20,
    )
    assert selectors.authority_cells(new) == selectors.authority_cells(source)
    assert services.ruleset_in_force(D(2026, 12, 31)) == source
    assert services.ruleset_in_force(D(2027, 1, 1)) == new
    created = client.get(reverse("awards:ruleset-history", args=[new.pk])).context["entries"]
    assert [(entry.who, entry.action, entry.note) for entry in created if entry.action == "Tạo bộ quy tắc"] == [
        (cast["admin"], "Tạo bộ quy tắc", "Sao chép từ bộ quy tắc áp dụng từ ngày 01/10/2026")
    ]


def test_a_new_version_on_a_date_already_taken_is_refused(client, cast):
    source = version(D(2025, 7, 1))
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-copy", args=[source.pk]), {"effective_from": "01/10/2026", "name": "Trùng ngày"}
    )

    assert response.context["form"].errors["effective_from"] == ["Đã có bộ quy tắc áp dụng từ ngày này."]
    assert RuleSet.objects.count() == 5


def test_the_administrator_changes_the_matrix_and_the_history_names_the_cells(client, cast):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-authority", args=[ruleset.pk]),
        matrix_data(ruleset, {("GK", "regional"): "individual", ("KNCVSNKS", "supreme"): ""}),
    )

    assert response.status_code == 302
    cells = selectors.authority_cells(ruleset)
    gk, knc = award_type("GK").pk, award_type("KNCVSNKS").pk
    assert (cells[gk, "regional"], cells[gk, "provincial"], (knc, "supreme") in cells) == ("individual", "both", False)
    assert AuthorityRule.objects.filter(rule_set__effective_from=D(2026, 10, 1), award_type=gk).count() == 2
    entries = client.get(reverse("awards:ruleset-history", args=[ruleset.pk])).context["entries"]
    assert sorted((entry.action, entry.note) for entry in entries if entry.who == cast["admin"]) == [
        ("Bỏ thẩm quyền", "KNC Vì sự nghiệp Kiểm sát — VKSND tối cao (cá nhân và tập thể)"),
        ("Thêm thẩm quyền", "Giấy khen — VKSND khu vực (cá nhân)"),
    ]


def test_a_cell_the_type_cannot_have_is_refused(client, cast):
    ruleset = version(D(2025, 7, 1))
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-authority", args=[ruleset.pk]),
        matrix_data(ruleset, {("LDTT", "regional"): "collective"}),
    )

    field = AuthorityForm.field_name(award_type("LDTT").pk, "regional")
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith("Hãy chọn một lựa chọn hợp lệ")
    assert (award_type("LDTT").pk, "regional") not in selectors.authority_cells(ruleset)
