"""The Word copy of a printed document (`units.common.docx`): the HTML of a template extending pdf/base.html, laid
out as an administrative document of Nghị định 30/2020 (A4, margins, Times New Roman 14, the header block, the page
number, real footnotes, tables from their <colgroup>), read back with python-docx."""

import io
import zipfile

import pytest
from django.template import Context, Template
from docx.enum.section import WD_HEADER_FOOTER
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.docx import docx_body_lines, docx_document, docx_footnotes, docx_text
from units.common.docx import DOCX_CONTENT_TYPE, docx_response, html_to_docx
from units.letterhead import DOTS

pytestmark = pytest.mark.unit

TEXT_WIDTH_TWIPS = round(165 / 25.4 * 1440)  # A4 less the margins of 30 and 15 mm


def word(body: str, style: str = "", **context) -> bytes:
    """The Word document of a template extending pdf/base.html (its stylesheet) with `body`."""
    source = (
        '{% extends "pdf/base.html" %}{% block title %}Tài liệu thử{% endblock %}'
        f"{{% block style %}}{style}{{% endblock %}}{{% block body %}}{body}{{% endblock %}}"
    )
    return html_to_docx(Template(source).render(Context(context)))


def body_paragraphs(data: bytes):
    return docx_document(data).paragraphs


def paragraph(data: bytes, text: str):
    """The first paragraph of the body or its tables whose text starts with `text`."""
    document = docx_document(data)
    candidates = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                candidates += cell.paragraphs
    return next(p for p in candidates if p.text.startswith(text))


def twips(length) -> int:
    return round(length / 635)


HEADER_CONTEXT = {
    "parent_body": "VIỆN KSND TỈNH T",
    "issuing_body": "Viện kiểm sát nhân dân khu vực 1",
    "doc_number": "25/TTr-VKS",
    "date_text": "Huế, ngày 05 tháng 12 năm 2025",
}


# -- the page ---------------------------------------------------------------------------------------------------


def test_the_page_is_a4_with_the_decrees_margins_in_times_new_roman_14():
    data = word("<p>Nội dung.</p>")

    document = docx_document(data)
    section = document.sections[0]
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    sizes = [section.page_width, section.page_height]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in sizes] == [210, 297]  # A4 (Word keeps lengths in twips)
    assert [round(length.mm, 1) for length in margins] == [20, 20, 30, 15]
    assert normal.font.size == Pt(14)
    assert {fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert document.core_properties.title == "Tài liệu thử"


def test_the_page_number_is_centred_at_the_top_from_page_two():
    data = word("<p>Nội dung.</p>")

    section = docx_document(data).sections[0]
    number = section.header.paragraphs[0]
    instructions = [node.text.strip() for node in number._p.iter(qn("w:instrText"))]
    first_page = section.first_page_header
    assert section.different_first_page_header_footer is True
    assert (number.alignment, instructions) == (WD_ALIGN_PARAGRAPH.CENTER, ["PAGE"])
    assert not first_page.is_linked_to_previous
    assert [p.text for p in first_page.paragraphs] == [""]
    assert not list(first_page._element.iter(qn("w:instrText")))
    assert section.header.part is not section.footer.part
    assert WD_HEADER_FOOTER.PRIMARY == 1  # the numbered header is the one of the other pages


# -- the header block and the title ------------------------------------------------------------------------------


def test_the_header_block_is_a_borderless_table_of_issuer_and_motto():
    data = word('{% include "pdf/_header.html" %}', **HEADER_CONTEXT)

    table = docx_document(data).tables[0]
    issuer, motto = table.rows[0].cells
    rule = issuer.paragraphs[2]
    rule_border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    issuer_width = twips(issuer.width)
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert [p.text for p in issuer.paragraphs] == [
        "VIỆN KSND TỈNH T",
        "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1",
        "",
        "Số: 25/TTr-VKS",
    ]
    assert [p.text for p in motto.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Huế, ngày 05 tháng 12 năm 2025",
    ]
    assert issuer_width == pytest.approx(TEXT_WIDTH_TWIPS * 0.38, abs=2)
    assert twips(motto.width) == pytest.approx(TEXT_WIDTH_TWIPS * 0.62, abs=2)
    # The short rule under the issuing body: a top border over 35% of the cell, centred.
    assert rule_border.get(qn("w:val")) == "single"
    inner = issuer_width - 4 * 20  # the cell's padding-right of 4pt
    assert twips(rule.paragraph_format.left_indent) == pytest.approx(inner * 0.65 / 2, abs=2)
    assert rule.paragraph_format.right_indent == rule.paragraph_format.left_indent
    assert issuer.paragraphs[1].runs[0].bold and motto.paragraphs[0].runs[0].bold
    assert motto.paragraphs[3].runs[0].italic
    assert issuer.paragraphs[0].runs[0].font.size == Pt(12)


def test_the_document_type_and_summary_are_centred_and_bold():
    data = word('<p class="doc-type">TỜ TRÌNH</p><p class="doc-summary">Về việc đề nghị khen thưởng</p>')

    kind, summary = body_paragraphs(data)
    assert (kind.alignment, summary.alignment) == (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.CENTER)
    assert kind.runs[0].bold and summary.runs[0].bold
    assert kind.paragraph_format.first_line_indent is None


def test_body_text_is_justified_with_a_one_centimetre_indent_and_six_points_after():
    data = word("<p>Trong năm 2025,   đơn vị\n  đã triển khai.</p>")

    (body,) = body_paragraphs(data)
    assert body.text == "Trong năm 2025, đơn vị đã triển khai."  # white space collapsed as in HTML
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert twips(body.paragraph_format.first_line_indent) == twips(Cm(1))
    assert body.paragraph_format.space_after == Pt(6)


def test_headings_are_bold_in_capitals_and_in_the_outline():
    data = word("<h2>I. Đánh giá kết quả</h2><h3>1. Công tác lãnh đạo</h3><p>Nội dung.</p>")

    part, section, _ = body_paragraphs(data)
    levels = [p._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) for p in (part, section)]
    assert (part.text, section.text) == ("I. ĐÁNH GIÁ KẾT QUẢ", "1. Công tác lãnh đạo")
    assert part.runs[0].bold and section.runs[0].bold
    assert levels == ["1", "2"]
    assert part.paragraph_format.keep_with_next and section.paragraph_format.keep_with_next


# -- tables ------------------------------------------------------------------------------------------------------

DATA_TABLE = """
<table class="data">
  <colgroup><col class="w8"><col><col class="w14"><col class="w14"></colgroup>
  <thead>
    <tr><th rowspan="2">TT</th><th rowspan="2">Đơn vị</th><th colspan="2">Số lượt</th></tr>
    <tr><th>Tập thể</th><th>Cá nhân</th></tr>
  </thead>
  <tbody>
    <tr class="group"><td colspan="4">I. Danh hiệu thi đua</td></tr>
    <tr><td class="num">1</td><td>Viện kiểm sát nhân dân khu vực 1</td>
      <td class="num">01</td><td class="num">25</td></tr>
    <tr class="sum"><td></td><td>Tổng cộng</td><td class="num">01</td><td class="num">25</td></tr>
  </tbody>
</table>
"""


def test_a_data_table_has_borders_a_repeated_bold_header_and_the_colgroups_widths():
    data = word(DATA_TABLE, style="table.data tr.sum td { font-weight: bold; }")

    table = docx_document(data).tables[0]
    tbl = table._tbl
    widths = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.iter(qn("w:gridCol"))]
    header_rows = [tr for tr in tbl.tr_lst if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None]
    first, second, group, row, total = table.rows
    assert tbl.tblPr.find(qn("w:tblBorders")) is not None
    assert widths == pytest.approx(
        [0.08 * TEXT_WIDTH_TWIPS, 0.64 * TEXT_WIDTH_TWIPS] + [0.14 * TEXT_WIDTH_TWIPS] * 2, abs=2
    )
    assert len(header_rows) == 2
    assert [c.text for c in first.cells] == ["TT", "Đơn vị", "Số lượt", "Số lượt"]  # "Số lượt" spans two columns
    assert [c.text for c in second.cells] == ["TT", "Đơn vị", "Tập thể", "Cá nhân"]  # TT, Đơn vị span two rows
    assert all(p.runs[0].bold for c in first.cells for p in c.paragraphs)
    assert first.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [c.text for c in group.cells] == ["I. Danh hiệu thi đua"] * 4
    assert group.cells[0].paragraphs[0].runs[0].bold
    assert [c.text for c in row.cells] == ["1", "Viện kiểm sát nhân dân khu vực 1", "01", "25"]
    assert row.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert row.cells[1].paragraphs[0].runs[0].font.size == Pt(12)
    assert total.cells[1].paragraphs[0].runs[0].bold
    # A cell's border and padding are the cell's: its paragraph has neither.
    assert row.cells[1].paragraphs[0]._p.pPr is None or row.cells[1].paragraphs[0]._p.pPr.find(qn("w:pBdr")) is None


def test_two_tables_in_a_row_stay_two_tables():
    data = word(DATA_TABLE + DATA_TABLE)

    body = docx_document(data).element.body
    kinds = [child.tag for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    assert kinds == [qn("w:tbl"), qn("w:p"), qn("w:tbl")]


def test_the_closing_block_and_the_signers_have_no_borders_and_keep_the_space_to_sign():
    data = word(
        '{% include "pdf/_closing.html" %}'
        '<table class="signers"><tr><td><div>THƯ KÝ</div><div class="space"></div><div>Lê Thị Thư Ký</div></td>'
        '<td><div>CHỦ TỊCH</div><div class="space"></div><div>Phan Văn Trưởng</div></td></tr></table>',
        recipients=["Như trên", "Lưu: VT"],
        sign_authority="KT. VIỆN TRƯỞNG",
        sign_position="PHÓ VIỆN TRƯỞNG",
        signer_name="Trần Văn Hùng",
    )

    closing, signers = docx_document(data).tables
    recipients, signature = closing.rows[0].cells
    space = signature.paragraphs[2]
    assert closing._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert signers._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert recipients.paragraphs[0].runs[0].bold and recipients.paragraphs[0].runs[0].italic
    assert [p.text for p in signature.paragraphs] == ["KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", "", "Trần Văn Hùng"]
    assert (space.paragraph_format.line_spacing_rule, space.paragraph_format.line_spacing) == (
        WD_LINE_SPACING.EXACTLY,
        Pt(60),
    )
    assert [c.text for c in signers.rows[0].cells] == ["THƯ KÝ\n\nLê Thị Thư Ký", "CHỦ TỊCH\n\nPhan Văn Trưởng"]
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # the signature is never split


# -- footnotes ---------------------------------------------------------------------------------------------------

FOOTNOTE_STYLE = ".fn { float: footnote; font-size: 11pt; }"


def test_launching_documents_become_real_word_footnotes():
    data = word(
        '<p>- Phong trào thi đua Vì công lý<span class="fn">Kế hoạch số 48/KH-VKS ngày 10/01/2022.</span>;</p>'
        '<p>- Phong trào <em>Chuyển đổi số</em><span class="fn">Kế hoạch số <strong>12</strong>/KH-VKS.</span>.</p>',
        style=FOOTNOTE_STYLE,
    )

    first, second = body_paragraphs(data)
    references = [node.get(qn("w:id")) for node in docx_document(data).element.body.iter(qn("w:footnoteReference"))]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        relationships = archive.read("word/_rels/document.xml.rels").decode()
        content_types = archive.read("[Content_Types].xml").decode()
    assert docx_footnotes(data) == ["Kế hoạch số 48/KH-VKS ngày 10/01/2022.", "Kế hoạch số 12/KH-VKS."]
    assert references == ["1", "2"]
    assert (first.text, second.text) == ("- Phong trào thi đua Vì công lý;", "- Phong trào Chuyển đổi số.")
    assert 'Target="footnotes.xml"' in relationships
    assert "wordprocessingml.footnotes+xml" in content_types


def test_a_document_without_launching_documents_has_no_footnotes_part():
    data = word("<p>Không có phong trào.</p>", style=FOOTNOTE_STYLE)

    assert docx_footnotes(data) == []


# -- page breaks, inline formatting, what is left out ----------------------------------------------------------


def test_an_appendix_starts_a_new_page():
    data = word(
        '<p>Phần chính.</p><div class="appendix"><p class="appendix-title">PHỤ LỤC I</p></div>'
        f'<div class="appendix">{DATA_TABLE}</div>',
        style=".appendix { page-break-before: always; }",
    )

    body, title, before_table = body_paragraphs(data)
    assert not body.paragraph_format.page_break_before
    assert title.paragraph_format.page_break_before
    assert (before_table.text, before_table.paragraph_format.page_break_before) == ("", True)


def test_inline_formatting_line_breaks_and_capitals():
    data = word(
        "<p>Họ và tên: <strong>Nguyễn Văn An</strong>, <em>nghiêng</em>, <u>gạch</u>, m<sup>2</sup>,"
        ' <span class="upper">viện trưởng</span><br>dòng sau</p>'
    )

    (line,) = body_paragraphs(data)
    runs = {run.text: run for run in line.runs}
    assert line.text == "Họ và tên: Nguyễn Văn An, nghiêng, gạch, m2, VIỆN TRƯỞNG\ndòng sau"
    assert runs["Nguyễn Văn An"].bold
    assert runs["nghiêng"].italic
    assert runs["gạch"].underline
    assert runs["2"].font.superscript


def test_lists_unknown_tags_and_what_is_not_printed():
    data = word(
        "<ul><li>Thứ nhất</li><li>Thứ hai</li></ul><ol><li>Một</li><li>Hai</li></ol>"
        "<p>Chữ trong <blink>thẻ lạ</blink> và <a href='#'>liên kết</a>.</p>"
        '<div class="chart"><svg><text>2021</text></svg></div><script>alert(1)</script>'
    )

    assert docx_body_lines(data) == [
        "- Thứ nhất",
        "- Thứ hai",
        "1. Một",
        "2. Hai",
        "Chữ trong thẻ lạ và liên kết.",
    ]


def test_an_svg_chart_becomes_a_picture_as_wide_as_the_css_says():
    chart = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="90mm" viewBox="0 0 160 90" fill="#000000">'
        '<rect x="20" y="10" width="30" height="70" fill="#c8c8c8" stroke="#000000" stroke-width="0.25"/>'
        '<line x1="18" y1="80" x2="150" y2="80" stroke="#b3b3b3" stroke-width="0.2" stroke-dasharray="1 1"/>'
        '<text x="35" y="8" font-size="3.9" text-anchor="middle" font-weight="bold">1.252</text></svg>'
    )
    unsupported = '<svg width="10mm" height="10mm" viewBox="0 0 10 10"><path d="M0 0 L10 10"/></svg>'

    data = word(
        f'<div class="chart">{chart}</div><div class="chart">{unsupported}</div>',
        style=".chart { text-align: center; } .chart svg { width: 16cm; }",
    )

    (picture,) = docx_document(data).inline_shapes  # a drawing it cannot read is left out, not drawn wrong
    (paragraph_of_chart,) = body_paragraphs(data)
    assert round(picture.width.cm, 2) == 16
    assert round(picture.height.cm, 2) == 9
    assert paragraph_of_chart.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_blank_of_dots_is_a_dotted_leader_to_the_margin():
    data = word(
        '<p class="field blank">- Quê quán: {{ dots }}</p>',
        style=".field { text-indent: 0; } .field.blank { white-space: nowrap; overflow: hidden; }",
        dots=DOTS,
    )

    (field,) = body_paragraphs(data)
    (stop,) = field.paragraph_format.tab_stops
    assert field.text == "- Quê quán: \t"
    assert (stop.leader, twips(stop.position)) == (WD_TAB_LEADER.DOTS, TEXT_WIDTH_TWIPS)


def test_the_draft_mark_is_a_boxed_word_at_the_right():
    data = word(
        '<div class="draft-mark">DỰ THẢO</div><p>Nội dung.</p>',
        style=".draft-mark { position: absolute; top: -13mm; right: 0; border: 1pt solid #000; font-weight: bold; }",
    )

    mark, _ = body_paragraphs(data)
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert mark.runs[0].bold
    assert mark.runs[0]._r.rPr.find(qn("w:bdr")) is not None
    assert mark._p.pPr.find(qn("w:pBdr")) is None


def test_the_text_reads_back_in_order_with_the_footnotes_last():
    data = word(
        '<p class="doc-type">BÁO CÁO</p><p>Mở đầu<span class="fn">Chú thích.</span>.</p>' + DATA_TABLE,
        style=FOOTNOTE_STYLE,
    )

    assert docx_text(data) == (
        "BÁO CÁO Mở đầu. TT Đơn vị Số lượt Tập thể Cá nhân I. Danh hiệu thi đua 1 Viện kiểm sát nhân dân khu vực 1 "
        "01 25 Tổng cộng 01 25 Chú thích."
    )


# -- the download -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("to-trinh-2025-25-ttr-vks.docx", 'attachment; filename="to-trinh-2025-25-ttr-vks.docx"'),
        ("Tờ trình 2025.docx", "attachment; filename*=utf-8''T%E1%BB%9D%20tr%C3%ACnh%202025.docx"),
    ],
)
def test_a_word_file_is_downloaded_under_a_name_every_browser_reads(name, disposition):
    response = docx_response(b"PK", name)

    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == disposition
