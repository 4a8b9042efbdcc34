"""The Word copies of the nominations' documents: the báo cáo thành tích of a nominee and the tờ trình of a batch
with its DANH SÁCH, made from the same content as their PDFs, behind the same checks."""

import datetime

import pytest
from django.urls import reverse

from awards.nominations.enums import BatchState, NominationState
from awards.nominations.models import Batch
from tests.docx import docx_body_lines, docx_document, docx_footnotes, docx_text, figures, pdf_page_numbers
from tests.factories.nominations import nomination_row as nominate
from tests.factories.units import PersonFactory, user_with_role
from tests.pdf import pdf_text
from units.common.docx import DOCX_CONTENT_TYPE
from units.enums import Role

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]


@pytest.fixture
def achievement(history, tree):
    """Hằng's CSTĐCS 2025 nomination over her register of 2020–2024."""
    hang = history["person"]
    hang.birth_date = datetime.date(1985, 3, 7)
    hang.save(update_fields=["birth_date"])
    return nominate(
        unit=tree["kv1"],
        award_code="CSTDCS",
        person=hang,
        summary="Năm 2025, đồng chí hoàn thành xuất sắc nhiệm vụ được giao.",
        figures="Số vụ án kiểm sát điều tra: 125 vụ\nTỷ lệ truy tố đúng thời hạn: 100%",
    )


@pytest.fixture
def batch(tree):
    """The sent tờ trình 25/TTr-VKS of VKS-T-KV1: two LĐTT and a collective TTLĐXS."""
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
    for index, name in enumerate(["Lê Thị Mai", "Phạm Quốc Bảo"]):
        person = PersonFactory(code=f"KV1-{index}", full_name=name, position="Kiểm sát viên", unit=kv1)
        nominate(unit=kv1, award_code="LDTT", person=person, batch=batch, state=NominationState.SUBMITTED)
    nominate(
        unit=kv1,
        award_code="TTLDXS",
        recipient_unit=tree["kv1_office"],
        batch=batch,
        state=NominationState.SUBMITTED,
    )
    return batch


def both(client, user, name: str, pk: int):
    """The PDF and the Word copy of a document as `user` downloads them."""
    client.force_login(user)
    return client.get(reverse(f"awards:{name}-pdf", args=[pk])), client.get(reverse(f"awards:{name}-docx", args=[pk]))


def test_the_achievement_reports_word_copy_has_the_pdfs_content(client, cast, achievement, tmp_path):
    pdf, word = both(client, cast["clerk"], "achievement-report", achievement.pk)

    pdf_words, word_words = pdf_text(pdf.content, tmp_path), docx_text(word.content)
    header = docx_document(word.content).tables[0]
    assert word["Content-Type"] == DOCX_CONTENT_TYPE
    assert word["Content-Disposition"] == 'attachment; filename="bao-cao-thanh-tich-2025-nguyen-thi-thanh-hang.docx"'
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.rows[0].cells[1].paragraphs[0].text
    for expected in (
        "BÁO CÁO THÀNH TÍCH",
        "Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2025",
        "Họ và tên: Nguyễn Thị Thanh Hằng",
        "Ngày, tháng, năm sinh:",
        "1985",
        "Số vụ án kiểm sát điều tra 125 vụ",
        "Chiến sĩ thi đua cơ sở",
        "512/QĐ-VKSTC",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ):
        assert expected in pdf_words, expected
        assert expected in word_words, expected
    assert figures(word_words) - figures(pdf_words) == set()
    assert figures(pdf_words) - figures(word_words) <= pdf_page_numbers(pdf.content)
    assert docx_footnotes(word.content) == []


def test_the_to_trinh_word_copy_has_the_pdfs_content(client, cast, batch, tmp_path):
    pdf, word = both(client, cast["clerk"], "batch", batch.pk)

    pdf_words, word_words = pdf_text(pdf.content, tmp_path), docx_text(word.content)
    lines = docx_body_lines(word.content)
    assert word["Content-Disposition"] == 'attachment; filename="to-trinh-2025-25-ttr-vks.docx"'
    for expected in (
        "Số: 25/TTr-VKS",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng danh hiệu thi đua năm 2025",
        "Kính gửi: Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân dân tỉnh T",
        "01 tập thể và 02 cá nhân",
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "Lê Thị Mai",
        "Phạm Quốc Bảo",
        "Văn phòng khu vực 1",
        "Trần Văn Hùng",
    ):
        assert expected in pdf_words, expected
        assert expected in word_words, expected
    assert figures(word_words) - figures(pdf_words) == set()
    assert figures(pdf_words) - figures(word_words) <= pdf_page_numbers(pdf.content)
    # The list starts on its own page, as in the PDF.
    title = next(p for p in docx_document(word.content).paragraphs if p.text == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    assert title.paragraph_format.page_break_before
    assert lines.index("TỜ TRÌNH") < lines.index("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["achievement-report", "batch"])
def test_whoever_may_not_see_the_pdf_gets_the_same_refusal_for_the_word_copy(
    client, cast, achievement, batch, role, name
):
    pk = achievement.pk if name == "achievement-report" else batch.pk

    pdf, word = both(client, cast[role], name, pk)

    assert word.status_code == pdf.status_code
    assert word.status_code == (404 if role == "outsider" else 200)


def test_a_council_outside_the_subtree_reads_the_word_copy_only_once_the_batch_is_sent(client, tree, batch):
    Batch.objects.filter(pk=batch.pk).update(council_unit=tree["kv2"], number="", date=None, state=BatchState.DRAFT)
    client.force_login(user_with_role(Role.CLERK, tree["kv2"], "kv2_clerk"))
    url = reverse("awards:batch-docx", args=[batch.pk])

    draft_status = client.get(url).status_code
    Batch.objects.filter(pk=batch.pk).update(number="25/TTr-VKS", date=datetime.date(2025, 12, 5), state="submitted")
    sent_status = client.get(url).status_code

    assert (draft_status, sent_status) == (404, 200)


def test_anonymous_users_are_sent_to_the_login_page(client, achievement):
    response = client.get(reverse("awards:achievement-report-docx", args=[achievement.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
