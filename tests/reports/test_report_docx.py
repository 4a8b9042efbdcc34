"""The Word copy of a summary report: made from the same document as its PDF (`services.document_of`), with the
launching documents as real footnotes; an issued report's from its frozen figures, a draft's from the records as
they are; behind the same checks as the report."""

import datetime

import pytest
from django.urls import reverse

from reports import services
from reports.models import Report, ReportRender, ReportState
from tests.docx import docx_document, docx_footnotes, docx_text, drawn_figures, figures, pdf_page_numbers
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.pdf import pdf_text
from units.common import pdf as pdf_rendering
from units.common.docx import DOCX_CONTENT_TYPE

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]


def five_year(client, user, unit) -> Report:
    client.force_login(user)
    data = {"unit": unit.pk, "kind": "five_year", "start_year": 2020, "end_year": 2024, "lineage": "with_predecessors"}
    response = client.post(reverse("reports:report-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.latest("id")


def issue(client, cast, report: Report, capture) -> Report:
    """The leader issues the report once its number, date and text are complete and its PDF is made."""
    report.refresh_from_db()
    data = {field: getattr(report, field) or "" for field in services.EDITABLE_FIELDS}
    for field in ("regular", "thematic", "local", "assessment", "direction"):
        data[field] = services.drafting.PROMPT.sub("", data[field]) or "Nội dung."
    data |= {"number": "15/BC-VKS", "date": "20/11/2024", "signer_name": "Nguyễn Văn Viện", "version": report.version}
    client.force_login(cast["clerk"])
    with capture(execute=True):
        response = client.post(reverse("reports:report-edit", args=[report.pk]), {**data, "generate": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    render = ReportRender.objects.filter(report=report).latest("id")
    client.force_login(cast["leader"])
    client.post(reverse("reports:report-issue", args=[report.pk]), {"render": render.pk})
    report.refresh_from_db()
    assert report.state == ReportState.ISSUED
    return report


def test_a_drafts_word_copy_has_the_pdfs_figures_and_its_launching_documents_as_footnotes(
    client, cast, province_awards, tmp_path
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    html = services.report_html(report)
    pdf = pdf_rendering.html_to_pdf(html)

    response = client.get(reverse("reports:report-docx", args=[report.pk]))

    word = docx_text(response.content)
    pdf_words = pdf_text(pdf, tmp_path)
    header = docx_document(response.content).tables[0].rows[0].cells
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert (
        response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-5-nam-VKS-T-2020-2024-du-thao.docx"'
    )
    assert header[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "VIỆN KIỂM SÁT NHÂN DÂN TỈNH T" in [p.text for p in header[0].paragraphs]
    for expected in ("BÁO CÁO", "Phong trào thi đua Vì công lý", "Viện kiểm sát nhân dân khu vực 1"):
        assert expected in pdf_words, expected
        assert expected in word, expected
    assert figures(word) - figures(pdf_words) == set()
    assert figures(pdf_words) - figures(word) <= pdf_page_numbers(pdf) | drawn_figures(html)
    assert len(docx_document(response.content).inline_shapes) == html.count("<svg")  # the chart as a picture
    # One Word footnote for each launching document the PDF puts at the foot of its page.
    notes = docx_footnotes(response.content)
    assert len(notes) == html.count('class="fn"') > 0
    assert any("48/KH-VKS" in note for note in notes)
    # Each appendix starts a page.
    titles = [p for p in docx_document(response.content).paragraphs if p.text.upper().startswith("PHỤ LỤC")]
    assert titles
    assert all(title.paragraph_format.page_break_before for title in titles)


def test_an_issued_reports_word_copy_keeps_its_frozen_figures(
    client, cast, province_awards, staff, tmp_path, django_capture_on_commit_callbacks
):
    report = issue(
        client, cast, five_year(client, cast["clerk"], province_awards["province"]), django_capture_on_commit_callbacks
    )
    issued_pdf = b"".join(client.get(reverse("reports:report-pdf", args=[report.pk])).streaming_content)
    chart = drawn_figures(services.report_html(report))
    # Later a new award of 2023 is recorded: the issued report does not count it, a new draft would.
    AwardFactory(code="LDTT", person=staff["dung"], year=2023, decision=DecisionFactory(date=datetime.date(2024, 1, 5)))

    response = client.get(reverse("reports:report-docx", args=[report.pk]))

    word, issued = docx_text(response.content), pdf_text(issued_pdf, tmp_path)
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-tong-ket-5-nam-VKS-T-2020-2024-ban-hanh-1.docx"'
    )
    assert "Số: 15/BC-VKS" in word
    assert figures(word) - figures(issued) == set()
    assert figures(issued) - figures(word) <= pdf_page_numbers(issued_pdf) | chart
    assert services.figures_of(report)["totals"]["total"] == 8


@pytest.mark.parametrize("role", ROLES)
def test_whoever_may_not_see_the_report_gets_the_same_refusal_for_the_word_copy(
    client, cast, province_awards, role, django_capture_on_commit_callbacks
):
    draft = five_year(client, cast["clerk"], province_awards["province"])
    issued = issue(
        client, cast, five_year(client, cast["clerk"], province_awards["kv1"]), django_capture_on_commit_callbacks
    )
    client.force_login(cast[role])

    draft_page = client.get(reverse("reports:report-detail", args=[draft.pk])).status_code
    draft_word = client.get(reverse("reports:report-docx", args=[draft.pk])).status_code
    issued_pdf = client.get(reverse("reports:report-pdf", args=[issued.pk])).status_code
    issued_word = client.get(reverse("reports:report-docx", args=[issued.pk])).status_code

    assert (draft_word, issued_word) == (draft_page, issued_pdf)
    assert (draft_word == 404) == (role in {"regional_clerk", "outsider"})
