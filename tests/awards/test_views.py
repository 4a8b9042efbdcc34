"""The register pages through the views: person and unit sections, search, export, decisions, awards, revocation."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from awards.catalogue import calendar as cal
from awards.catalogue.models import IssuingBody
from awards.register import services
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.units import PersonFactory
from tests.files import pdf_bytes
from units import importing
from units.models import ExportJob

pytestmark = pytest.mark.integration

PDF = pdf_bytes()


class _Table(HTMLParser):
    """The text of each cell of the body rows of the table with a given id, and each row's classes.

    Text shown only on phones (`d-md-none`, a copy of a column hidden there) is left out.
    """

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # > 0 inside the wanted table
        self.in_body = False
        self.rows: list[list[str]] = []
        self.classes: list[str] = []
        self.cell: list[str] | None = None
        self.hidden = 0  # > 0 inside a phone-only element

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.hidden or "d-md-none" in (attrs.get("class") or "").split():
            self.hidden += 1
        elif tag == "table" and (self.depth or attrs.get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.depth and self.in_body and tag == "tr":
            self.rows.append([])
            self.classes.append(attrs.get("class") or "")
        elif self.depth and self.in_body and tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden -= 1
        elif tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag == "tbody":
            self.in_body = False
        elif self.cell is not None and tag in {"td", "th"}:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table(response, table_id: str) -> _Table:
    parser = _Table(table_id)
    parser.feed(response.content.decode())
    return parser


def chains_text(response) -> list[str]:
    """The text of each item of the chain list on the person page."""
    body = response.content.decode()
    if 'id="person-chains"' not in body:
        return []
    block = body.split('id="person-chains"', 1)[1].split("</ul>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in block.split("<li>")[1:]]


def revoke(award, on=datetime.date(2026, 3, 2), reason="Hồ sơ khai sai thành tích"):
    return services.award_revoke(award=award, on=on, revoking_decision="31/QĐ-VKS-T", reason=reason)


# -- person and unit pages -------------------------------------------------------------------------


def test_person_page_lists_the_awards_by_year_with_decision_and_issuer(client, cast, history):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:person-detail", args=[history["person"].pk]))

    rows = table(response, "person-awards").rows
    assert [(row[0], row[1]) for row in rows] == [
        ("2020", "Lao động tiên tiến"),
        ("2021", "Lao động tiên tiến"),
        ("2022", "Chiến sĩ thi đua cơ sở"),
        ("2022", "Lao động tiên tiến"),
        ("2023", "Chiến sĩ thi đua cơ sở"),
        ("2023", "Lao động tiên tiến"),
        ("2024", "Chiến sĩ thi đua cơ sở"),
        ("2024", "Lao động tiên tiến"),
        ("2024", "Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao"),
    ]
    assert rows[0][2] == "20/QĐ-VKS-T ngày 20/12/2020"
    assert rows[0][3] == "Viện kiểm sát nhân dân tỉnh T"
    assert rows[-1][2] == "512/QĐ-VKSTC ngày 15/01/2025"


def test_person_page_shows_every_chain_of_two_years_or_more(client, cast, history):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:person-detail", args=[history["person"].pk]))

    # Ordered like the report (CSTĐCS before LĐTT). In 2026 neither runs on to the last work year.
    assert chains_text(response)[:2] == ["CSTĐCS 3 năm liên tục 2022–2024", "LĐTT 5 năm liên tục 2020–2024"]


def test_person_page_marks_the_chains_still_running(client, cast, staff):
    this_year = cal.year_under_review()
    for year in (this_year - 2, this_year - 1):
        AwardFactory(code="LDTT", person=staff["dung"], year=year)
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:person-detail", args=[staff["dung"].pk]))

    assert chains_text(response) == [
        f"LĐTT 2 năm liên tục {this_year - 2}–{this_year - 1} liên tục đến nay",
    ]


def test_a_revoked_award_is_struck_through_and_leaves_the_chain(client, cast, history):
    revoke(history["cstdcs"][1])  # CSTĐCS 2023
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:person-detail", args=[history["person"].pk]))

    parsed = table(response, "person-awards")
    row = parsed.rows[4]
    assert row[0:2] == [
        "2023",
        "Chiến sĩ thi đua cơ sở Đã hủy ngày 02/03/2026 (31/QĐ-VKS-T). Lý do: Hồ sơ khai sai thành tích",
    ]
    assert "award-revoked" in parsed.classes[4]
    assert [c for c in parsed.classes if "award-revoked" in c] == [parsed.classes[4]]
    assert chains_text(response) == ["LĐTT 5 năm liên tục 2020–2024"]
    assert "8 lượt; 1 lượt đã hủy không tính" in response.content.decode()


def test_unit_page_shows_collective_awards_and_staff_counts_by_year(client, cast, tree, history):
    revoke(history["ldtt"][0])  # LĐTT 2020 no longer counts
    client.force_login(cast["leader"])

    response = client.get(reverse("units:unit-detail", args=[tree["kv1"].pk]))

    collective = table(response, "unit-awards").rows
    assert [(row[0], row[1], row[2]) for row in collective] == [
        ("2023", "Tập thể lao động tiên tiến", "23/QĐ-VKS-T ngày 20/12/2023"),
        ("2024", "Tập thể lao động tiên tiến", "24/QĐ-VKS-T ngày 20/12/2024"),
    ]
    # Columns: year, CSTĐCS, LĐTT, Bằng khen VKSTC, total.
    assert table(response, "staff-award-counts").rows == [
        ["2024", "1", "1", "1", "3"],
        ["2023", "1", "1", "–", "2"],
        ["2022", "1", "1", "–", "2"],
        ["2021", "–", "1", "–", "1"],
    ]


def test_leader_sees_revoke_buttons_on_the_person_page_and_a_clerk_does_not(client, cast, history):
    url = reverse("units:person-detail", args=[history["person"].pk])
    revoke_url = reverse("awards:award-revoke", args=[history["bk"].pk])

    client.force_login(cast["leader"])
    leader_body = client.get(url).content.decode()
    client.force_login(cast["clerk"])
    clerk_body = client.get(url).content.decode()

    assert revoke_url in leader_body
    assert revoke_url not in clerk_body


# -- register search and export ----------------------------------------------------------------------


def register_rows(client, **params):
    response = client.get(reverse("awards:award-list"), params)
    assert response.status_code == 200
    return [(award.year, award.award_type.code, award.recipient_name) for award in response.context["page"]]


def test_register_search_by_name_without_diacritics(client, cast, history, staff, tree):
    PersonFactory(code="CB-HANG2", full_name="Nguyễn Thị Hằng", unit=tree["kv2"])
    AwardFactory(code="LDTT", person=staff["dung"], year=2024)
    client.force_login(cast["clerk"])

    rows = register_rows(client, q="nguyen thi thanh hang")

    assert len(rows) == 9
    assert {name for _year, _code, name in rows} == {"Nguyễn Thị Thanh Hằng"}
    assert rows[0][0] == 2024
    assert rows[-1] == (2020, "LDTT", "Nguyễn Thị Thanh Hằng")


def test_register_filters(client, cast, history, staff):
    AwardFactory(code="GK", person=staff["dung"], year=2024, kind="ad_hoc")
    revoke(history["cstdcs"][2])
    client.force_login(cast["clerk"])
    cstdcs = award_type("CSTDCS").pk

    assert [row[0] for row in register_rows(client, award_type=cstdcs)] == [2024, 2023, 2022]
    assert [row[0] for row in register_rows(client, award_type=cstdcs, status="valid")] == [2023, 2022]
    assert {row[0] for row in register_rows(client, year_from=2023, year_to=2023)} == {2023}
    assert [row[1] for row in register_rows(client, authority="procurator_general")] == ["BKVKSTC"]
    assert [row[1:] for row in register_rows(client, kind="ad_hoc")] == [("GK", "Trần Văn Dũng")]
    assert [row[:2] for row in register_rows(client, recipient_kind="collective")] == [
        (2024, "TTLDTT"),
        (2023, "TTLDTT"),
    ]
    assert [row[2] for row in register_rows(client, unit=history["person"].unit.parent.pk, kind="ad_hoc")] == [
        "Trần Văn Dũng"
    ]
    assert {row[2] for row in register_rows(client, unit=history["person"].unit.pk)} == {
        "Nguyễn Thị Thanh Hằng",
        "Viện kiểm sát nhân dân khu vực 1",
    }


def test_register_year_range_the_wrong_way_round_is_an_error(client, cast, history):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:award-list"), {"year_from": 2024, "year_to": 2020})

    assert response.context["form"].errors == {"year_to": ["“Đến năm” phải từ “Từ năm” trở đi."]}


def test_register_pages_forward_and_back_without_counting(client, cast, staff):
    decision = DecisionFactory(number="1/QĐ-GK", date=datetime.date(2025, 1, 10))
    for year in range(1970, 2025):  # 55 Giấy khen, one a year
        AwardFactory(code="GK", person=staff["hang"], year=year, decision=decision)
    client.force_login(cast["clerk"])

    first = client.get(reverse("awards:award-list"), {"q": "hang"})
    second = client.get(f"{reverse('awards:award-list')}?{first.context['page'].next_query}")
    back = client.get(f"{reverse('awards:award-list')}?{second.context['page'].previous_query}")

    assert [a.year for a in first.context["page"]] == list(range(2024, 1974, -1))
    assert [a.year for a in second.context["page"]] == [1974, 1973, 1972, 1971, 1970]
    assert second.context["page"].next_query == ""
    assert [a.year for a in back.context["page"]] == list(range(2024, 1974, -1))
    assert back.context["page"].previous_query == ""
    assert "q=hang" in second.context["page"].previous_query


def test_register_export_is_an_xlsx_of_the_interchange_columns_that_imports_again(client, cast, history):
    revoke(history["ldtt"][3])  # LĐTT 2023: the interchange format cannot say "revoked", so it is left out
    client.force_login(cast["clerk"])

    response = client.get(
        reverse("awards:award-export"), {"q": "nguyen thi thanh hang", "year_from": 2023, "layout": "import"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == importing.CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    resource_class = importing.get_resource_class("awards")
    assert list(rows[0]) == resource_class.column_names()
    assert len(rows) == 1 + 4  # CSTĐCS 2023 and 2024, LĐTT 2024, Bằng khen VKSTC 2024
    dataset = importing.load_dataset(io.BytesIO(response.content), "so-khen-thuong.xlsx")
    report = importing.run_import(kind="awards", dataset=dataset, dry_run=True)
    assert report.errors == []
    assert report.new == 0


def test_register_export_keeps_to_the_scope(client, cast, history, staff):
    AwardFactory(code="LDTT", person=staff["outsider"], year=2024)
    client.force_login(cast["outsider"])

    response = client.get(reverse("awards:award-export"))

    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert [row[header.index("Mã cán bộ")] for row in rows[1:]] == ["CB-X"]


# -- decisions ---------------------------------------------------------------------------------------


def decision_data(**overrides):
    data = {
        "number": "45/QĐ-VKS-T",
        "date": "15/01/2026",
        "authority": "unit_head",
        "kind": "regular",
        "signer_name": "Nguyễn Văn Viện",
        "signer_title": "Viện trưởng",
        "summary": "Về việc tặng danh hiệu Lao động tiên tiến năm 2025",
    }
    return {**data, **overrides}


def test_create_a_decision_through_the_page(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:decision-create"),
        {**decision_data(issuing_unit=tree["province"].pk), "scan": SimpleUploadedFile("qd.pdf", PDF)},
    )

    decision = Decision.objects.get(number="45/QĐ-VKS-T")
    assert response.status_code == 302
    assert response.url == reverse("awards:decision-detail", args=[decision.pk])
    assert (decision.date, decision.year, decision.issuing_unit) == (datetime.date(2026, 1, 15), 2026, tree["province"])
    assert decision.created_by == cast["clerk"]
    detail = client.get(response.url)
    body = detail.content.decode()
    assert "Quyết định số 45/QĐ-VKS-T ngày 15/01/2026" in body
    assert "Viện trưởng — Nguyễn Văn Viện" in body
    scan = client.get(reverse("awards:decision-scan", args=[decision.pk]))
    assert scan.status_code == 200
    assert scan["Content-Type"] == "application/pdf"
    assert b"".join(scan.streaming_content) == PDF


def test_decision_form_errors_are_in_vietnamese_on_their_fields(client, cast):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:decision-create"),
        {**decision_data(number="", date="31/02/2026"), "scan": SimpleUploadedFile("qd.pdf", b"not a pdf")},
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert errors["number"] == ["Trường này là bắt buộc."]
    assert errors["date"] == ["Nhập một ngày hợp lệ."]
    assert Decision.objects.count() == 0


def test_a_scan_that_is_not_a_pdf_or_an_image_is_refused(client, cast):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:decision-create"), {**decision_data(), "scan": SimpleUploadedFile("qd.pdf", b"MZ not a pdf")}
    )

    assert response.context["form"].errors["scan"] == [
        "Chỉ nhận bản chụp dạng PDF, JPEG hoặc PNG (nội dung tệp phải đúng định dạng)."
    ]
    assert Decision.objects.count() == 0


def test_a_decision_number_is_used_once_a_year_by_its_issuer(client, cast, tree):
    DecisionFactory(number="45/QĐ-VKS-T", date=datetime.date(2026, 1, 5), issuing_unit=tree["province"])
    DecisionFactory(number="46/QĐ-VKS-T", date=datetime.date(2025, 3, 5), issuing_unit=tree["province"])
    client.force_login(cast["clerk"])

    same_year = client.post(reverse("awards:decision-create"), decision_data(issuing_unit=tree["province"].pk))
    other_year = client.post(
        reverse("awards:decision-create"), decision_data(number="46/QĐ-VKS-T", issuing_unit=tree["province"].pk)
    )
    other_issuer = client.post(reverse("awards:decision-create"), decision_data(issuing_unit=tree["kv1"].pk))

    assert same_year.status_code == 200
    assert same_year.context["form"].errors == {
        "number": [
            "Năm 2026 Viện kiểm sát nhân dân tỉnh T đã có quyết định số 45/QĐ-VKS-T; mỗi số chỉ được dùng một lần "
            "trong năm."
        ]
    }
    assert (other_year.status_code, other_issuer.status_code) == (302, 302)
    assert Decision.objects.filter(number="46/QĐ-VKS-T").count() == 2
    assert Decision.objects.filter(number="45/QĐ-VKS-T").count() == 2


def test_a_decision_has_one_issuer_a_unit_or_a_body(client, cast, tree):
    ttg = IssuingBody.objects.get(code="TTG")
    client.force_login(cast["clerk"])

    none = client.post(reverse("awards:decision-create"), decision_data())
    both = client.post(
        reverse("awards:decision-create"), decision_data(issuing_unit=tree["province"].pk, issuing_body=ttg.pk)
    )
    body = client.post(reverse("awards:decision-create"), decision_data(number="950/QĐ-TTg", issuing_body=ttg.pk))

    message = {"issuing_unit": ["Chọn đơn vị ban hành hoặc cơ quan ban hành khác (một trong hai)."]}
    assert (none.context["form"].errors, both.context["form"].errors) == (message, message)
    assert body.status_code == 302
    assert Decision.objects.get().issuing_body == ttg
    detail = client.get(body.url).content.decode()
    assert '<dd class="col-sm-7" id="decision-issuer">Thủ tướng Chính phủ</dd>' in detail


def test_the_issuer_is_a_link_only_for_a_unit_in_the_users_scope(client, cast, tree, staff):
    own = DecisionFactory(number="1/QĐ-VKS", date=datetime.date(2025, 1, 5), issuing_unit=tree["province"])
    other = DecisionFactory(number="1/QĐ-VKS", date=datetime.date(2025, 1, 6), issuing_unit=tree["other"])
    AwardFactory(code="LDTT", person=staff["hang"], year=2024, decision=own)
    AwardFactory(code="LDTT", person=staff["outsider"], year=2024, decision=other)
    client.force_login(cast["outsider"])

    own_page = client.get(reverse("awards:decision-detail", args=[other.pk])).content.decode()
    client.force_login(cast["regional_clerk"])
    above_page = client.get(reverse("awards:decision-detail", args=[own.pk])).content.decode()

    unit_url = reverse("units:unit-detail", args=[tree["other"].pk])
    assert f'id="decision-issuer"><a href="{unit_url}">Viện kiểm sát nhân dân tỉnh X</a>' in own_page
    assert 'id="decision-issuer">Viện kiểm sát nhân dân tỉnh T</dd>' in above_page


def test_a_decision_dated_in_the_future_is_refused_on_the_date_field(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:decision-create"), decision_data(date="01/01/2099", issuing_unit=tree["province"].pk)
    )

    assert response.context["form"].errors == {"date": ["Ngày ký quyết định không được sau ngày hôm nay."]}


def test_a_stale_edit_of_a_decision_is_refused_and_the_input_kept(client, cast, tree):
    decision = DecisionFactory(number="5/QĐ-VKS-T", date=datetime.date(2026, 1, 5), issuing_unit=tree["province"])
    client.force_login(cast["clerk"])
    form = client.get(reverse("awards:decision-update", args=[decision.pk])).context["form"]
    started_from = form["version"].value()
    decision.summary = "Sửa bởi người khác"
    services.decision_save(decision=decision, by=cast["leader"], expected_version=decision.version)

    response = client.post(
        reverse("awards:decision-update", args=[decision.pk]),
        decision_data(
            number="5/QĐ-VKS-T",
            date="05/01/2026",
            summary="Bản sửa của tôi",
            version=started_from,
            issuing_unit=tree["province"].pk,
        ),
    )

    assert response.status_code == 200
    assert "vừa được" in response.context["form"].non_field_errors()[0]
    assert "Bản sửa của tôi" in response.content.decode()
    decision.refresh_from_db()
    assert decision.summary == "Sửa bởi người khác"


def test_an_edit_from_the_current_version_is_saved(client, cast, tree):
    decision = DecisionFactory(number="5/QĐ-VKS-T", date=datetime.date(2026, 1, 5), issuing_unit=tree["province"])
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:decision-update", args=[decision.pk]),
        decision_data(
            number="5/QĐ-VKS-T",
            date="05/01/2026",
            summary="Đã sửa",
            version=decision.version,
            issuing_unit=tree["province"].pk,
        ),
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.summary, decision.version) == ("Đã sửa", 1)


def test_decision_list_searches_by_number_and_year(client, cast, history):
    client.force_login(cast["clerk"])

    def numbers(**params):
        return [d.number for d in client.get(reverse("awards:decision-list"), params).context["page"]]

    assert numbers() == ["512/QĐ-VKSTC", "24/QĐ-VKS-T", "23/QĐ-VKS-T", "22/QĐ-VKS-T", "21/QĐ-VKS-T", "20/QĐ-VKS-T"]
    assert numbers(number="23/qd-vks") == ["23/QĐ-VKS-T"]
    assert numbers(year=2025) == ["512/QĐ-VKSTC"]
    response = client.get(reverse("awards:decision-list"), {"year": 2024})
    assert table(response, "decision-table").rows == [
        ["24/QĐ-VKS-T", "20/12/2024", "—", "Viện kiểm sát nhân dân tỉnh T", "3"]
    ]


def test_a_bodys_decision_is_seen_through_its_awards_in_scope(client, cast, staff):
    for number, person in (("9/QĐ-TTg", staff["hang"]), ("10/QĐ-TTg", staff["outsider"])):
        decision = DecisionFactory(number=number, date=datetime.date(2025, 4, 15), authority="prime_minister")
        AwardFactory(code="BKTTG", person=person, year=2024, decision=decision)
    outside = Decision.objects.get(number="10/QĐ-TTg")
    client.force_login(cast["regional_clerk"])

    listed = [d.number for d in client.get(reverse("awards:decision-list")).context["page"]]
    detail = client.get(reverse("awards:decision-detail", args=[outside.pk]))

    assert listed == ["9/QĐ-TTg"]
    assert detail.status_code == 404


def test_decision_list_searches_by_issuer_with_or_without_diacritics(client, cast, history, tree):
    DecisionFactory(number="3/QĐ-VKS-KV1", date=datetime.date(2025, 2, 3), issuing_unit=tree["kv1"])
    DecisionFactory(number="7/QĐ-TTg", date=datetime.date(2025, 2, 4), authority="prime_minister")
    client.force_login(cast["admin"])

    def numbers(issuer):
        return [d.number for d in client.get(reverse("awards:decision-list"), {"issuer": issuer}).context["page"]]

    assert numbers("khu vuc 1") == ["3/QĐ-VKS-KV1"]
    assert numbers("Thủ tướng") == numbers("thu tuong") == numbers("TTG") == ["7/QĐ-TTg"]
    assert numbers("tối cao") == ["512/QĐ-VKSTC"]


# -- adding awards to a decision -----------------------------------------------------------------------


def add_award(client, decision, **data):
    return client.post(reverse("awards:award-create", args=[decision.pk]), {"kind": "regular", **data})


@pytest.fixture
def decision_2025(tree):
    return DecisionFactory(number="30/QĐ-VKS-T", date=datetime.date(2025, 12, 22), issuing_unit=tree["province"])


def test_add_an_individual_award_by_name_without_diacritics(client, cast, staff, decision_2025):
    client.force_login(cast["clerk"])

    response = add_award(
        client, decision_2025, person="nguyen thi thanh hang", award_type=award_type("LDTT").pk, year=2025, note="x"
    )

    assert response.status_code == 302
    award = Award.objects.get(decision=decision_2025)
    assert (award.person, award.unit_at_time.code, award.year, award.created_by) == (
        staff["hang"],
        "VKS-T-KV1",
        2025,
        cast["clerk"],
    )
    detail = client.get(response.url)
    assert table(detail, "recipient-table").rows[0][:5] == [
        "1",
        "Nguyễn Thị Thanh Hằng CB-HANG",
        "VKSND VKS-T-KV1",
        "Lao động tiên tiến",
        "2025",
    ]


def test_add_a_collective_award(client, cast, tree, decision_2025):
    client.force_login(cast["leader"])

    response = add_award(client, decision_2025, unit=tree["kv2"].pk, award_type=award_type("TTLDXS").pk, year=2025)

    assert response.status_code == 302
    assert list(decision_2025.awards.values_list("unit__code", "recipient_kind")) == [("VKS-T-KV2", "collective")]


def test_a_thematic_award_names_its_movement_and_the_register_shows_it(client, cast, tree, staff, decision_2025):
    from emulation import services as emulation_services  # noqa: PLC0415
    from emulation.models import Movement  # noqa: PLC0415

    movement = emulation_services.movement_save(
        movement=Movement(
            code="PT-CDS",
            name="Phong trào thi đua “Chuyển đổi số”",
            kind="thematic",
            launching_unit=tree["province"],
            start_date=datetime.date(2023, 11, 22),
            doc_type="KH",
            doc_number="2185/KH-VKS",
            doc_date=datetime.date(2023, 11, 22),
            doc_issuer="VKSND tỉnh T",
        )
    )
    client.force_login(cast["clerk"])

    response = add_award(
        client,
        decision_2025,
        person="CB-HANG",
        award_type=award_type("GK").pk,
        year=2025,
        kind="thematic",
        movement=movement.pk,
    )

    assert response.status_code == 302
    assert Award.objects.get(decision=decision_2025).movement == movement
    for url in (
        response.url,
        reverse("awards:award-list"),
        reverse("units:person-detail", args=[staff["hang"].pk]),
    ):
        assert "Phong trào thi đua “Chuyển đổi số”" in client.get(url).content.decode(), url


def test_an_individual_title_to_a_unit_is_refused_on_the_award_type(client, cast, tree, decision_2025):
    client.force_login(cast["clerk"])

    response = add_award(client, decision_2025, unit=tree["kv1"].pk, award_type=award_type("LDTT").pk, year=2025)

    assert response.status_code == 200
    assert response.context["award_form"].errors == {"award_type": ["“Lao động tiên tiến” chỉ dành cho cá nhân."]}
    assert "chỉ dành cho cá nhân" in response.content.decode()
    assert not decision_2025.awards.exists()


def test_an_award_the_decisions_issuer_may_not_confer_is_refused_on_the_award_type(
    client, cast, tree, staff, decision_2025
):
    regional = DecisionFactory(number="30/QĐ-VKS-KV1", date=datetime.date(2025, 12, 22), issuing_unit=tree["kv1"])
    client.force_login(cast["clerk"])

    by_the_province = add_award(client, decision_2025, person="CB-HANG", award_type=award_type("BKVKSTC").pk, year=2025)
    by_the_region = add_award(client, regional, person="CB-HANG", award_type=award_type("LDTT").pk, year=2025)

    assert by_the_province.context["award_form"].errors == {
        "award_type": [
            "Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao của cán bộ VKSND VKS-T-KV1 do Viện trưởng VKSND "
            "tối cao quyết định, không phải VKSND tỉnh T."
        ]
    }
    assert by_the_region.context["award_form"].errors == {
        "award_type": [
            "Lao động tiên tiến của cán bộ VKSND VKS-T-KV1 do Viện trưởng VKSND tỉnh T quyết định, không phải VKSND "
            "VKS-T-KV1."
        ]
    }
    assert "không phải VKSND VKS-T-KV1" in by_the_region.content.decode()
    assert not Award.objects.exists()


def test_the_same_annual_title_twice_in_a_year_is_refused(client, cast, history, decision_2025):
    client.force_login(cast["clerk"])

    response = add_award(client, decision_2025, person="CB-HANG", award_type=award_type("LDTT").pk, year=2024)

    assert response.context["award_form"].errors == {
        "award_type": [
            "Nguyễn Thị Thanh Hằng đã có “Lao động tiên tiến” năm 2024 (quyết định 24/QĐ-VKS-T ngày 20/12/2024)."
        ]
    }
    assert not decision_2025.awards.exists()


def test_a_revoked_title_may_be_granted_again(client, cast, history, decision_2025):
    revoke(history["ldtt"][4])
    client.force_login(cast["clerk"])

    response = add_award(client, decision_2025, person="CB-HANG", award_type=award_type("LDTT").pk, year=2024)

    assert response.status_code == 302
    assert decision_2025.awards.count() == 1


def test_an_achievement_year_after_the_decision_is_refused_on_the_year(client, cast, staff, decision_2025):
    client.force_login(cast["clerk"])

    response = add_award(client, decision_2025, person="CB-HANG", award_type=award_type("GK").pk, year=2026)

    assert response.context["award_form"].errors == {
        "year": ["Năm thành tích 2026 sau năm của quyết định (22/12/2025)."]
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "person", "Hãy nhập cán bộ được khen, hoặc chọn tập thể được khen."),
        (
            {"person": "CB-HANG", "unit": "kv1"},
            "unit",
            "Mỗi lượt khen thưởng chỉ có một đối tượng: nhập cá nhân hoặc chọn tập thể.",
        ),
        ({"person": "Không Có Ai"}, "person", "Không tìm thấy cán bộ “Không Có Ai” trong phạm vi đơn vị của bạn."),
    ],
)
def test_the_recipient_must_be_one_known_person_or_one_unit(
    client, cast, tree, staff, decision_2025, data, field, message
):
    if data.get("unit") == "kv1":
        data = {**data, "unit": tree["kv1"].pk}
    client.force_login(cast["clerk"])

    response = add_award(client, decision_2025, award_type=award_type("GK").pk, year=2025, **data)

    assert response.context["award_form"].errors == {field: [message]}
    assert not decision_2025.awards.exists()


def test_an_ambiguous_name_asks_for_the_staff_code(client, cast, tree, staff, decision_2025):
    PersonFactory(code="CB-HANG2", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv2"])
    client.force_login(cast["clerk"])

    response = add_award(
        client, decision_2025, person="Nguyễn Thị Thanh Hằng", award_type=award_type("GK").pk, year=2025
    )

    [message] = response.context["award_form"].errors["person"]
    assert "CB-HANG" in message
    assert "CB-HANG2" in message
    assert message.endswith("Hãy nhập mã cán bộ.")


# -- revocation --------------------------------------------------------------------------------------


def test_revoke_through_the_page_and_the_award_shows_revoked_everywhere(client, cast, history):
    award = history["cstdcs"][2]  # CSTĐCS 2024
    person_url = reverse("units:person-detail", args=[history["person"].pk])
    client.force_login(cast["leader"])

    response = client.post(
        reverse("awards:award-revoke", args=[award.pk]),
        {
            "revoked_on": "02/03/2026",
            "revoking_decision": "31/QĐ-VKS-T ngày 02/03/2026",
            "revocation_reason": "Hồ sơ khai sai thành tích",
            "next": person_url,
        },
    )

    assert response.status_code == 302
    assert response.url == person_url
    award.refresh_from_db()
    assert (award.revoked_on, award.revocation_reason) == (datetime.date(2026, 3, 2), "Hồ sơ khai sai thành tích")
    assert award.history.first().history_user == cast["leader"]
    for url in (
        person_url,
        reverse("awards:decision-detail", args=[award.decision_id]),
        reverse("awards:award-list"),
    ):
        assert "Đã hủy</span> ngày 02/03/2026 (31/QĐ-VKS-T ngày 02/03/2026). Lý do: Hồ sơ khai sai thành tích" in (
            client.get(url).content.decode()
        ), url


def test_revoke_errors_are_shown_on_their_fields(client, cast, history):
    award = history["cstdcs"][2]  # decision of 20/12/2024
    client.force_login(cast["leader"])

    response = client.post(
        reverse("awards:award-revoke", args=[award.pk]),
        {"revoked_on": "01/12/2024", "revoking_decision": "31/QĐ-VKS-T", "revocation_reason": ""},
    )
    response2 = client.post(
        reverse("awards:award-revoke", args=[award.pk]),
        {"revoked_on": "01/12/2024", "revoking_decision": "31/QĐ-VKS-T", "revocation_reason": "Sai"},
    )

    assert response.context["form"].errors == {"revocation_reason": ["Trường này là bắt buộc."]}
    assert response2.context["form"].errors == {
        "revoked_on": ["Ngày hủy không được trước ngày của quyết định khen thưởng."]
    }
    award.refresh_from_db()
    assert award.is_revoked is False


def test_an_award_cannot_be_revoked_twice(client, cast, history):
    award = revoke(history["bk"])
    client.force_login(cast["leader"])

    response = client.post(
        reverse("awards:award-revoke", args=[award.pk]),
        {"revoked_on": "05/03/2026", "revoking_decision": "40/QĐ", "revocation_reason": "Lần hai"},
    )

    assert response.status_code == 200
    assert "form" in response.context
    award.refresh_from_db()
    assert award.revocation_reason == "Hồ sơ khai sai thành tích"


def test_the_revoke_page_does_not_redirect_to_another_site(client, cast, history):
    award = history["bk"]
    client.force_login(cast["leader"])

    response = client.post(
        reverse("awards:award-revoke", args=[award.pk]),
        {
            "revoked_on": "05/03/2026",
            "revoking_decision": "40/QĐ",
            "revocation_reason": "Sai",
            "next": "https://example.com/",
        },
    )

    assert response.url == reverse("units:person-detail", args=[history["person"].pk])


def test_navigation_has_the_register_menu(client, cast):
    client.force_login(cast["council_member"])

    body = client.get(reverse("home")).content.decode()

    assert reverse("awards:award-list") in body
    assert reverse("awards:decision-list") in body
    assert reverse("awards:decision-create") not in body


def test_editing_keeps_an_issuing_unit_outside_the_editors_scope(client, cast, tree):
    decision = DecisionFactory(
        number="6/QĐ-VKS-T",
        date=datetime.date(2026, 1, 5),
        issuing_unit=tree["province"],
        created_by=cast["regional_clerk"],
    )
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("awards:decision-update", args=[decision.pk]),
        decision_data(
            number="6/QĐ-VKS-T", date="05/01/2026", issuing_unit=tree["province"].pk, version=decision.version
        ),
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.issuing_unit == tree["province"]


def test_the_same_award_twice_in_one_decision_is_refused_in_vietnamese(client, cast, staff, decision_2025):
    AwardFactory(code="GK", person=staff["hang"], year=2025, decision=decision_2025)
    client.force_login(cast["clerk"])

    response = add_award(client, decision_2025, person="CB-HANG", award_type=award_type("GK").pk, year=2025)

    assert response.status_code == 200
    assert response.context["award_form"].non_field_errors() == [
        "Lượt khen thưởng này trùng với một lượt đã ghi trong sổ (cùng đối tượng, danh hiệu, năm và quyết định)."
    ]
    assert decision_2025.awards.count() == 1


def test_an_export_over_the_inline_limit_is_written_in_the_background_whole(
    client, cast, history, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_ROWS = 3
    client.force_login(cast["clerk"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("awards:award-export"), {"year_from": 2020})

    job = ExportJob.objects.get()
    assert response.url == reverse("units:download-detail", args=[job.pk])
    assert (job.kind, job.params, job.state, job.processed_rows, job.total_rows) == (
        "awards", "year_from=2020", "done", 11, 11
    )  # fmt: skip
