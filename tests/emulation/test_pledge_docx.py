"""The Word copy of a pledge (giao ước thi đua): the same content as its PDF, behind the same checks."""

import pytest
from django.urls import reverse

from tests.docx import docx_document, docx_text, figures, pdf_page_numbers
from tests.factories.emulation import PledgeFactory
from tests.factories.units import PersonFactory
from tests.pdf import pdf_text
from units.common.docx import DOCX_CONTENT_TYPE

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
TARGETS = [
    ("Tỷ lệ giải quyết tin báo, tố giác về tội phạm và kiến nghị khởi tố", "Trên 90%"),
    ("Không có án trả hồ sơ điều tra bổ sung do lỗi của Viện kiểm sát", "100% số vụ án"),
]


@pytest.fixture
def pledge(tree, cluster):
    PersonFactory(code="VT-KV1", full_name="Trần Văn Hùng", position="Viện trưởng", unit=tree["kv1"])
    return PledgeFactory(group=cluster, signing_units=[tree["kv1"], tree["kv2"], tree["office"]], targets=TARGETS)


def test_the_pledges_word_copy_has_the_pdfs_content(client, cast, pledge, tmp_path):
    client.force_login(cast["leader"])

    pdf = client.get(reverse("emulation:pledge-pdf", args=[pledge.pk]))
    word = client.get(reverse("emulation:pledge-docx", args=[pledge.pk]))

    pdf_words, word_words = pdf_text(pdf.content, tmp_path), docx_text(word.content)
    targets = docx_document(word.content).tables[1]
    assert word["Content-Type"] == DOCX_CONTENT_TYPE
    assert word["Content-Disposition"] == 'attachment; filename="giao-uoc-thi-dua-2025-cum-thi-dua-so-1.docx"'
    for expected in (
        "CỤM THI ĐUA SỐ 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Huế, ngày 09 tháng 02 năm 2025",
        "GIAO ƯỚC THI ĐUA NĂM 2025",
        "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT",
        "Trần Văn Hùng",
    ):
        assert expected in pdf_words, expected
        assert expected in word_words, expected
    assert [[cell.text for cell in row.cells] for row in targets.rows] == [
        ["TT", "Chỉ tiêu", "Mức phấn đấu"],
        ["1", *TARGETS[0]],
        ["2", *TARGETS[1]],
    ]
    assert figures(word_words) - figures(pdf_words) == set()
    assert figures(pdf_words) - figures(word_words) <= pdf_page_numbers(pdf.content)


@pytest.mark.parametrize("role", ROLES)
def test_whoever_may_not_see_the_pdf_gets_the_same_refusal_for_the_word_copy(client, cast, pledge, role):
    client.force_login(cast[role])

    pdf = client.get(reverse("emulation:pledge-pdf", args=[pledge.pk]))
    word = client.get(reverse("emulation:pledge-docx", args=[pledge.pk]))

    assert word.status_code == pdf.status_code
    assert (word.status_code == 404) == (role == "outsider")
