"""The printed documents of nominations: the báo cáo thành tích of a nominee and the tờ trình of a batch with
its DANH SÁCH, rendered by WeasyPrint and read back with pdftotext."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.nominations import documents
from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch
from awards.register.models import Award
from emulation.enums import InitiativeLevel, InitiativeStatus
from emulation.models import Initiative, InitiativeAuthor
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.nominations import nomination_row as nominate
from tests.factories.units import PersonFactory, user_with_role
from tests.pdf import pdf_text
from units.enums import Role

pytestmark = pytest.mark.integration

SUMMARY = (
    "Năm 2025, đồng chí luôn hoàn thành xuất sắc nhiệm vụ được giao, chủ động nghiên cứu, tham mưu cho Lãnh đạo "
    "đơn vị trong công tác thực hành quyền công tố, kiểm sát điều tra các vụ án hình sự."
)
FIGURES = (
    "Số vụ án kiểm sát điều tra: 125 vụ\nTỷ lệ truy tố đúng thời hạn: 100%\nKháng nghị phúc thẩm được chấp nhận: 3/3"
)


@pytest.fixture
def report(history, tree):
    """Hằng's CSTĐCS 2025 nomination, with a recognised initiative and a revoked Giấy khen in the register."""
    hang = history["person"]
    hang.birth_date = datetime.date(1985, 3, 7)
    hang.save(update_fields=["birth_date"])
    revoked = AwardFactory(
        code="GK", person=hang, year=2021, decision=DecisionFactory(number="99/QĐ-HUY", date=datetime.date(2021, 12, 1))
    )
    Award.objects.filter(pk=revoked.pk).update(
        revoked_on=datetime.date(2022, 5, 1), revocation_reason="Kê khai không đúng thành tích"
    )
    initiative = Initiative.objects.create(
        title="Nâng cao chất lượng tranh tụng tại phiên tòa hình sự",
        unit=tree["kv1"],
        year=2025,
        level=InitiativeLevel.GRASSROOTS,
        status=InitiativeStatus.RECOGNISED,
        decision_number="15/QĐ-VKS-T",
        decision_date=datetime.date(2025, 10, 20),
        decision_issuer="Viện trưởng Viện kiểm sát nhân dân tỉnh T",
    )
    InitiativeAuthor.objects.create(initiative=initiative, person=hang)
    return nominate(unit=tree["kv1"], award_code="CSTDCS", person=hang, summary=SUMMARY, figures=FIGURES)


@pytest.fixture
def batch(tree):
    """A sent batch of VKS-T-KV1: three LĐTT, one CSTĐCS and one collective TTLĐXS."""
    kv1 = tree["kv1"]
    batch = Batch.objects.create(
        unit=kv1,
        council_unit=tree["province"],
        year=2025,
        number="25/TTr-VKS",
        date=datetime.date(2025, 12, 5),
        title="Về việc đề nghị tặng danh hiệu thi đua năm 2025",
        signer_name="Trần Văn Hùng",
        signer_title="Viện trưởng",
        state=BatchState.SUBMITTED,
    )
    people = [
        PersonFactory(code=f"KV1-{i}", full_name=name, position="Kiểm sát viên", unit=kv1)
        for i, name in enumerate(["Lê Thị Mai", "Phạm Quốc Bảo", "Võ Thị Lan", "Đặng Minh Tuấn"])
    ]
    for person in people[:3]:
        nominate(unit=kv1, award_code="LDTT", person=person, batch=batch, state=NominationState.SUBMITTED)
    nominate(
        unit=kv1,
        award_code="CSTDCS",
        person=people[3],
        batch=batch,
        state=NominationState.SUBMITTED,
        summary="Chủ trì sáng kiến về kiểm sát giải quyết tin báo.",
    )
    nominate(
        unit=kv1,
        award_code="TTLDXS",
        recipient_unit=tree["kv1_office"],
        batch=batch,
        state=NominationState.SUBMITTED,
    )
    # Withdrawn by the unit: not in the tờ trình.
    withdrawn = PersonFactory(code="KV1-W", full_name="Hồ Văn Rút", unit=kv1)
    nominate(unit=kv1, award_code="LDTT", person=withdrawn, batch=batch, state=NominationState.WITHDRAWN)
    return batch


# -- báo cáo thành tích -------------------------------------------------------------------------------------


def test_the_achievement_report_prints_the_person_figures_and_register(client, cast, report, tmp_path):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:achievement-report-pdf", args=[report.pk]))

    text = pdf_text(response.content, tmp_path)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('inline; filename="bao-cao-thanh-tich-2025-nguyen-thi-thanh-hang.pdf"')
    assert response.content.startswith(b"%PDF-")
    for expected in (
        "VIỆN KSND TỈNH T",
        "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Huế, ngày …… tháng …… năm",
        "BÁO CÁO THÀNH TÍCH",
        "Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2025",
        "I. SƠ LƯỢC LÝ LỊCH",
        "Họ và tên: Nguyễn Thị Thanh Hằng",
        "Ngày, tháng, năm sinh: 07/3/1985",  # NĐ 30/2020: the months from 3 on take no leading zero
        "Quê quán: .....",
        "Chức vụ (Đảng, chính quyền, đoàn thể): Kiểm sát viên sơ cấp",
        "Đơn vị công tác: Viện kiểm sát nhân dân khu vực 1, Viện kiểm sát nhân dân tỉnh T",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Quyền hạn, nhiệm vụ được giao",
        "chủ động nghiên cứu, tham mưu cho Lãnh đạo đơn vị",
        "1 Số vụ án kiểm sát điều tra 125 vụ",
        "2 Tỷ lệ truy tố đúng thời hạn 100%",
        "3 Kháng nghị phúc thẩm được chấp nhận 3/3",
        "Sáng kiến “Nâng cao chất lượng tranh tụng tại phiên tòa hình sự” (cấp cơ sở, năm 2025)",
        "Quyết định số 15/QĐ-VKS-T ngày 20/10/2025",
        "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
        "2020 Lao động tiên tiến 20/QĐ-VKS-T ngày 20/12/2020",
        "2024 Chiến sĩ thi đua cơ sở 24/QĐ-VKS-T ngày 20/12/2024",
        "512/QĐ-VKSTC",
        "15/01/2025",
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ):
        assert expected in text, expected
    assert "99/QĐ-HUY" not in text  # the revoked Giấy khen is no longer recognised
    assert text.count("Nguyễn Thị Thanh Hằng") >= 3  # name line, duties, signature


def test_the_register_rows_leave_out_revoked_awards(report):
    context = documents.achievement_report_context(report)

    decisions = [row.decision.split(" ")[0] for row in context["register"]]

    assert decisions == [
        "20/QĐ-VKS-T",
        "21/QĐ-VKS-T",
        "22/QĐ-VKS-T",
        "22/QĐ-VKS-T",
        "23/QĐ-VKS-T",
        "23/QĐ-VKS-T",
        "24/QĐ-VKS-T",
        "24/QĐ-VKS-T",
        "512/QĐ-VKSTC",
    ]


def test_a_collective_report_describes_the_unit_and_its_awards(client, cast, history, tree, tmp_path):
    PersonFactory(code="VT-KV1", full_name="Trần Văn Hùng", position="Viện trưởng", is_manager=True, unit=tree["kv1"])
    nomination = nominate(
        unit=tree["kv1"],
        award_code="TTLDXS",
        recipient_unit=tree["kv1"],
        summary="Đơn vị hoàn thành xuất sắc các chỉ tiêu công tác năm 2025.",
        figures="Tỷ lệ giải quyết tin báo: 98%",
    )
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:achievement-report-pdf", args=[nomination.pk]))

    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Đề nghị tặng danh hiệu Tập thể lao động xuất sắc năm 2025",
        "I. ĐẶC ĐIỂM, TÌNH HÌNH",
        "Tên đơn vị: Viện kiểm sát nhân dân khu vực 1",
        "Tổng số cán bộ, công chức, người lao động: 02 người",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Tỷ lệ giải quyết tin báo",
        "98%",
        "2023 Tập thể lao động tiên tiến 23/QĐ-VKS-T ngày 20/12/2023",
        "THỦ TRƯỞNG ĐƠN VỊ VIỆN TRƯỞNG",
        "Trần Văn Hùng",
    ):
        assert expected in text, expected
    assert "Lao động tiên tiến 20/QĐ-VKS-T" not in text  # Hằng's own awards are not the unit's


# -- tờ trình and DANH SÁCH ---------------------------------------------------------------------------------


def test_the_batch_prints_the_request_and_the_list(client, cast, batch, tmp_path):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:batch-pdf", args=[batch.pk]))

    text = pdf_text(response.content, tmp_path)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="to-trinh-2025-25-ttr-vks.pdf"'
    for expected in (
        "VIỆN KSND TỈNH T",
        "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1",
        "Số: 25/TTr-VKS",
        "Huế, ngày 05 tháng 12 năm 2025",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng danh hiệu thi đua năm 2025",
        "Kính gửi: Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh T",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Căn cứ Nghị định số 152/2025/NĐ-CP",
        "Căn cứ Thông tư số 02/2024/TT-VKSTC",
        "cho 01 tập thể và 04 cá nhân",
        "đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở cho 01 cá nhân; "
        "danh hiệu Lao động tiên tiến cho 03 cá nhân; danh hiệu Tập thể lao động xuất sắc cho 01 tập thể.",
        "Nơi nhận:",
        "VIỆN TRƯỞNG",
        "Trần Văn Hùng",
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "(Kèm theo Tờ trình số 25/TTr-VKS ngày 05 tháng 12 năm 2025 của Viện kiểm sát nhân dân khu vực 1)",
        "I. Danh hiệu Chiến sĩ thi đua cơ sở (01 cá nhân)",
        "II. Danh hiệu Lao động tiên tiến (03 cá nhân)",
        "III. Danh hiệu Tập thể lao động xuất sắc (01 tập thể)",
        "1 Đặng Minh Tuấn Kiểm sát viên",
        "Chủ trì sáng kiến về kiểm sát giải quyết tin báo.",
        "1 Lê Thị Mai",
        "2 Phạm Quốc Bảo",
        "3 Võ Thị Lan",
        "1 Văn phòng khu vực 1",
    ):
        assert expected in text, expected
    assert "Hồ Văn Rút" not in text
    assert "DỰ THẢO" not in text
    assert text.index("TỜ TRÌNH") < text.index("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")


def test_a_draft_batch_prints_placeholders_and_the_draft_mark(client, cast, batch, tmp_path):
    Batch.objects.filter(pk=batch.pk).update(number="", date=None, state=BatchState.DRAFT)
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("awards:batch-pdf", args=[batch.pk]))

    text = pdf_text(response.content, tmp_path)
    assert response["Content-Disposition"] == f'inline; filename="to-trinh-2025-du-thao-{batch.pk}.pdf"'
    for expected in (
        "DỰ THẢO",
        "Số: …/TTr-…",
        "Huế, ngày …… tháng …… năm",
        "(Kèm theo Tờ trình số …/TTr-… ngày …… tháng …… năm …… của Viện kiểm sát nhân dân khu vực 1)",
    ):
        assert expected in text, expected


def test_the_batch_groups_follow_the_report_order_and_count_per_kind(batch):
    context = documents.batch_context(batch)

    groups = [(g.award_type.code, g.individuals, g.collectives, [r.number for r in g.rows]) for g in context["groups"]]

    assert groups == [("CSTDCS", 1, 0, [1]), ("LDTT", 3, 0, [1, 2, 3]), ("TTLDXS", 0, 1, [1])]
    assert context["total"] == "01 tập thể và 04 cá nhân"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("KT. Viện trưởng / Phó Viện trưởng", ("KT. Viện trưởng", "Phó Viện trưởng")),
        ("KT. VIỆN TRƯỞNG\nPHÓ VIỆN TRƯỞNG", ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")),
        ("Viện trưởng", ("", "Viện trưởng")),
        ("", ("", "Viện trưởng")),
    ],
)
def test_the_signature_title_splits_authority_and_position(tree, title, expected):
    assert documents.signature_lines(title, tree["kv1"]) == expected


def test_figures_are_read_one_indicator_per_line():
    rows = documents.figure_rows("- Truy tố đúng hạn: 100%\n\nSố vụ: 12 vụ: 3 bị can\nGhi chú không số liệu")

    assert rows == [("Truy tố đúng hạn", "100%"), ("Số vụ", "12 vụ: 3 bị can"), ("Ghi chú không số liệu", "")]


# -- permissions and queries ----------------------------------------------------------------------------------


def test_an_outsider_does_not_find_the_documents(client, cast, report, batch):
    client.force_login(cast["outsider"])

    report_response = client.get(reverse("awards:achievement-report-pdf", args=[report.pk]))
    batch_response = client.get(reverse("awards:batch-pdf", args=[batch.pk]))

    assert report_response.status_code == 404
    assert batch_response.status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, report, batch):
    for url in (
        reverse("awards:achievement-report-pdf", args=[report.pk]),
        reverse("awards:batch-pdf", args=[batch.pk]),
    ):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_council_sees_a_batch_only_once_it_was_sent(client, tree, batch):
    # A council outside the sending unit's subtree: only the sent batch is theirs to read.
    Batch.objects.filter(pk=batch.pk).update(council_unit=tree["kv2"], number="", date=None, state=BatchState.DRAFT)
    client.force_login(user_with_role(Role.CLERK, tree["kv2"], "kv2_clerk"))
    url = reverse("awards:batch-pdf", args=[batch.pk])

    draft_status = client.get(url).status_code
    Batch.objects.filter(pk=batch.pk).update(number="25/TTr-VKS", date=datetime.date(2025, 12, 5), state="submitted")
    sent_status = client.get(url).status_code

    assert (draft_status, sent_status) == (404, 200)


def test_a_post_is_refused(client, cast, report):
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:achievement-report-pdf", args=[report.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize("count", [1, 3])
def test_the_batch_context_runs_in_constant_queries(tree, count):
    kv1 = tree["kv1"]
    batch = Batch.objects.create(
        unit=kv1, council_unit=tree["province"], year=2025, title="Về việc đề nghị khen thưởng"
    )
    for i in range(count):
        person = PersonFactory(code=f"N-{i}", full_name=f"Cán bộ {i}", unit=kv1)
        nominate(unit=kv1, award_code="LDTT", person=person, batch=batch)
    nominate(unit=kv1, award_code="TTLDTT", recipient_unit=tree["kv1_office"], batch=batch)
    batch = Batch.objects.select_related("unit__parent", "council_unit").get(pk=batch.pk)

    with CaptureQueriesContext(connection) as queries:
        documents.batch_context(batch)

    # 1: the batch's nominations with their types, people and units, units' parents and nominating units; 2: the
    # rule set in force on the tờ trình's date (its legal bases).
    assert len(queries) == 2
