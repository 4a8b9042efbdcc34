"""Pledges (giao ước thi đua): entering one with its targets and signing units, the signed scan checked by its
content, last year's targets offered again, and the printed PDF in the administrative format."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.enums import MemberRole
from emulation.models import Pledge
from tests.factories.emulation import PledgeFactory, make_group
from tests.factories.units import PersonFactory
from tests.files import image_bytes
from tests.pdf import pdf_text

pytestmark = pytest.mark.integration

TARGETS = [
    ("Tỷ lệ giải quyết tin báo, tố giác về tội phạm và kiến nghị khởi tố", "Trên 90%"),
    ("Không có án trả hồ sơ điều tra bổ sung do lỗi của Viện kiểm sát", "100% số vụ án"),
]


def pledge_data(tree, targets=TARGETS, signing=("kv1", "kv2"), **extra):
    data = {
        "signed_on": "09/02/2025",
        "place": "Huế",
        "theme": "Đoàn kết, đổi mới – Trách nhiệm, kỷ cương – Thực chất, hiệu quả",
        "signing_units": [tree[key].pk for key in signing],
        "version": "",
        "targets-TOTAL_FORMS": len(targets) + 1,
        "targets-INITIAL_FORMS": 0,
    }
    for index, (indicator, value, *result) in enumerate(targets):
        data[f"targets-{index}-indicator"] = indicator
        data[f"targets-{index}-target_value"] = value
        data[f"targets-{index}-result"] = result[0] if result else ""
    return data | extra


def test_a_clerk_enters_a_pledge_with_its_targets_in_order(client, cast, tree, cluster):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), pledge_data(tree))

    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("emulation:pledge-detail", args=[pledge.pk])
    assert list(pledge.targets.values_list("order", "indicator", "target_value")) == [
        (1, *TARGETS[0]),
        (2, *TARGETS[1]),
    ]
    assert sorted(pledge.signing_units.values_list("code", flat=True)) == ["VKS-T-KV1", "VKS-T-KV2"]
    assert (pledge.signed_on, pledge.created_by) == (datetime.date(2025, 2, 9), cast["clerk"])


def test_a_pledge_needs_a_target(client, cast, tree, cluster):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), pledge_data(tree, targets=[]))

    assert response.status_code == 200
    assert response.context["target_errors"] == ["Giao ước cần ít nhất một chỉ tiêu."]
    assert Pledge.objects.count() == 0


def test_a_target_needs_its_value(client, cast, tree, cluster):
    client.force_login(cast["clerk"])
    data = pledge_data(tree, targets=[("Tỷ lệ truy tố đúng thời hạn", "")])

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), data)

    assert response.context["formset"].errors[0] == {"target_value": ["Hãy ghi mức phấn đấu."]}
    assert Pledge.objects.count() == 0


def test_a_pledge_needs_signing_units(client, cast, tree, cluster):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), pledge_data(tree, signing=()))

    assert response.context["form"].errors == {"signing_units": ["Hãy chọn các đơn vị ký kết."]}


def test_only_members_can_sign(client, cast, tree, cluster):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), pledge_data(tree, signing=("other",)))

    assert list(response.context["form"].errors) == ["signing_units"]
    assert Pledge.objects.count() == 0


def test_a_pledge_is_signed_in_its_year(client, cast, tree, cluster):
    client.force_login(cast["clerk"])
    data = pledge_data(tree, signed_on="20/12/2024")

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), data)

    assert response.context["form"].errors == {"signed_on": ["Giao ước của năm 2025 phải ký trong năm đó."]}


def test_the_signed_file_must_be_a_scan_whatever_its_name(client, cast, tree, cluster):
    client.force_login(cast["clerk"])
    fake = SimpleUploadedFile("giao-uoc.pdf", b"<html>not a pdf</html>", content_type="application/pdf")

    response = client.post(reverse("emulation:pledge-create", args=[cluster.pk]), pledge_data(tree, document=fake))

    assert response.context["form"].errors == {
        "document": ["Chỉ nhận bản chụp dạng PDF, JPEG hoặc PNG (nội dung tệp phải đúng định dạng)."]
    }
    assert Pledge.objects.count() == 0


def test_a_signed_scan_is_stored_and_served_to_readers(client, cast, tree, cluster):
    client.force_login(cast["clerk"])
    scan = SimpleUploadedFile("giao-uoc.png", image_bytes("PNG"), content_type="image/png")
    client.post(reverse("emulation:pledge-create", args=[cluster.pk]), pledge_data(tree, document=scan))
    pledge = Pledge.objects.get()
    client.force_login(cast["leader"])

    response = client.get(reverse("emulation:pledge-document", args=[pledge.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_an_edit_replaces_the_targets(client, cast, tree, cluster):
    pledge = PledgeFactory(group=cluster, signing_units=[tree["kv1"]], targets=TARGETS)
    client.force_login(cast["regional_clerk"])
    data = pledge_data(tree, targets=[("Tỷ lệ truy tố đúng thời hạn luật định", "100%")], version=pledge.version)

    response = client.post(reverse("emulation:pledge-update", args=[pledge.pk]), data)

    assert response.status_code == 302
    assert list(pledge.targets.values_list("indicator", "target_value")) == [
        ("Tỷ lệ truy tố đúng thời hạn luật định", "100%")
    ]


def test_at_the_review_the_clerk_writes_each_targets_result_and_the_page_shows_it(client, cast, tree, cluster):
    pledge = PledgeFactory(group=cluster, signing_units=[tree["kv1"]], targets=TARGETS)
    client.force_login(cast["regional_clerk"])
    edit = client.get(reverse("emulation:pledge-update", args=[pledge.pk]))
    rows = [(form.initial["indicator"], form.initial["target_value"]) for form in edit.context["formset"].initial_forms]
    results = [(*row, f"Đạt {90 + index}%") for index, row in enumerate(rows)]

    client.post(
        reverse("emulation:pledge-update", args=[pledge.pk]),
        pledge_data(tree, targets=results, signing=("kv1",), version=pledge.version),
    )

    assert list(pledge.targets.values_list("indicator", "target_value", "result")) == results
    page = client.get(reverse("emulation:pledge-detail", args=[pledge.pk])).content.decode()
    assert "Đạt 90%" in page and "Kết quả thực hiện" in page
    again = client.get(reverse("emulation:pledge-update", args=[pledge.pk]))
    assert [form.initial["result"] for form in again.context["formset"].initial_forms] == [r[2] for r in results]


def test_a_new_pledge_starts_from_last_years_targets(client, cast, tree):
    last_year = make_group(tree, 2024, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    PledgeFactory(group=last_year, signing_units=[tree["kv1"]], targets=TARGETS, signed_on=datetime.date(2024, 2, 27))
    group = make_group(tree, 2025, {tree["kv1"]: MemberRole.MEMBER, tree["kv2"]: MemberRole.HEAD})
    client.force_login(cast["clerk"])

    response = client.get(reverse("emulation:pledge-create", args=[group.pk]))

    assert [form.initial for form in response.context["formset"].initial_forms] == [
        {"indicator": indicator, "target_value": value} for indicator, value in TARGETS
    ]


def test_the_pledge_prints_as_an_administrative_document(client, cast, tree, cluster, tmp_path):
    PersonFactory(code="VT-KV1", full_name="Trần Văn Hùng", position="Viện trưởng", unit=tree["kv1"])
    pledge = PledgeFactory(group=cluster, signing_units=[tree["kv1"], tree["kv2"], tree["office"]], targets=TARGETS)
    client.force_login(cast["leader"])

    response = client.get(reverse("emulation:pledge-pdf", args=[pledge.pk]))

    text = pdf_text(response.content, tmp_path)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="giao-uoc-thi-dua-2025-cum-thi-dua-so-1.pdf"'
    assert response.content.startswith(b"%PDF-")
    for expected in (
        "VIỆN KSND TỈNH T",
        "CỤM THI ĐUA SỐ 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Huế, ngày 09 tháng 02 năm 2025",
        "GIAO ƯỚC THI ĐUA NĂM 2025",
        "Chủ đề: “Đoàn kết, đổi mới”",
        "1 Tỷ lệ giải quyết tin báo, tố giác về tội phạm và kiến nghị khởi tố Trên 90%",
        "2 Không có án trả hồ sơ điều tra bổ sung do lỗi của Viện kiểm sát 100% số vụ án",
        "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT",
        "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1",
        "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 2",
        "CHÁNH VĂN PHÒNG",
        "Trần Văn Hùng",
        "Nơi nhận:",
    ):
        assert expected in text, expected
