"""A report's life in the browser: a clerk drafts the 5-year report (pre-filled), edits it with a live preview,
generates the PDF in the background, a leader issues it (frozen), and a correction becomes a new edition."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.register import services as award_services
from reports import services
from reports.models import RenderState, Report, ReportKind, ReportRender, ReportState
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.reports import ReportFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.integration

D = datetime.date


def create(client, user, **data):
    client.force_login(user)
    return client.post(reverse("reports:report-create"), {"unit": data.pop("unit").pk, **data})


def five_year(client, user, unit):
    response = create(client, user, unit=unit, kind="five_year", start_year=2020, end_year=2024)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.latest("id")


def edit_data(report: Report, **changes) -> dict:
    data = {field: getattr(report, field) or "" for field in services.EDITABLE_FIELDS}
    data["date"] = report.date.strftime("%d/%m/%Y") if report.date else ""
    data["version"] = report.version
    return {**data, **changes}


def ready_to_issue(client, report: Report, capture) -> ReportRender:
    """Fill in what issuing needs (number, date, no prompt left) and generate the PDF of that text."""
    report.refresh_from_db()
    no_prompts = {field: services.drafting.PROMPT.sub("", getattr(report, field)) for field in ("regular", "thematic")}
    data = edit_data(
        report,
        number="15/BC-VKS",
        date="20/11/2024",
        local="Tham gia tích cực phong trào “Toàn dân bảo vệ an ninh Tổ quốc”.",
        assessment="1. Ưu điểm\nPhong trào thi đua sôi nổi.\n2. Hạn chế\nCòn khen thưởng luân phiên.",
        direction="1. Tiếp tục thực hiện Luật Thi đua, khen thưởng năm 2022.",
        signer_name="Nguyễn Văn Viện",
        generate="1",
        **no_prompts,
    )
    with capture(execute=True):
        response = client.post(reverse("reports:report-edit", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ReportRender.objects.filter(report=report).latest("id")


# -- drafting ----------------------------------------------------------------------------------------------


def test_clerk_creates_a_five_year_draft_prefilled_from_the_records(client, cast, province_awards):
    response = create(
        client, cast["clerk"], unit=province_awards["province"], kind="five_year", start_year=2020, end_year=2024
    )

    report = Report.objects.get()
    assert response.url == reverse("reports:report-edit", args=[report.pk])
    assert (report.kind, report.start_year, report.end_year, report.state) == ("five_year", 2020, 2024, "draft")
    assert report.created_by == cast["clerk"]
    assert "Viện kiểm sát nhân dân tỉnh T đã quán triệt" in report.leadership
    assert "Phong trào thi đua Vì công lý" in report.regular
    # 8 counted awards in 2020–2024 (the revoked one and the other province's are not counted).
    assert "tổng số 08 lượt khen thưởng" in report.awards_note
    assert report.sign_position == "Viện trưởng"
    assert report.history.first().history_user == cast["clerk"]


def test_six_month_report_takes_the_statistics_half_year_unless_told(client, cast, province_awards):
    create(client, cast["clerk"], unit=province_awards["province"], kind="six_month", year=2025)
    default = Report.objects.get()
    assert (default.window_start, default.window_end) == (D(2024, 12, 1), D(2025, 5, 31))

    create(
        client, cast["clerk"], unit=province_awards["province"], kind="six_month", year=2025,
        window_start="01/01/2025", window_end="30/06/2025",
    )  # fmt: skip
    chosen = Report.objects.latest("id")
    assert (chosen.window_start, chosen.window_end) == (D(2025, 1, 1), D(2025, 6, 30))


def test_create_form_errors_are_in_vietnamese(client, cast, province_awards):
    response = create(
        client, cast["clerk"], unit=province_awards["province"], kind="five_year", start_year=2024, end_year=2020
    )
    assert "Năm kết thúc không được trước năm bắt đầu." in response.content.decode()

    response = create(
        client, cast["clerk"], unit=province_awards["province"], kind="six_month", year=2025, window_start="01/06/2025",
        window_end="01/01/2025",
    )  # fmt: skip
    assert "Ngày cuối kỳ không được trước ngày đầu kỳ." in response.content.decode()
    assert not Report.objects.exists()


# -- editing -------------------------------------------------------------------------------------------------


def test_preview_shows_the_unsaved_text_with_the_computed_figures(client, cast, province_awards):
    report = five_year(client, cast["clerk"], province_awards["province"])
    paragraph = "Năm 2023, đơn vị dẫn đầu Khối thi đua số 2."

    response = client.post(reverse("reports:report-preview", args=[report.pk]), edit_data(report, leadership=paragraph))

    html = response.content.decode()
    assert response.status_code == 200
    assert paragraph in html
    assert "đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân" in html
    report.refresh_from_db()
    assert paragraph not in report.leadership  # a preview saves nothing


def test_a_second_writer_does_not_overwrite_the_first(client, cast, province_awards):
    report = five_year(client, cast["clerk"], province_awards["province"])
    opened_by_clerk = edit_data(report)
    client.force_login(cast["leader"])
    client.post(reverse("reports:report-edit", args=[report.pk]), edit_data(report, direction="Bản của lãnh đạo."))

    client.force_login(cast["clerk"])
    response = client.post(
        reverse("reports:report-edit", args=[report.pk]), {**opened_by_clerk, "direction": "Bản của văn thư."}
    )

    report.refresh_from_db()
    assert response.status_code == 200
    assert "sau khi bạn mở trang" in response.content.decode()
    assert report.direction == "Bản của lãnh đạo."


# -- the PDF and the issue -------------------------------------------------------------------------------------


def test_generating_the_pdf_runs_in_the_background_and_shows_the_edited_text(
    client, cast, province_awards, tmp_path, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    render = ready_to_issue(client, report, django_capture_on_commit_callbacks)

    assert (render.state, render.percent, render.created_by) == (RenderState.DONE, 100, cast["clerk"])
    assert render.pages >= 5
    status = client.get(reverse("reports:render-status", args=[render.pk])).json()
    assert status["final"] and status["percent"] == 100
    download = client.get(reverse("reports:render-download", args=[render.pk]))
    text = pdf_text(b"".join(download.streaming_content), tmp_path)
    assert "Số: 15/BC-VKS" in text
    assert "ngày 20 tháng 11 năm 2024" in text
    assert "Tham gia tích cực phong trào “Toàn dân bảo vệ an ninh Tổ quốc”." in text
    assert "đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân" in text
    assert "PHỤ LỤC IV" in text and "BIỂU ĐỒ SỐ LƯỢT KHEN THƯỞNG THEO NĂM" in text
    assert "(Nội dung do đơn vị soạn thảo)" not in text


def test_issue_needs_a_number_a_date_no_prompt_and_the_pdf_of_the_current_text(
    client, cast, province_awards, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    problems = services.issue_problems(report, None)
    assert "Chưa nhập số, ký hiệu của báo cáo." in problems
    assert "Chưa nhập ngày báo cáo." in problems
    assert any("còn đoạn cần bổ sung" in problem for problem in problems)
    assert "Hãy tạo bản PDF của nội dung hiện tại và xem lại trước khi ban hành." in problems

    render = ready_to_issue(client, report, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert services.issue_problems(report, render) == []

    # The text changes after the PDF: that PDF can no longer be issued.
    client.post(reverse("reports:report-edit", args=[report.pk]), edit_data(report, direction="Sửa lại."))
    report.refresh_from_db()
    client.force_login(cast["leader"])
    response = client.post(reverse("reports:report-issue", args=[report.pk]), {"render": render.pk}, follow=True)
    assert "Hãy tạo bản PDF của nội dung hiện tại" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_an_issued_report_does_not_change_when_the_records_change(
    client, cast, province_awards, staff, tmp_path, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    render = ready_to_issue(client, report, django_capture_on_commit_callbacks)
    client.force_login(cast["leader"])
    client.post(reverse("reports:report-issue", args=[report.pk]), {"render": render.pk})
    report.refresh_from_db()
    assert (report.state, report.issued_by) == (ReportState.ISSUED, cast["leader"])
    issued_pdf = b"".join(client.get(reverse("reports:report-pdf", args=[report.pk])).streaming_content)

    # Later: a new award of 2023 is recorded and one of 2022 is revoked.
    AwardFactory(code="LDTT", person=staff["dung"], year=2023, decision=DecisionFactory(date=D(2024, 1, 5)))
    revoked = award_services.award_revoke(
        award=AwardFactory(
            code="GK", unit=province_awards["kv2"], year=2022, decision=DecisionFactory(date=D(2022, 3, 1))
        ),
        on=D(2025, 1, 1),
        revoking_decision="9/QĐ-VKS",
        reason="Thử",
    )
    assert revoked.revoked_on

    report.refresh_from_db()
    again = b"".join(client.get(reverse("reports:report-pdf", args=[report.pk])).streaming_content)
    assert again == issued_pdf
    assert report.figures["totals"] == {"collectives": 4, "individuals": 4, "total": 8}
    assert services.figures_of(report)["totals"]["total"] == 8
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert 'id="issued-figures"' in page
    assert "đã được khen thưởng 01 lượt tập thể và 02 lượt cá nhân" in pdf_text(again, tmp_path)
    # The records did change: a new draft counts the new award.
    fresh = services.figures_of(
        Report(unit=province_awards["province"], kind=ReportKind.FIVE_YEAR, start_year=2020, end_year=2024)
    )
    assert fresh["totals"]["individuals"] == 5
    # Nothing of an issued report can be edited or generated again.
    assert client.get(reverse("reports:report-edit", args=[report.pk])).status_code == 403
    client.post(reverse("reports:render-create", args=[report.pk]))
    assert report.renders.count() == 1


def test_a_correction_is_a_new_edition_and_there_is_only_one(
    client, cast, province_awards, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    render = ready_to_issue(client, report, django_capture_on_commit_callbacks)
    client.force_login(cast["leader"])
    client.post(reverse("reports:report-issue", args=[report.pk]), {"render": render.pk})

    client.force_login(cast["clerk"])
    response = client.post(reverse("reports:report-correct", args=[report.pk]))

    correction = Report.objects.get(previous=report)
    assert response.url == reverse("reports:report-edit", args=[correction.pk])
    assert (correction.edition, correction.state, correction.number) == (2, ReportState.DRAFT, "")
    assert correction.direction == Report.objects.get(pk=report.pk).direction
    again = client.post(reverse("reports:report-correct", args=[report.pk]), follow=True)
    assert "đã có bản sửa đổi" in again.content.decode()
    assert Report.objects.count() == 2


# -- who may do what ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_create"),
    [
        ("clerk", True),
        ("leader", True),
        ("admin", True),
        ("regional_clerk", False),  # a clerk of a unit below the province cannot report for the province
        ("council_secretary", False),
        ("council_member", False),
        ("outsider", False),
    ],
)
def test_who_may_draft_the_provinces_report(client, cast, province_awards, role, may_create):
    response = create(client, cast[role], unit=province_awards["province"], kind="annual", year=2024)
    assert Report.objects.exists() is may_create
    if not may_create:
        assert response.status_code in (200, 403)


@pytest.mark.parametrize(
    ("role", "sees", "edits", "issues"),
    [
        ("clerk", True, True, False),
        ("leader", True, True, True),
        ("admin", True, True, True),
        ("council_secretary", True, False, False),
        ("council_member", True, False, False),
        ("regional_clerk", False, False, False),
        ("outsider", False, False, False),
    ],
)
def test_who_may_see_edit_and_issue_a_report(
    client, cast, province_awards, role, sees, edits, issues, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    render = ready_to_issue(client, report, django_capture_on_commit_callbacks)
    client.force_login(cast[role])

    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == (200 if sees else 404)
    edit = client.get(reverse("reports:report-edit", args=[report.pk])).status_code
    assert edit == (200 if edits else 403 if sees else 404)
    download = client.get(reverse("reports:render-download", args=[render.pk])).status_code
    assert download == (200 if sees else 404)
    client.post(reverse("reports:report-issue", args=[report.pk]), {"render": render.pk})
    report.refresh_from_db()
    assert (report.state == ReportState.ISSUED) is issues


def test_report_list_shows_only_reports_in_scope_in_a_fixed_number_of_queries(
    client, cast, province_awards, django_assert_max_num_queries
):
    five_year(client, cast["clerk"], province_awards["province"])
    other = ReportFactory(unit=province_awards["other"], start_year=2024)
    client.force_login(cast["clerk"])
    with django_assert_max_num_queries(8):
        few = client.get(reverse("reports:report-list"))
    for year in range(2010, 2020):
        ReportFactory(unit=province_awards["kv1"], start_year=year)
    with django_assert_max_num_queries(8):
        many = client.get(reverse("reports:report-list"))

    assert reverse("reports:report-detail", args=[other.pk]) not in many.content.decode()
    assert few.content.decode().count("/bao-cao/") < many.content.decode().count("/bao-cao/")
    assert many.content.decode().count("Tổng kết năm 201") == 10


def test_excel_appendix_lists_every_recipient_of_higher_awards(client, cast, province_awards):
    from openpyxl import load_workbook  # noqa: PLC0415

    report = five_year(client, cast["clerk"], province_awards["province"])
    response = client.get(reverse("reports:report-higher-xlsx", args=[report.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    # Higher than the head of the province: the flag (VKSTC), BK TTg, BK VKSTC and the UBND flag.
    assert sorted(row[5] for row in rows) == sorted(["20/QĐ-VKSTC", "950/QĐ-TTg", "310/QĐ-VKSTC", "2500/QĐ-UBND"])


def test_a_pdf_queued_before_an_edit_prints_the_text_of_when_it_runs(
    client, cast, province_awards, tmp_path, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    with django_capture_on_commit_callbacks(execute=False):
        render = services.render_request(report=report, by=cast["clerk"])
    report = services.report_update(
        report=report, data={"direction": "Văn bản sửa khi bản PDF còn chờ."}, by=cast["leader"],
        expected_version=report.version,
    )  # fmt: skip

    render = services.render_run(render_id=render.pk)

    assert (render.state, render.report_version) == (RenderState.DONE, report.version)
    with render.pdf.open("rb") as data:
        assert "Văn bản sửa khi bản PDF còn chờ." in pdf_text(data.read(), tmp_path)


def test_a_second_click_follows_the_running_pdf_unless_it_looks_lost(
    client, cast, province_awards, django_capture_on_commit_callbacks
):
    report = five_year(client, cast["clerk"], province_awards["province"])
    with django_capture_on_commit_callbacks(execute=False):
        first = services.render_request(report=report, by=cast["clerk"])
        second = services.render_request(report=report, by=cast["leader"])
        assert second == first
        ReportRender.objects.filter(pk=first.pk).update(
            state=RenderState.RUNNING, created_at=timezone.now() - datetime.timedelta(minutes=11)
        )
        third = services.render_request(report=report, by=cast["leader"])

    assert third != first
    assert report.renders.count() == 2
