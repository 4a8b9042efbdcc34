"""The shared PDF machinery: A4 in the administrative format, Vietnamese text extractable; the same HTML shown in
the browser (the report editor's preview) with its fonts from the site's static files."""

import datetime

from django.conf import settings
from django.template import engines
from django.urls import reverse

from reports import services
from reports.models import ReportKind
from tests.pdf import pdf_fonts, pdf_text
from units.common import formatting, pdf


def test_date_line_pads_days_and_the_first_two_months():
    assert formatting.date_line(datetime.date(2020, 1, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert formatting.date_line(datetime.date(2024, 11, 15), "Huế") == "Huế, ngày 15 tháng 11 năm 2024"
    assert formatting.date_line(datetime.date(2023, 3, 9), "Huế") == "Huế, ngày 09 tháng 3 năm 2023"


def test_numbers_are_written_the_vietnamese_way():
    assert formatting.number(6433) == "6.433"
    assert formatting.number(150000000) == "150.000.000"
    assert formatting.number(1234.5) == "1.234,5"
    assert formatting.count2(3) == "03"
    assert formatting.percent(1, 8) == "12,5%"
    assert formatting.percent(0, 0) == "0%"


def test_a_document_renders_with_its_header_and_diacritics(tmp_path):
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block body %}{% include "pdf/_header.html" %}'
        '<p class="doc-type">BÁO CÁO</p><p>Tập thể lao động xuất sắc: Viện kiểm sát nhân dân khu vực 2.</p>'
        '{% include "pdf/_closing.html" %}{% endblock %}'
    )
    html = template.render(
        {
            "pdf_static": pdf.STATIC_DIR.resolve().as_uri(),
            "parent_body": "Viện KSND tối cao",
            "issuing_body": "Viện kiểm sát nhân dân thành phố Huế",
            "doc_number": "05/BC-VKS",
            "place": "Huế",
            "doc_date": datetime.date(2024, 11, 15),
            "recipients": ["VKSND tối cao", "Lưu: VT, VP"],
            "sign_authority": "KT. Viện trưởng",
            "sign_position": "Phó Viện trưởng",
            "signer_name": "Nguyễn Văn Hùng",
        }
    )

    data = pdf.html_to_pdf(html)
    text = pdf_text(data, tmp_path)

    assert data.startswith(b"%PDF-")
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HUẾ",
        "Số: 05/BC-VKS",
        "Huế, ngày 15 tháng 11 năm 2024",
        "Tập thể lao động xuất sắc",
        "Nơi nhận:",
        "KT. VIỆN TRƯỞNG",
        "Nguyễn Văn Hùng",
    ):
        assert expected in text
    fonts = pdf_fonts(data, tmp_path)  # the shipped font is embedded, not a system fallback
    assert "Liberation-Serif " in fonts and "Liberation-Serif-Bold " in fonts and "Liberation-Serif-Italic " in fonts


def test_the_report_preview_takes_its_fonts_from_the_static_url_never_the_servers_disk(client, cast, tree):
    """The writer's browser loads the PDF's font from /static/ (the page's policy allows the site's own fonts); the
    server's folders appear nowhere in the page, while the PDF of the same report still reads the files."""
    report = services.report_create(
        unit=tree["province"], kind=ReportKind.FIVE_YEAR, start_year=2020, end_year=2024, by=cast["clerk"]
    )
    client.force_login(cast["clerk"])
    data = {field: getattr(report, field) or "" for field in services.EDITABLE_FIELDS} | {"version": report.version}

    preview = client.post(reverse("reports:report-preview", args=[report.pk]), data).content.decode()
    printed = services.report_html(report)

    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f'url("{settings.STATIC_URL}fonts/LiberationSerif-{name}.ttf")' in preview
        assert f'url("{pdf.STATIC_DIR.resolve().as_uri()}/fonts/LiberationSerif-{name}.ttf")' in printed
    assert "file:" not in preview
    assert str(settings.BASE_DIR) not in preview
