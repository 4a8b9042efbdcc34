"""Every printed document of the demo stays inside the text block of its page.

A clerk prints what the demo of VKSND thành phố Huế holds after its council has voted: a khu vực's tờ trình with
its DANH SÁCH, the Văn phòng's draft one, a nominee's achievement report, the minutes of the council's session,
the ballot-count minutes of its poll, the draft of the head's decision, a cluster's pledge, the six-month,
annual and five-year reports and a cluster's six-month report. On every page, every word (pdftotext's word boxes,
in pt) and every drop of ink (the table borders) lies inside A4 less the margins of Nghị định 30/2020 (left 30 mm,
right 15 mm, top and bottom 20 mm), within 1 pt; only the page number and the "DỰ THẢO" mark of a draft sit above
it, in the top margin, as the templates place them. And the names of the units read with their procuracy wherever
a phòng is printed.
"""

import dataclasses
import datetime
import subprocess
import zoneinfo
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from PIL import Image

from awards.councils import minutes, voting
from awards.councils.enums import Attendance, Choice
from awards.councils.models import Session
from awards.nominations import documents
from awards.nominations.models import Batch
from awards.payouts import documents as payout_documents
from awards.payouts import selectors as payout_selectors
from awards.payouts.models import Payout
from awards.register.models import Decision
from emulation.models import Pledge
from emulation.views.pledges import pledge_context
from reports import services as reports
from reports.models import Report, ReportKind
from tests.pdf import pdf_text
from units.common import pdf
from units.common.text import fold
from units.models import Unit

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# The demo's council meets on 10/12/2026 (awards.demo.councils); the demo is seeded and the poll held that morning.
SESSION_MORNING = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89  # A4 in pt
LEFT, RIGHT = 30 * MM, PAGE_WIDTH - 15 * MM
TOP, BOTTOM = 20 * MM, PAGE_HEIGHT - 20 * MM
TOLERANCE = 1.0  # pt
DRAFT_MARK = {"DỰ", "THẢO"}  # the box of a draft, at the top right of its pages

DOCUMENTS = (
    "tờ trình của khu vực 1",
    "tờ trình dự thảo của Văn phòng",
    "báo cáo thành tích",
    "biên bản họp Hội đồng",
    "biên bản kiểm phiếu",
    "dự thảo quyết định",
    "giao ước thi đua",
    "báo cáo sơ kết 6 tháng",
    "báo cáo tổng kết năm",
    "báo cáo tổng kết 5 năm",
    "báo cáo sơ kết 6 tháng của Cụm thi đua",
    "phụ lục nội bộ của báo cáo 5 năm",
    "danh sách chi tiền thưởng",
)
# The certificates are printed on their blanks' own page size with no margin, each field at its place in mm:
# tests/awards/test_certificates_pdf.py reads their positions back.
NOT_ADMINISTRATIVE = {
    "pdf/certificate.html",
    "pdf/certificate_base.html",
    "pdf/certificate_proof.html",
    "pdf/certificate_test_sheet.html",
}


@dataclasses.dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclasses.dataclass
class Printed:
    """What the clerk printed: each document's PDF, the templates rendered, and what the tables printed."""

    pdfs: dict[str, bytes]
    templates: set[str]
    unit_cells: dict[str, list[str]]
    batch_queries: dict[int, int]  # nominations on the tờ trình → queries to build its context


def _hold_the_vote(session: Session) -> None:
    """The secretary marks every member present and puts the agenda to one secret poll; each member votes, one
    disagreeing with a candidate in seven; the poll is closed and its results published."""
    secretary = get_user_model().objects.get(username="thuky")
    seats = voting.voting_members(session)
    voting.attendance_record(session=session, statuses={seat.pk: Attendance.PRESENT for seat in seats}, by=secretary)
    agenda = [item.nomination for item in session.agenda.select_related("nomination").order_by("order")]
    poll = voting.poll_create(
        session=session,
        title="Bỏ phiếu kín xét danh hiệu Chiến sĩ thi đua cơ sở năm 2026",
        nominations=agenda,
        by=secretary,
    )
    voting.poll_open(poll=poll, by=secretary)
    for index, seat in enumerate(seats):
        choices = {n.pk: Choice.DISAGREE if (index + n.pk) % 7 == 0 else Choice.AGREE for n in agenda}
        voting.ballot_cast(poll=poll, user=seat.user, choices=choices)
    voting.poll_close(poll=poll, by=secretary)
    voting.poll_publish(poll=poll, by=secretary)


def _batch_queries(batch: Batch) -> int:
    """The queries that build the tờ trình's context, from a batch just read (after one build to warm the caches
    that do not depend on the batch)."""
    documents.batch_context(Batch.objects.get(pk=batch.pk))
    fresh = Batch.objects.get(pk=batch.pk)
    with CaptureQueriesContext(connection) as queries:
        documents.batch_context(fresh)
    return len(queries)


def _print_everything() -> Printed:
    hue = Unit.objects.get(code="VKS-HUE")
    session = Session.objects.get(council__unit=hue, state="planned")  # not the consultation's, ended
    _hold_the_vote(session)
    poll = session.polls.get()
    sent = Batch.objects.get(unit__code="VKS-HUE-KV1")
    draft = Batch.objects.get(unit__code="VKS-HUE-VP")
    nominee = session.agenda.order_by("order").first().nomination
    pledge = max(Pledge.objects.all(), key=lambda p: p.signing_units.count())
    clerk = get_user_model().objects.get(username="vanthu")
    six_month = reports.report_create(unit=hue, kind=ReportKind.SIX_MONTH, year=2026, by=clerk)
    annual = Report.objects.get(unit=hue, kind=ReportKind.ANNUAL)
    five_year = Report.objects.get(unit=hue, kind=ReportKind.FIVE_YEAR)
    cluster = Report.objects.get(group__name="Cụm thi đua số 1", kind=ReportKind.SIX_MONTH)
    leader = get_user_model().objects.get(username="lanhdao")
    paid = Payout.objects.filter(paid_by_unit=True, amount__gt=0).values("award__decision")
    decision = Decision.objects.filter(pk__in=paid).annotate(paid=Count("awards")).order_by("-paid").first()
    sheet = payout_selectors.payout_sheet(user=clerk, decision=decision)

    builders = {
        "tờ trình của khu vực 1": lambda: documents.batch_pdf(sent),
        "tờ trình dự thảo của Văn phòng": lambda: documents.batch_pdf(draft),
        "báo cáo thành tích": lambda: documents.achievement_report_pdf(nominee),
        "biên bản họp Hội đồng": lambda: minutes.session_minutes_pdf(session),
        "biên bản kiểm phiếu": lambda: minutes.ballot_count_minutes_pdf(poll),
        "dự thảo quyết định": lambda: minutes.decision_draft_pdf(session),
        "giao ước thi đua": lambda: pdf.render_pdf("pdf/pledge.html", pledge_context(pledge)),
        "báo cáo sơ kết 6 tháng": lambda: pdf.html_to_pdf(reports.report_html(six_month)),
        "báo cáo tổng kết năm": lambda: pdf.html_to_pdf(reports.report_html(annual)),
        "báo cáo tổng kết 5 năm": lambda: pdf.html_to_pdf(reports.report_html(five_year)),
        "báo cáo sơ kết 6 tháng của Cụm thi đua": lambda: pdf.html_to_pdf(reports.report_html(cluster)),
        "phụ lục nội bộ của báo cáo 5 năm": lambda: reports.internal_annex_pdf(report=five_year, by=leader),
        "danh sách chi tiền thưởng": lambda: payout_documents.payout_list_pdf(
            decision=decision, payouts=sheet.listed, left_out=sheet.left_out, by=clerk
        ),
    }
    assert tuple(builders) == DOCUMENTS
    templates: set[str] = set()

    def rendered(sender, template, context, **kwargs):
        templates.add(template.name)

    template_rendered.connect(rendered)
    try:
        pdfs = {name: build() for name, build in builders.items()}
    finally:
        template_rendered.disconnect(rendered)

    def cells(groups) -> list[str]:
        return [row.unit for group in groups for row in group.rows]

    return Printed(
        pdfs=pdfs,
        templates=templates,
        unit_cells={
            "tờ trình": cells(documents.batch_context(sent)["groups"]),
            "biên bản họp Hội đồng": cells(minutes.session_minutes_context(session)["agenda_groups"]),
            "dự thảo quyết định": cells(minutes.decision_draft_context(session)["groups"]),
            "phụ lục 02": [row["name"] for row in reports.figures_of(five_year)["units"]],
        },
        batch_queries={
            batch.nominations.count(): _batch_queries(batch)
            for batch in (sent, draft, Batch.objects.get(unit__code="VKS-HUE-P8"))
        },
    )


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker) -> Printed:
    """The demo seeded and every document printed on the session's morning, once for the module; rolled back."""
    with (
        time_machine.travel(SESSION_MORNING, tick=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--force", stdout=StringIO())
        result = _print_everything()
        transaction.set_rollback(True)
    return result


# -- reading a PDF back ----------------------------------------------------------------------------------------


def pdf_words(data: bytes, tmp_path) -> list[Word]:
    """Every word of the PDF with its box in pt (pdftotext -bbox), page by page from 1."""
    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True).stdout
    words = []
    pages = [node for node in ElementTree.fromstring(xhtml).iter() if node.tag.endswith("}page")]
    for number, page in enumerate(pages, start=1):
        for node in page:
            box = {key: float(node.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")}
            words.append(Word(number, node.text or "", box["xMin"], box["yMin"], box["xMax"], box["yMax"]))
    return words


def in_top_margin_by_design(word: Word) -> bool:
    """The page number centred above the text, and the "DỰ THẢO" box of a draft: in the top margin, and no wider
    than the text block."""
    return (
        word.y_max <= TOP + TOLERANCE
        and word.x_min >= LEFT - TOLERANCE
        and word.x_max <= RIGHT + TOLERANCE
        and (word.text == str(word.page) or word.text in DRAFT_MARK)
    )


def words_outside(words: list[Word]) -> list[str]:
    return [
        f"page {word.page}: {word.text!r} at x {word.x_min:.1f}–{word.x_max:.1f}, y {word.y_min:.1f}–{word.y_max:.1f}"
        for word in words
        if (
            word.x_min < LEFT - TOLERANCE
            or word.x_max > RIGHT + TOLERANCE
            or word.y_min < TOP - TOLERANCE
            or word.y_max > BOTTOM + TOLERANCE
        )
        and not in_top_margin_by_design(word)
    ]


def ink_outside(data: bytes, tmp_path) -> list[str]:
    """The pages with ink (a table's border as much as a word) in the left or right margin, or below the text:
    each page drawn at 72 dpi, one pixel a point."""
    path = tmp_path / "ink.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-gray", "-r", "72", str(path), str(tmp_path / "ink")], check=True)
    found = []
    for number, image_path in enumerate(sorted(Path(tmp_path).glob("ink-*.pgm")), start=1):
        image = Image.open(image_path).point(lambda value: 255 if value < 160 else 0)  # dark pixels lit
        width, height = image.size
        regions = {
            "left margin": (0, 0, int(LEFT - TOLERANCE), height),
            "right margin": (int(RIGHT + TOLERANCE) + 1, 0, width, height),
            "bottom margin": (0, int(BOTTOM + TOLERANCE) + 1, width, height),
        }
        for where, box in regions.items():
            ink = image.crop(box).getbbox()
            if ink is not None:
                x_min, x_max = box[0] + ink[0], box[0] + ink[2]
                found.append(f"page {number}: ink in the {where}, x {x_min}–{x_max}, y {box[1] + ink[1]}")
    return found


# -- the checks ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("document", DOCUMENTS, ids=[fold(name).replace(" ", "-") for name in DOCUMENTS])
def test_every_word_and_border_lies_inside_the_text_block(printed, document, tmp_path):
    data = printed.pdfs[document]

    words = words_outside(pdf_words(data, tmp_path))
    ink = ink_outside(data, tmp_path)

    shown = words[:20] + ([f"… and {len(words) - 20} more words"] if len(words) > 20 else [])
    assert not words and not ink, (
        f"{document}: outside the text block (x {LEFT:.1f}–{RIGHT:.1f}, y {TOP:.1f}–{BOTTOM:.1f} pt):\n"
        + "\n".join(shown + ink)
    )


def test_every_printed_template_was_printed(printed):
    """A new printed document is checked here too: every page template of templates/pdf was rendered above."""
    folder = Path(settings.BASE_DIR) / "templates" / "pdf"
    pages = {f"pdf/{path.name}" for path in folder.glob("*.html") if not path.name.startswith("_")}
    pages -= {"pdf/base.html", *NOT_ADMINISTRATIVE}

    assert pages <= printed.templates, f"not printed: {sorted(pages - printed.templates)}"


def test_the_check_sees_a_word_in_a_margin_and_lets_the_page_number_be(printed, tmp_path):
    """The words are read back where they stand: the same words, moved into a margin, are reported; the tờ trình's
    list has its page number 2 centred above the text, which is allowed."""
    words = pdf_words(printed.pdfs["tờ trình của khu vực 1"], tmp_path)
    word = next(w for w in words if w.page == 1 and w.y_min > TOP)
    number = next(w for w in words if w.page == 2 and w.y_max <= TOP)

    assert words_outside([dataclasses.replace(word, x_max=RIGHT + 2)]) == [
        f"page 1: {word.text!r} at x {word.x_min:.1f}–{RIGHT + 2:.1f}, y {word.y_min:.1f}–{word.y_max:.1f}"
    ]
    assert words_outside([dataclasses.replace(word, x_min=LEFT - 2)]) != []
    assert words_outside([dataclasses.replace(word, y_max=BOTTOM + 2)]) != []
    assert number.text == "2"
    assert abs((number.x_min + number.x_max) / 2 - (LEFT + RIGHT) / 2) < 2
    assert words_outside([number]) == []
    assert words_outside([dataclasses.replace(number, page=3)]) != []  # a "2" above page 3 is no page number


def test_a_phong_is_printed_with_its_procuracy(printed, tmp_path):
    """Two regional procuracies each have a "Phòng Thực hành quyền công tố…": the lists name the procuracy."""
    public_prosecution = "Phòng Thực hành quyền công tố, kiểm sát điều tra và kiểm sát xét xử hình sự"

    assert f"{public_prosecution}, Viện kiểm sát nhân dân khu vực 1 – Huế" in printed.unit_cells["tờ trình"]
    for document in ("biên bản họp Hội đồng", "dự thảo quyết định"):
        cells = printed.unit_cells[document]
        assert f"{public_prosecution}, Viện kiểm sát nhân dân khu vực 1 – Huế" in cells, document
        assert f"{public_prosecution}, Viện kiểm sát nhân dân khu vực 2 – Huế" in cells, document
        assert not any(cell.startswith("Phòng") and "Viện kiểm sát" not in cell for cell in cells), document
    appendix = printed.unit_cells["phụ lục 02"]
    assert "Văn phòng, Viện kiểm sát nhân dân thành phố Huế" in appendix
    assert "Phòng Thống kê tội phạm và Chuyển đổi số, Viện kiểm sát nhân dân thành phố Huế" in appendix
    assert "Văn phòng" not in appendix
    text = pdf_text(printed.pdfs["tờ trình dự thảo của Văn phòng"], tmp_path)
    assert "của Văn phòng, Viện kiểm sát nhân dân thành phố Huế)" in text  # the list's "Kèm theo Tờ trình số …"


def test_the_list_reads_the_units_parents_without_a_query_per_row(printed):
    assert len(printed.batch_queries) == 3  # three tờ trình of different lengths
    assert len(set(printed.batch_queries.values())) == 1, printed.batch_queries
