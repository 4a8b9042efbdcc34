"""The report of a cluster (Cụm thi đua): its head unit's clerk drafts the 6-month review of the cluster's year; the
report shows the members with their scores and ranks, the flag vote against the rule set's threshold, the unit
proposed for the flag, the pledge's targets against their results and the members' awards of the half-year; the
head unit's leader signs it on behalf of the cluster; issuing it freezes its figures like a unit's report."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from emulation import services as emulation_services
from emulation.enums import CriterionKind, MemberRole
from emulation.models import PledgeTarget, ScoreCriterion, ScoreSheet, ScoreTemplate
from reports import groups, services
from reports.models import RenderState, Report, ReportKind, ReportState
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.emulation import PledgeFactory, make_group
from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from tests.pdf import pdf_text
from units.common import pdf
from units.enums import Role, UnitLevel

pytestmark = [pytest.mark.integration, pytest.mark.today("2025-12-10")]

D = datetime.date
VOTED_ON = D(2025, 11, 25)
TARGETS = [
    ("Tỷ lệ giải quyết tin báo, tố giác về tội phạm", "Trên 90%"),
    ("Sáng kiến được công nhận", "Ít nhất 01 sáng kiến/đơn vị"),
]


@pytest.fixture
def kv3(tree):
    return UnitFactory(
        code="VKS-T-KV3", name="Viện kiểm sát nhân dân khu vực 3", level=UnitLevel.REGIONAL, parent=tree["province"]
    )


@pytest.fixture
def template():
    template = ScoreTemplate.objects.create(name="Bảng chấm điểm VKSND khu vực", year=2025, basis="QĐ 424/QĐ-VKSTC")
    rows = [
        ("Công tác công tố, kiểm sát điều tra", CriterionKind.CRITERION, 60),
        ("Công tác kiểm sát xét xử", CriterionKind.CRITERION, 40),
        ("Sáng kiến cấp ngành", CriterionKind.BONUS, 3),
        ("Có công chức bị kỷ luật", CriterionKind.PENALTY, 5),
    ]
    for order, (text, kind, points) in enumerate(rows, start=1):
        ScoreCriterion.objects.create(template=template, order=order, text=text, kind=kind, max_points=points)
    return template


def score(group, unit, template, agreed: list, own: list | None = None) -> None:
    own = own or agreed
    criteria = list(template.criteria.order_by("order"))
    scores = {criterion.pk: (own[i], agreed[i]) for i, criterion in enumerate(criteria)}
    emulation_services.score_sheet_save(sheet=ScoreSheet(group=group, unit=unit, template=template), scores=scores)


@pytest.fixture
def cluster(tree, kv3, template):
    """Cụm thi đua số 1 of 2025: khu vực 1 heads it, khu vực 2 is its deputy, khu vực 3 is not rated this year.
    Scores: khu vực 2 97, khu vực 1 95, khu vực 3 82 (not ranked); the flag vote proposes khu vực 2 (3/3), not khu
    vực 1 (2/3 = 66,7%, below 80%)."""
    group = make_group(
        tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY, kv3: MemberRole.MEMBER}
    )
    emulation_services.membership_mark_not_rated(
        membership=group.memberships.get(unit=kv3), reason="Có công chức bị xử lý kỷ luật trong năm"
    )
    PersonFactory(code="CB-VT-KV1", full_name="Hoàng Văn Khoát", position="Viện trưởng", unit=tree["kv1"])
    D_ = Decimal
    score(group, tree["kv1"], template, [D_(55), D_(38), D_(2), None], own=[D_(56), D_(39), D_(2), None])
    score(group, tree["kv2"], template, [D_(58), D_(39), None, D_(0)])
    score(group, kv3, template, [D_(50), D_(35), None, D_(3)])
    emulation_services.flag_vote_record(group=group, candidate=tree["kv2"], agree=3, voted_on=VOTED_ON)
    emulation_services.flag_vote_record(group=group, candidate=tree["kv1"], agree=2, voted_on=VOTED_ON)
    pledge = PledgeFactory(group=group, signed_on=D(2025, 2, 20), theme="Đoàn kết, đổi mới", targets=TARGETS)
    PledgeTarget.objects.filter(pledge=pledge, order=1).update(result="Đạt 96,4%")
    return group


@pytest.fixture
def half_year_awards(tree, staff, kv3):
    """Awards decided in the 6-month window of 2025 (01/12/2024–31/05/2025) to the members' subtrees, and some that
    must not count: decided after the window, or in another province."""
    in_window = DecisionFactory(number="12/QĐ-VKS", date=D(2025, 1, 10))
    AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2024, decision=in_window)
    AwardFactory(code="LDTT", person=staff["hang"], year=2024, decision=in_window)  # khu vực 1
    mai = PersonFactory(code="CB-MAI", full_name="Đỗ Thị Mai", unit=tree["kv1_office"])
    AwardFactory(code="LDTT", person=mai, year=2024, decision=in_window)  # a phòng of khu vực 1
    lan = PersonFactory(code="CB-LAN", full_name="Phạm Thị Lan", unit=tree["kv2"])
    AwardFactory(code="GK", person=lan, year=2025, decision=DecisionFactory(number="30/QĐ-VKS", date=D(2025, 3, 1)))
    # Not counted: after the window; another province.
    AwardFactory(code="LDTT", person=lan, year=2025, decision=DecisionFactory(date=D(2025, 7, 1)))
    AwardFactory(code="LDTT", person=staff["outsider"], year=2024, decision=in_window)


def six_month(group) -> dict:
    return groups.compute_figures(group=group, kind=ReportKind.SIX_MONTH)


# -- the figures ------------------------------------------------------------------------------------------------


def test_members_are_ranked_by_their_agreed_scores(tree, cluster):
    figures = six_month(cluster)

    assert [(m["name"], m["role_label"], m["is_rated"], m["rank"]) for m in figures["members"]] == [
        ("Viện kiểm sát nhân dân khu vực 1", "Cụm trưởng", True, 2),
        ("Viện kiểm sát nhân dân khu vực 2", "Cụm phó", True, 1),
        ("Viện kiểm sát nhân dân khu vực 3", "Thành viên", False, None),
    ]
    (table,) = figures["scores"]
    assert table["template"]["name"] == "Bảng chấm điểm VKSND khu vực"
    assert [(row["name"], row["self_total"], row["agreed_total"], row["rank"]) for row in table["rows"]] == [
        ("Viện kiểm sát nhân dân khu vực 2", "97", "97", 1),
        ("Viện kiểm sát nhân dân khu vực 1", "97", "95", 2),  # 55 + 38 + 2 bonus; self 56 + 39 + 2
        ("Viện kiểm sát nhân dân khu vực 3", "82", "82", None),  # 50 + 35 − 3, not rated: last, no rank
    ]
    assert figures["not_rated"] == [
        {"name": "Viện kiểm sát nhân dân khu vực 3", "reason": "Có công chức bị xử lý kỷ luật trong năm"}
    ]
    assert figures["head"] == {"code": "VKS-T-KV1", "name": "Viện kiểm sát nhân dân khu vực 1"}
    assert figures["leading_by_score"] == ["Viện kiểm sát nhân dân khu vực 2"]


def test_flag_vote_is_judged_by_the_rule_sets_threshold(cluster):
    figures = six_month(cluster)

    assert figures["flag_rule"] == {"percent": 80, "award": "Cờ thi đua ngành Kiểm sát nhân dân"}
    assert [(v["candidate"], v["agree"], v["total"], v["share"], v["proposed"]) for v in figures["flag_votes"]] == [
        ("Viện kiểm sát nhân dân khu vực 2", 3, 3, "100%", True),
        ("Viện kiểm sát nhân dân khu vực 1", 2, 3, "66,7%", False),
    ]
    assert [vote["candidate"] for vote in figures["proposed"]] == ["Viện kiểm sát nhân dân khu vực 2"]


def test_pledge_targets_come_with_their_results(cluster):
    (pledge,) = six_month(cluster)["pledges"]

    assert (pledge["signed_on"], pledge["place"], pledge["theme"]) == ("20/02/2025", "Huế", "Đoàn kết, đổi mới")
    assert pledge["targets"] == [
        {"indicator": TARGETS[0][0], "target_value": "Trên 90%", "result": "Đạt 96,4%"},
        {"indicator": TARGETS[1][0], "target_value": "Ít nhất 01 sáng kiến/đơn vị", "result": ""},
    ]


def test_members_awards_of_the_half_year_count_their_subtrees_by_decision_date(cluster, half_year_awards):
    figures = six_month(cluster)

    assert [(m["code"], m["collectives"], m["individuals"]) for m in figures["members"]] == [
        ("VKS-T-KV1", 1, 2),
        ("VKS-T-KV2", 0, 1),
        ("VKS-T-KV3", 0, 0),
    ]
    assert figures["award_totals"] == {"collectives": 1, "individuals": 3, "total": 4}
    by_type = {row["name"]: (row["collectives"], row["individuals"]) for row in figures["award_types"]}
    assert by_type == {"Tập thể lao động tiên tiến": (1, 0), "Lao động tiên tiến": (0, 2), "Giấy khen": (0, 1)}
    annual = groups.compute_figures(group=cluster, kind=ReportKind.ANNUAL)
    assert annual["award_totals"]["individuals"] == 2  # by achievement year 2025: the Giấy khen and the July LĐTT


@pytest.mark.parametrize("members", [1, 3])
def test_figures_in_a_fixed_number_of_queries(tree, template, members, django_assert_num_queries):
    units = [
        UnitFactory(code=f"VKS-T-Q{i}", name=f"Viện kiểm sát nhân dân khu vực Q{i}", parent=tree["province"])
        for i in range(members)
    ]
    group = make_group(
        tree, 2025, {unit: MemberRole.HEAD if i == 0 else MemberRole.MEMBER for i, unit in enumerate(units)}
    )
    PledgeFactory(group=group, targets=TARGETS)
    for i, unit in enumerate(units):
        score(group, unit, template, [Decimal(50 + i), Decimal(30), None, None])
        emulation_services.flag_vote_record(group=group, candidate=unit, agree=1, voted_on=VOTED_ON)

    # the group with its organiser, the members, the links of the tree, the awards per member and per type, the
    # sheets' totals, the votes, the rule set of the year, the pledges and their targets
    with django_assert_num_queries(10):
        figures = six_month(group)

    assert len(figures["members"]) == members


def test_a_cluster_has_no_five_year_report(cluster):
    with pytest.raises(ValueError, match="chỉ có sơ kết 6 tháng hoặc tổng kết năm"):
        groups.compute_figures(group=cluster, kind=ReportKind.FIVE_YEAR)


# -- the printed report ------------------------------------------------------------------------------------------


def test_the_pdf_shows_members_ranks_the_proposed_unit_and_the_head_units_signature(
    cast, cluster, half_year_awards, tmp_path
):
    report = services.group_report_create(group=cluster, kind=ReportKind.SIX_MONTH, by=cast["regional_clerk"])

    text = pdf_text(pdf.html_to_pdf(services.report_html(report)), tmp_path)

    assert (
        "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025 của Cụm thi đua số 1 và nhiệm vụ trọng tâm "
        "6 tháng cuối năm 2025" in text
    )
    assert "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1" in text  # the head unit's letterhead
    assert (
        "Cụm thi đua số 1 năm 2025 gồm 03 đơn vị: Viện kiểm sát nhân dân khu vực 1, Viện kiểm sát nhân dân khu vực 2, "
        "Viện kiểm sát nhân dân khu vực 3; Viện kiểm sát nhân dân khu vực 1 là Cụm trưởng, Viện kiểm sát nhân dân "
        "khu vực 2 là Cụm phó." in text
    )
    assert "1 Viện kiểm sát nhân dân khu vực 2 Cụm phó 97 97 1" in text
    assert "2 Viện kiểm sát nhân dân khu vực 1 Cụm trưởng 97 95 2" in text
    assert "3 Viện kiểm sát nhân dân khu vực 3 Thành viên 82 82 Không xét" in text
    assert "Viện kiểm sát nhân dân khu vực 3 không được xét thi đua năm 2025: có công chức bị xử lý kỷ luật" in text
    assert "từ 80% trở lên tổng số đơn vị thành viên Cụm đồng ý" in text
    assert (
        "Cụm thi đua số 1 thống nhất suy tôn Viện kiểm sát nhân dân khu vực 2 là đơn vị dẫn đầu Cụm, đề nghị tặng "
        "Cờ thi đua ngành Kiểm sát nhân dân năm 2025 (03/03 đơn vị đồng ý, đạt 100%)." in text
    )
    # The pledge's targets: the results' column is read apart from the others (the indicators wrap in their cells).
    assert "Tỷ lệ giải quyết tin báo, tố giác về tội phạm Trên 90% 2 Sáng kiến được công nhận" in text
    assert "Kết quả thực hiện Đạt 96,4% Chưa đánh giá" in text
    assert "đã được khen thưởng 01 lượt tập thể, 03 lượt cá nhân (tổng cộng 04 lượt)" in text
    assert "TM. CỤM THI ĐUA SỐ 1 CỤM TRƯỞNG Hoàng Văn Khoát" in text
    assert "Viện kiểm sát nhân dân tỉnh T (để báo cáo)" in text


def test_a_cluster_without_scores_or_vote_says_so(cast, tree):
    group = make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    report = services.group_report_create(group=group, kind=ReportKind.ANNUAL, by=cast["clerk"])

    html = services.report_html(report)

    assert "Tổng kết công tác thi đua, khen thưởng năm 2025 của Cụm thi đua số 1" in html
    assert "Trong kỳ, Cụm chưa tổ chức chấm điểm thi đua." in html
    assert "Trong kỳ, Cụm chưa tổ chức bình xét, suy tôn đơn vị dẫn đầu." in html
    assert "Trong kỳ, Cụm chưa ký kết Giao ước thi đua." in html
    assert "III. Phương hướng, nhiệm vụ năm 2026" in html


def test_document_of_names_the_clusters_template(cast, cluster):
    report = services.group_report_create(group=cluster, kind=ReportKind.SIX_MONTH, by=cast["clerk"])

    template, context = services.document_of(report)

    assert template == "pdf/group_report.html"
    assert context["group_name"] == "Cụm thi đua số 1"
    assert services.document_of(Report(unit=report.unit, kind=ReportKind.ANNUAL, start_year=2025, end_year=2025))[
        0
    ] == ("pdf/report.html")


# -- creating one, by role ---------------------------------------------------------------------------------------


def create(client, user, cluster, **data):
    client.force_login(user)
    values = {"unit": "", "group": cluster.pk, "kind": "six_month", "year": cluster.year, **data}
    return client.post(reverse("reports:report-create"), values)


@pytest.fixture
def member_clerk(tree):
    """The clerk of khu vực 2, a member of the cluster but not its head."""
    return user_with_role(Role.CLERK, tree["kv2"], "member_clerk")


@pytest.mark.parametrize(
    ("role", "may_create"),
    [
        ("regional_clerk", True),  # the head unit's clerk
        ("clerk", True),  # the organiser's
        ("leader", True),
        ("admin", True),
        ("member_clerk", False),
        ("council_member", False),
        ("outsider", False),
    ],
)
def test_who_may_draft_the_clusters_report(client, cast, cluster, member_clerk, role, may_create):
    user = member_clerk if role == "member_clerk" else cast[role]
    client.force_login(user)
    page = client.get(reverse("reports:report-create"))

    response = create(client, user, cluster)

    if may_create:
        report = Report.objects.get()
        assert response.url == reverse("reports:report-edit", args=[report.pk])
        assert (report.group, report.unit, report.kind, report.start_year) == (
            cluster,
            cluster.memberships.get(role=MemberRole.HEAD).unit,
            ReportKind.SIX_MONTH,
            2025,
        )
        assert (report.window_start, report.window_end) == (D(2024, 12, 1), D(2025, 5, 31))
        assert (report.sign_authority, report.sign_position) == ("TM. CỤM THI ĐUA SỐ 1", "CỤM TRƯỞNG")
        assert report.signer_name == "Hoàng Văn Khoát"
        assert report.history.first().history_user == user
        assert "Cụm thi đua số 1 năm 2025" in page.content.decode()
    else:
        assert not Report.objects.exists()
        assert response.status_code in (200, 403)
        assert page.status_code == 403 or "Cụm thi đua số 1 năm 2025" not in page.content.decode()


def test_a_five_year_report_of_a_cluster_is_refused(client, cast, cluster):
    response = create(client, cast["clerk"], cluster, kind="five_year", start_year=2021, end_year=2025)

    assert "Báo cáo của Cụm, Khối chỉ có sơ kết 6 tháng hoặc tổng kết năm." in response.content.decode()
    with pytest.raises(services.ReportError):
        services.group_report_create(group=cluster, kind=ReportKind.FIVE_YEAR, by=cast["clerk"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            unit=cluster.organiser, group=cluster, kind=ReportKind.FIVE_YEAR, start_year=2021, end_year=2025
        )
    assert not Report.objects.exists()


def test_the_year_is_the_clusters_and_not_both_a_unit_and_a_cluster(client, cast, cluster, tree):
    wrong_year = create(client, cast["clerk"], cluster, year=2024)
    both = create(client, cast["clerk"], cluster, unit=tree["kv1"].code)
    neither = create(client, cast["clerk"], cluster, group="")

    assert "Năm báo cáo phải là năm của Cụm thi đua số 1 (2025)." in wrong_year.content.decode()
    assert "Chọn đơn vị hoặc Cụm, Khối thi đua, không chọn cả hai." in both.content.decode()
    assert "Hãy chọn đơn vị, hoặc một Cụm, Khối thi đua." in neither.content.decode()
    assert not Report.objects.exists()


# -- seeing it, its pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [("regional_clerk", True), ("clerk", True), ("leader", True), ("member_clerk", False), ("outsider", False)],
)
def test_the_report_is_seen_in_the_head_units_and_the_organisers_scope(client, cast, cluster, member_clerk, role, sees):
    report = services.group_report_create(group=cluster, kind=ReportKind.SIX_MONTH, by=cast["regional_clerk"])
    client.force_login(member_clerk if role == "member_clerk" else cast[role])

    detail = client.get(reverse("reports:report-detail", args=[report.pk]))
    listing = client.get(reverse("reports:report-list")).content.decode()

    assert detail.status_code == (200 if sees else 404)
    assert (reverse("reports:report-detail", args=[report.pk]) in listing) is sees
    if sees:
        assert "Cụm thi đua số 1" in detail.content.decode()
        assert "Cụm thi đua số 1 (2025)" in listing


def test_the_organisers_writers_reach_a_cluster_whose_head_is_outside_their_scope(client, tree):
    """A sector cluster organised by province X with a member of province T at its head: X's clerk drafts it."""
    group = make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD}, name="Cụm thi đua số 8")
    group.organiser = tree["other"]
    group.save()
    organiser_clerk = user_with_role(Role.CLERK, tree["other"], "organiser_clerk")

    response = create(client, organiser_clerk, group)

    report = Report.objects.get()
    assert response.status_code == 302
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:report-edit", args=[report.pk])).status_code == 200


def test_edit_page_preview_and_no_higher_awards_appendix(client, cast, cluster):
    report = services.group_report_create(group=cluster, kind=ReportKind.SIX_MONTH, by=cast["clerk"])
    client.force_login(cast["clerk"])
    data = {field: getattr(report, field) or "" for field in services.EDITABLE_FIELDS}
    data.update(date="", version=report.version, leadership="Cụm đã tổ chức kiểm tra chéo giữa các đơn vị.")

    edit = client.get(reverse("reports:report-edit", args=[report.pk])).content.decode()
    preview = client.post(reverse("reports:report-preview", args=[report.pk]), data).content.decode()
    detail = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()

    assert "Công tác tổ chức, chỉ đạo hoạt động của Cụm, Khối (mở đầu)" in edit
    assert "Cụm đã tổ chức kiểm tra chéo giữa các đơn vị." in preview
    assert "Kết quả chấm điểm, xếp hạng thi đua" in preview
    assert reverse("reports:report-higher-xlsx", args=[report.pk]) not in detail
    assert client.get(reverse("reports:report-higher-xlsx", args=[report.pk])).status_code == 404


# -- issue and edition -------------------------------------------------------------------------------------------


def test_issue_freezes_the_figures_and_a_correction_stays_the_clusters(
    client, cast, cluster, tree, tmp_path, django_capture_on_commit_callbacks
):
    report = services.group_report_create(group=cluster, kind=ReportKind.SIX_MONTH, by=cast["regional_clerk"])
    data = {
        field: services.drafting.PROMPT.sub("", getattr(report, field)).strip() for field in services.NARRATIVE_FIELDS
    }
    data.update(number="05/BC-CTĐ1", date=D(2025, 6, 20))
    report = services.report_update(
        report=report, data=data, by=cast["regional_clerk"], expected_version=report.version
    )
    with django_capture_on_commit_callbacks(execute=True):
        render = services.render_request(report=report, by=cast["regional_clerk"])
    render.refresh_from_db()
    assert render.state == RenderState.DONE, render.error

    services.report_issue(report=report, render=render, by=cast["leader"])
    # Later, the cluster changes its mind: khu vực 1 gets every vote.
    emulation_services.flag_vote_record(group=cluster, candidate=tree["kv1"], agree=3, voted_on=VOTED_ON)

    report.refresh_from_db()
    assert report.state == ReportState.ISSUED
    assert [vote["candidate"] for vote in report.figures["proposed"]] == ["Viện kiểm sát nhân dân khu vực 2"]
    assert services.figures_of(report) == report.figures
    client.force_login(cast["regional_clerk"])
    issued = b"".join(client.get(reverse("reports:report-pdf", args=[report.pk])).streaming_content)
    text = pdf_text(issued, tmp_path)
    assert "Số: 05/BC-CTĐ1" in text
    assert "suy tôn Viện kiểm sát nhân dân khu vực 2 là đơn vị dẫn đầu Cụm" in text
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert 'id="issued-group-figures"' in page

    correction = services.report_correct(report=report, by=cast["regional_clerk"])

    assert (correction.group, correction.unit, correction.edition) == (cluster, tree["kv1"], 2)
    proposed = [vote["candidate"] for vote in services.figures_of(correction)["proposed"]]
    assert proposed == ["Viện kiểm sát nhân dân khu vực 1", "Viện kiểm sát nhân dân khu vực 2"]


def test_the_word_copy_has_the_same_figures(client, cast, cluster):
    report = services.group_report_create(group=cluster, kind=ReportKind.SIX_MONTH, by=cast["regional_clerk"])
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("reports:report-docx", args=[report.pk]))

    document = docx.Document(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert "thống nhất suy tôn Viện kiểm sát nhân dân khu vực 2 là đơn vị dẫn đầu Cụm" in text
    assert ["1", "Viện kiểm sát nhân dân khu vực 2", "Cụm phó", "97", "97", "1"] in cells
