"""The register of the certificates printed (sổ theo dõi cấp phát, issue 18).

The story: the TĐKT office of province T prints the Giấy khen of its decisions. Each certificate printed for real
gets the next number of the province's register of the year, from 1 without gaps, whoever prints; KV1's office keeps
its own register, and a new year starts again at 1. Printing a certificate a second time is refused: a lost or
damaged one is reprinted (cấp lại) with a reason, as a new entry naming the one it replaces. The register exports
to Excel with Vietnamese headers.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from awards.certificates import services
from awards.certificates.models import Certificate
from awards.register import services as register_services
from tests.factories.awards import AwardFactory, DecisionFactory, issuing_body
from tests.factories.certificates import make_layout
from tests.factories.units import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

D = datetime.date
DAY = D(2026, 3, 2)


@pytest.fixture
def decision(tree):
    return DecisionFactory(number="12/QĐ-VKS", date=D(2026, 2, 20), issuing_unit=tree["province"])


@pytest.fixture
def awards(tree, decision):
    names = ["Trần Văn Dũng", "Nguyễn Thị Thanh Hằng", "Lê Văn Đức", "Phạm Thị Lan"]
    return [
        AwardFactory(
            code="GK", person=PersonFactory(code=f"CB-{n}", full_name=name, unit=tree["office"]), year=2025,
            decision=decision,
        )
        for n, name in enumerate(names)
    ]  # fmt: skip


@pytest.fixture
def layout(tree, cast):
    return make_layout(unit=tree["province"], by=cast["clerk"])


def register(unit) -> list[tuple[int, int, str]]:
    return list(
        Certificate.objects.filter(register_unit=unit)
        .order_by("year", "number")
        .values_list("year", "number", "award__person__full_name")
    )


def test_prints_in_sequence_take_the_next_numbers_of_the_year_without_gaps(tree, cast, awards, layout):
    first = services.certificates_issue(awards=awards[:2], layout=layout, by=cast["clerk"], on=DAY)
    second = services.certificates_issue(awards=awards[2:3], layout=layout, by=cast["clerk"], on=DAY)

    assert [certificate.number for certificate in first + second] == [1, 2, 3]
    assert register(tree["province"]) == [
        (2026, 1, "Trần Văn Dũng"),
        (2026, 2, "Nguyễn Thị Thanh Hằng"),
        (2026, 3, "Lê Văn Đức"),
    ]
    assert {certificate.created_by for certificate in first + second} == {cast["clerk"]}


def test_each_register_unit_and_year_numbers_from_one(tree, awards, layout):
    other_decision = DecisionFactory(number="3/QĐ-VKSX", date=D(2026, 2, 1), issuing_unit=tree["other"])
    other_award = AwardFactory(code="GK", person=PersonFactory(code="CB-X", unit=tree["other"]), year=2025,
                               decision=other_decision)  # fmt: skip
    shared = make_layout(name="Giấy khen dùng chung")
    services.certificates_issue(awards=awards[:2], layout=layout, on=D(2025, 12, 30))

    other = services.certificates_issue(awards=[other_award], layout=shared, on=DAY)
    new_year = services.certificates_issue(awards=awards[2:], layout=layout, on=D(2026, 1, 2))

    assert [(certificate.register_unit, certificate.year, certificate.number) for certificate in other] == [
        (tree["other"], 2026, 1)
    ]
    assert [(certificate.year, certificate.number) for certificate in new_year] == [(2026, 1), (2026, 2)]
    assert [(year, number) for year, number, _name in register(tree["province"])] == [
        (2025, 1), (2025, 2), (2026, 1), (2026, 2),
    ]  # fmt: skip


def test_printing_an_award_a_second_time_is_refused_and_records_nothing(tree, awards, layout):
    services.certificates_issue(awards=[awards[0]], layout=layout, on=DAY)

    with pytest.raises(ValidationError) as refused:
        services.certificates_issue(awards=[awards[1], awards[0]], layout=layout, on=DAY)

    assert refused.value.messages == ["Trần Văn Dũng đã được in (số 1/2026); in lại là cấp lại, cần ghi lý do."]
    assert register(tree["province"]) == [(2026, 1, "Trần Văn Dũng")]


def test_a_reprint_takes_the_next_number_and_names_the_certificate_it_replaces(tree, cast, awards, layout):
    first, _second = services.certificates_issue(awards=awards[:2], layout=layout, on=DAY)

    reprint = services.certificate_reissue(
        certificate=first, reason="  Giấy khen bị mất  ", by=cast["clerk"], on=D(2026, 4, 1)
    )
    again = services.certificate_reissue(certificate=reprint, reason="Phôi bị kẹt giấy khi in", on=D(2026, 4, 1))

    assert (reprint.number, reprint.replaces, reprint.reason, reprint.created_by) == (
        3, first, "Giấy khen bị mất", cast["clerk"]
    )  # fmt: skip
    assert (again.number, again.replaces) == (4, reprint)
    assert [number for _year, number, _name in register(tree["province"])] == [1, 2, 3, 4]
    # The award's certificate in force is the last reprint: printing it anew is still refused.
    with pytest.raises(ValidationError):
        services.certificates_issue(awards=[awards[0]], layout=layout, on=DAY)


def test_a_certificate_already_replaced_is_not_reprinted_again(tree, awards, layout):
    (first,) = services.certificates_issue(awards=awards[:1], layout=layout, on=DAY)
    services.certificate_reissue(certificate=first, reason="Giấy khen bị mất", on=DAY)

    with pytest.raises(ValidationError) as refused:
        services.certificate_reissue(certificate=first, reason="Bị mất lần nữa", on=DAY)

    assert refused.value.messages == ["Giấy số 1/2026 đã được cấp lại bằng số 2/2026; hãy cấp lại từ giấy mới nhất."]
    assert len(register(tree["province"])) == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reprint_without_a_reason_is_refused(tree, awards, layout, reason):
    (first,) = services.certificates_issue(awards=awards[:1], layout=layout, on=DAY)

    with pytest.raises(ValidationError) as refused:
        services.certificate_reissue(certificate=first, reason=reason, on=DAY)

    assert refused.value.message_dict == {"reason": ["Hãy ghi lý do cấp lại (mất, hư hỏng, in sai…)."]}
    assert len(register(tree["province"])) == 1


def test_the_database_refuses_a_reprint_without_reason_and_a_number_taken_twice(tree, awards, layout):
    (first,) = services.certificates_issue(awards=awards[:1], layout=layout, on=DAY)
    row = {"award": awards[1], "layout": layout, "register_unit": tree["province"], "year": 2026}

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**row, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**row, number=2, replaces=first, reason="")


def test_a_layout_prints_only_its_own_award_type_of_its_unit_s_decisions(tree, awards, decision):
    other_unit = make_layout(name="Giấy khen KV2", unit=tree["kv2"])
    other_type = make_layout(name="Bằng khen VKSTC", code="BKVKSTC", size=(420, 297))
    stopped = make_layout(name="Giấy khen cũ", unit=tree["province"], active=False)
    register_services.award_revoke(award=awards[3], on=D(2026, 3, 1), revoking_decision="20/QĐ-VKS", reason="Sai")
    outside = AwardFactory(
        code="GK", person=PersonFactory(code="CB-BODY", unit=tree["office"]), year=2025,
        decision=DecisionFactory(number="7/QĐ-X", date=D(2026, 2, 2), issuing_body=issuing_body()),
    )  # fmt: skip
    province = make_layout(name="Giấy khen tỉnh T", unit=tree["province"])

    refusals = {}
    for name, layout, award in [
        ("other unit", other_unit, awards[0]),
        ("other type", other_type, awards[0]),
        ("stopped", stopped, awards[0]),
        ("revoked", province, awards[3]),
        ("outside body", province, outside),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.certificates_issue(awards=[award], layout=layout, on=DAY)
        refusals[name] = refused.value.messages

    assert refusals == {
        "other unit": ["Mẫu “Giấy khen KV2” là phôi của VKSND VKS-T-KV2, không dùng cho quyết định của VKSND tỉnh T."],
        "other type": [
            "Mẫu “Bằng khen VKSTC” dùng cho Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao, không in "
            "được Giấy khen của Trần Văn Dũng."
        ],
        "stopped": ["Mẫu “Giấy khen cũ” đã ngừng dùng."],
        "revoked": ["Khen thưởng của Phạm Thị Lan đã bị hủy: không in."],
        "outside body": [
            "Quyết định 7/QĐ-X do cơ quan ngoài cây đơn vị ban hành: đơn vị không giữ sổ cấp phát của nó."
        ],
    }
    assert Certificate.objects.count() == 0


def test_a_province_layout_does_not_print_another_province_s_decisions(tree, layout):
    decision = DecisionFactory(number="3/QĐ-VKSX", date=D(2026, 2, 1), issuing_unit=tree["other"])
    award = AwardFactory(code="GK", person=PersonFactory(code="CB-X", unit=tree["other"]), year=2025, decision=decision)

    with pytest.raises(ValidationError):
        services.certificates_issue(awards=[award], layout=layout, on=DAY)

    assert Certificate.objects.count() == 0


def test_an_award_revoked_since_the_page_was_opened_is_not_printed(tree, awards, layout):
    opened = list(awards)  # the rows the print page read
    register_services.award_revoke(award=awards[1], on=D(2026, 3, 1), revoking_decision="20/QĐ-VKS", reason="Sai")

    with pytest.raises(ValidationError) as refused:
        services.certificates_issue(awards=opened[:2], layout=layout, on=DAY)

    assert refused.value.messages == ["Khen thưởng của Nguyễn Thị Thanh Hằng đã bị hủy: không in."]
    assert Certificate.objects.count() == 0


def test_the_register_exports_to_excel_with_vietnamese_headers(client, tree, cast, awards, layout):
    first, _second = services.certificates_issue(awards=awards[:2], layout=layout, by=cast["clerk"], on=DAY)
    services.certificate_reissue(certificate=first, reason="Giấy khen bị mất", by=cast["clerk"], on=DAY)
    client.force_login(cast["leader"])

    response = client.get(reverse("awards:certificate-register-export"), {"year": 2026})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[3]
    records = [dict(zip(header, row, strict=True)) for row in rows[4:]]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sheet.title == "Sổ cấp phát"
    assert rows[0][0] == "SỔ THEO DÕI CẤP PHÁT GIẤY KHEN, BẰNG KHEN"
    assert rows[1][0] == "Các đơn vị trong phạm vi — Năm 2026"
    assert header == [
        "TT", "Số vào sổ", "Năm", "Ngày in", "Họ và tên cá nhân, tên tập thể", "Chức vụ", "Đơn vị",
        "Danh hiệu, hình thức", "Số quyết định", "Ngày quyết định", "Mẫu phôi", "Cấp lại thay cho số",
        "Lý do cấp lại", "Người in", "Đơn vị giữ sổ",
    ]  # fmt: skip
    assert [(r["Số vào sổ"], r["Họ và tên cá nhân, tên tập thể"], r["Cấp lại thay cho số"]) for r in records] == [
        (1, "Trần Văn Dũng", None),
        (2, "Nguyễn Thị Thanh Hằng", None),
        (3, "Trần Văn Dũng", "1/2026"),
    ]
    assert (records[2]["Lý do cấp lại"], records[2]["Ngày quyết định"], records[2]["Đơn vị"]) == (
        "Giấy khen bị mất",
        "20/02/2026",
        "Văn phòng, Viện kiểm sát nhân dân tỉnh T",
    )
