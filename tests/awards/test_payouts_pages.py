"""The pages of bonus money as each role uses them: the clerk of the province opens a decision's bonuses, prepares the
payout list, marks recipients paid, prints the list (PDF with the total in words, .xlsx) and keeps the province's
fund; its leader reads all of it and changes nothing; council members see no money; another province's clerk does
not find the pages. The administrator edits the multipliers and adds a base salary. The list pages cost the same
queries whatever their rows."""

import datetime
import io
import re
import subprocess
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.catalogue.enums import Authority
from awards.catalogue.models import BaseSalary, BonusRate, RuleSet
from awards.payouts import selectors, services, views
from awards.payouts.models import FundSource, Payout, RewardFund
from tests.docx import docx_text
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.units import PersonFactory, UserFactory
from tests.pdf import pdf_text

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

D = datetime.date
MM = 72 / 25.4


def staffer(code: str, unit, name: str | None = None):
    return PersonFactory(code=code, full_name=name or f"Cán bộ {code}", unit=unit)


def year_end(tree, count: int = 2):
    """Province T's decision 225/QĐ-VKS of 22/12/2025: LĐTT for `count` staff of KV1 and TTLĐTT for KV1."""
    decision = DecisionFactory(number="225/QĐ-VKS", date=D(2025, 12, 22), issuing_unit=tree["province"])
    names = ["Nguyễn Thị Thanh Hằng", "Trần Văn Dũng", "Lê Văn Hòa", "Phạm Thị Mai", "Đỗ Văn An"]
    for n in range(count):
        AwardFactory(code="LDTT", person=staffer(f"CB-{n}", tree["kv1"], names[n % 5]), year=2025, decision=decision)
    AwardFactory(code="TTLDTT", unit=tree["kv1"], year=2025, decision=decision)
    return decision


def prepared(decision, user):
    awards = list(selectors.payout_awards(user=user, decision=decision))
    services.payouts_prepare(decision=decision, awards=awards, by=user)
    return list(Payout.objects.filter(award__decision=decision).order_by("id"))


def fund_of(unit, year: int, user, *amounts: int) -> RewardFund:
    fund = services.fund_save(fund=RewardFund(unit=unit, year=year), by=user)
    for n, amount in enumerate(amounts, start=1):
        services.fund_source_save(source=FundSource(fund=fund, name=f"Nguồn {n}", amount=amount), by=user)
    return fund


@pytest.fixture
def decision(tree):
    return year_end(tree)


# -- who opens the decision's bonuses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("clerk", 200),
        ("leader", 200),
        ("admin", 200),
        ("regional_clerk", 403),  # sees the decision (his staff are on it), not the province's money
        ("council_secretary", 403),
        ("council_member", 403),
        ("outsider", 404),
    ],
)
def test_each_role_opens_the_decisions_bonuses_or_not(client, cast, decision, who, status):
    client.force_login(cast[who])

    response = client.get(reverse("awards:decision-payouts", args=[decision.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("who", "shown"), [("clerk", True), ("leader", True), ("council_member", False)])
def test_the_decision_page_links_its_bonuses_for_those_who_may_read_them(client, cast, decision, who, shown):
    client.force_login(cast[who])

    html = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()

    assert ('id="decision-payouts"' in html) is shown


def test_the_page_shows_each_amount_the_total_and_its_words_before_the_list_is_prepared(client, cast, decision):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:decision-payouts", args=[decision.pk]))

    sheet = response.context["sheet"]
    assert [row.amount for row in sheet.rows] == [710_000, 710_000, 1_880_000]  # LĐTT, then TTLĐTT: report order
    assert sheet.total == 3_300_000
    html = response.content.decode()
    assert "Ba triệu ba trăm nghìn đồng" in html
    assert 'id="not-prepared"' in html and 'id="prepare"' in html
    assert reverse("awards:payout-list-pdf", args=[decision.pk]) not in html


def test_the_leader_reads_and_changes_nothing(client, cast, decision):
    payouts = prepared(decision, cast["clerk"])
    client.force_login(cast["leader"])

    html = client.get(reverse("awards:decision-payouts", args=[decision.pk])).content.decode()
    answers = [
        client.post(reverse("awards:payouts-prepare", args=[decision.pk])).status_code,
        client.post(
            reverse("awards:payouts-pay", args=[decision.pk]),
            {"rows": [f"{payouts[0].pk}:{payouts[0].version}"], "paid_on": "30/12/2025", "voucher": "PC-1"},
        ).status_code,
        client.get(reverse("awards:payout-update", args=[payouts[0].pk])).status_code,
    ]

    assert answers == [403, 403, 403]
    assert 'id="prepare"' not in html and 'name="rows"' not in html and "/sua/" not in html
    assert not Payout.objects.filter(paid_on__isnull=False).exists()


def test_the_pages_actions_answer_only_post(client, cast, decision):
    client.force_login(cast["clerk"])

    answers = [
        client.get(reverse("awards:payouts-prepare", args=[decision.pk])).status_code,
        client.get(reverse("awards:payouts-pay", args=[decision.pk])).status_code,
    ]

    assert answers == [405, 405]
    assert not Payout.objects.exists()


def test_the_clerk_prepares_the_list_and_marks_the_recipients_paid(client, cast, decision):
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:payouts-prepare", args=[decision.pk]))

    assert response.status_code == 302
    payouts = list(Payout.objects.order_by("id"))
    assert len(payouts) == 3
    response = client.post(
        reverse("awards:payouts-pay", args=[decision.pk]),
        {"rows": [f"{p.pk}:{p.version}" for p in payouts[:2]], "paid_on": "30/12/2025", "voucher": "PC-245"},
    )
    assert response.status_code == 302
    paid = Payout.objects.filter(paid_on=D(2025, 12, 30), voucher="PC-245")
    assert paid.count() == 2
    assert {p.history.first().history_user for p in paid} == {cast["clerk"]}


def test_a_long_decision_shows_its_recipients_page_by_page_with_the_totals_of_all(client, cast, tree, monkeypatch):
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 2)
    decision = year_end(tree, 3)  # three LĐTT and one TTLĐTT
    payouts = prepared(decision, cast["clerk"])
    client.force_login(cast["clerk"])
    url = reverse("awards:decision-payouts", args=[decision.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert [len(re.findall(r'class="payout-row', r.content.decode())) for r in (first, second)] == [2, 2]
    total = sum(p.amount for p in payouts)
    assert first.context["sheet"].total == second.context["sheet"].total == total
    assert "Người thứ 3–4 trong 4" in second.content.decode()
    # Marking the second page paid comes back to it.
    on_page = [row.payout for row in second.context["page"].object_list]
    response = client.post(
        f"{reverse('awards:payouts-pay', args=[decision.pk])}?page=2",
        {"rows": [f"{p.pk}:{p.version}" for p in on_page], "paid_on": "30/12/2025", "voucher": "PC-246"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?page=2")
    assert Payout.objects.filter(voucher="PC-246").count() == 2


def test_a_row_changed_since_the_page_was_opened_refuses_the_payment(client, cast, decision):
    payouts = prepared(decision, cast["clerk"])
    seen = f"{payouts[0].pk}:{payouts[0].version}"
    services.payout_save(payout=Payout.objects.get(pk=payouts[0].pk), by=cast["admin"], expected_version=0)
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("awards:payouts-pay", args=[decision.pk]), {"rows": [seen], "paid_on": "30/12/2025", "voucher": "PC-1"}
    )

    assert response.status_code == 400
    assert not Payout.objects.filter(paid_on__isnull=False).exists()


def test_the_clerk_corrects_one_payout_with_its_version(client, cast, decision):
    payout = prepared(decision, cast["clerk"])[1]
    client.force_login(cast["clerk"])
    url = reverse("awards:payout-update", args=[payout.pk])
    form = {"paid_by_unit": "on", "paid_on": "05/01/2026", "voucher": "PC-3"}

    without_version = client.post(url, form)
    saved = client.post(url, {**form, "version": payout.version})

    assert without_version.status_code == 200
    assert "sau khi bạn mở trang" in without_version.content.decode()
    assert saved.status_code == 302
    payout.refresh_from_db()
    assert (payout.paid_on, payout.voucher) == (D(2026, 1, 5), "PC-3")
    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page and "PC-3" in page


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("council_member", 404), ("outsider", 404)])
def test_one_payout_is_changed_by_the_clerk_only(client, cast, decision, who, status):
    payout = prepared(decision, cast["clerk"])[0]
    client.force_login(cast[who])

    assert client.get(reverse("awards:payout-update", args=[payout.pk])).status_code == status


def test_a_bodys_decision_shows_each_clerk_his_own_recipients(client, cast, tree):
    ttg = DecisionFactory(number="615/QĐ-TTg", date=D(2026, 4, 15), authority=Authority.PRIME_MINISTER)
    AwardFactory(code="BKTTG", person=staffer("CB-1", tree["kv1"]), year=2025, decision=ttg)
    AwardFactory(code="BKTTG", person=staffer("CB-2", tree["kv2"]), year=2025, decision=ttg)
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("awards:decision-payouts", args=[ttg.pk]))
    client.post(reverse("awards:payouts-prepare", args=[ttg.pk]))

    assert [row.award.person.code for row in page.context["sheet"].rows] == ["CB-1"]
    assert list(Payout.objects.values_list("award__person__code", "paid_by_unit")) == [("CB-1", False)]


# -- the printed list ------------------------------------------------------------------------------------------------


def words_outside_the_text_block(data: bytes, tmp_path) -> list[str]:
    """The words of the PDF (but the page numbers) outside A4 less the margins of NĐ 30/2020, by pdftotext's
    boxes."""
    path = tmp_path / "list.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xhtml))
    outside = []
    for word in root.iter("{http://www.w3.org/1999/xhtml}word"):
        x_min, x_max, y_min = (float(word.get(key)) for key in ("xMin", "xMax", "yMin"))
        if y_min < 20 * MM:  # the page number, in the top margin
            continue
        if x_min < 30 * MM - 1 or x_max > 595.28 - 15 * MM + 1:
            outside.append(word.text)
    return outside


def test_the_payout_list_prints_with_the_total_in_figures_and_words_and_the_three_signatures(
    client, cast, decision, tmp_path
):
    prepared(decision, cast["clerk"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:payout-list-pdf", args=[decision.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="danh-sach-chi-tien-thuong-225-qd-vks-20251222.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "DANH SÁCH CHI TIỀN THƯỞNG" in text
    assert (
        "(Kèm theo Quyết định số 225/QĐ-VKS ngày 22 tháng 12 năm 2025 của Viện trưởng Viện kiểm sát nhân dân tỉnh T)"
        in text
    )
    assert "Nguyễn Thị Thanh Hằng" in text and "Trần Văn Dũng" in text
    assert "Tổng cộng 3.300.000" in text
    assert "Số tiền bằng chữ: Ba triệu ba trăm nghìn đồng." in text
    assert "NGƯỜI LẬP BIỂU clerk KẾ TOÁN TRƯỞNG THỦ TRƯỞNG ĐƠN VỊ" in text  # the preparer's name under his title
    assert words_outside_the_text_block(response.content, tmp_path) == []


def test_the_list_leaves_out_a_recipient_paid_by_another_body(client, cast, decision, tmp_path):
    payouts = prepared(decision, cast["clerk"])
    other = payouts[1]
    other.paid_by_unit = False
    services.payout_save(payout=other, expected_version=other.version)
    client.force_login(cast["leader"])

    text = pdf_text(client.get(reverse("awards:payout-list-pdf", args=[decision.pk])).content, tmp_path)

    assert "Tổng cộng 2.590.000" in text
    assert "Không gồm 1 trường hợp" in text


def test_the_word_copy_of_the_list_carries_the_same_amounts_and_words(client, cast, decision, tmp_path):
    prepared(decision, cast["clerk"])
    client.force_login(cast["leader"])

    text = pdf_text(client.get(reverse("awards:payout-list-pdf", args=[decision.pk])).content, tmp_path)
    response = client.get(reverse("awards:payout-list-docx", args=[decision.pk]))

    assert response.status_code == 200
    words = docx_text(response.content)
    assert "Tổng cộng" in words and "DANH SÁCH CHI TIỀN THƯỞNG" in words
    assert set(re.findall(r"\d{1,3}(?:\.\d{3})+", words)) == set(re.findall(r"\d{1,3}(?:\.\d{3})+", text))


def test_the_list_is_printed_once_prepared(client, cast, decision):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:payout-list-pdf", args=[decision.pk]))

    assert response.status_code == 302
    assert response.url == reverse("awards:decision-payouts", args=[decision.pk])


def test_the_payout_list_spreadsheet_has_vietnamese_headers_numbers_a_total_and_words(client, cast, decision):
    prepared(decision, cast["clerk"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:payout-list-xlsx", args=[decision.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[3] == [
        "TT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Hệ số", "Mức lương cơ sở (đồng)",
        "Số tiền (đồng)", "Ngày chi", "Số chứng từ", "Ghi chú",
    ]  # fmt: skip
    assert [row[6] for row in rows[4:7]] == [710_000, 710_000, 1_880_000]
    assert rows[7][1:7] == ["Tổng cộng", None, None, None, None, 3_300_000]
    assert rows[8][1] == "Bằng chữ: Ba triệu ba trăm nghìn đồng."


# -- the reward fund --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "listed", "detail"),
    [
        ("clerk", 200, 200),
        ("leader", 200, 200),
        ("admin", 200, 200),
        ("regional_clerk", 200, 404),  # the province's fund is above his scope
        ("council_member", 403, 404),
        ("outsider", 200, 404),
    ],
)
def test_each_role_reads_the_fund_or_not(client, cast, tree, who, listed, detail):
    fund = fund_of(tree["province"], 2026, cast["clerk"], 10_000_000)
    client.force_login(cast[who])

    answers = (
        client.get(reverse("awards:fund-list")).status_code,
        client.get(reverse("awards:fund-detail", args=[fund.pk])).status_code,
        client.get(reverse("awards:fund-xlsx", args=[fund.pk])).status_code,
    )

    assert answers == (listed, detail, detail)


def test_the_fund_list_opens_on_this_budget_year_within_the_scope(client, cast, tree):
    fund_of(tree["province"], 2026, cast["clerk"], 10_000_000)
    fund_of(tree["province"], 2025, cast["clerk"], 7_000_000)
    fund_of(tree["other"], 2026, cast["admin"], 1_000_000)
    client.force_login(cast["leader"])

    response = client.get(reverse("awards:fund-list"))

    assert [(fund.unit.code, fund.year, fund.total) for fund in response.context["funds"]] == [
        ("VKS-T", 2026, 10_000_000)
    ]


def test_the_clerk_keeps_the_fund_and_the_leader_only_reads_it(client, cast, tree):
    client.force_login(cast["leader"])
    refused = client.post(reverse("awards:fund-create"), {"unit": tree["province"].code, "year": 2026})
    client.force_login(cast["clerk"])
    created = client.post(reverse("awards:fund-create"), {"unit": tree["province"].code, "year": 2026})
    fund = RewardFund.objects.get()
    source = client.post(
        reverse("awards:fund-source-create", args=[fund.pk]),
        {"name": "Ngân sách nhà nước giao năm 2026", "amount": 120_000_000, "received_on": "12/01/2026"},
    )
    client.force_login(cast["leader"])
    leader_page = client.get(reverse("awards:fund-detail", args=[fund.pk])).content.decode()
    leader_source = client.post(
        reverse("awards:fund-source-create", args=[fund.pk]), {"name": "X", "amount": 1}
    ).status_code

    assert (refused.status_code, created.status_code, source.status_code, leader_source) == (403, 302, 302, 403)
    assert fund.created_by == cast["clerk"]
    assert FundSource.objects.get().history.get().history_user == cast["clerk"]
    assert "120.000.000" in leader_page and "Thêm nguồn quỹ" not in leader_page


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("regional_clerk", 404), ("outsider", 404)])
def test_only_the_clerk_corrects_or_removes_a_source_and_the_fund(client, cast, tree, who, status):
    fund = fund_of(tree["province"], 2026, cast["clerk"], 10_000_000)
    source = fund.sources.get()
    client.force_login(cast[who])

    answers = [
        client.get(reverse("awards:fund-source-update", args=[source.pk])).status_code,
        client.post(reverse("awards:fund-source-delete", args=[source.pk])).status_code,
        client.get(reverse("awards:fund-update", args=[fund.pk])).status_code,
    ]

    expected_fund = 403 if who == "leader" else 404
    assert answers == [status, status, expected_fund]
    assert FundSource.objects.filter(pk=source.pk).exists()


def test_the_clerk_corrects_and_removes_a_source_with_history(client, cast, tree):
    fund = fund_of(tree["province"], 2026, cast["clerk"], 10_000_000)
    source = fund.sources.get()
    client.force_login(cast["clerk"])

    corrected = client.post(
        reverse("awards:fund-source-update", args=[source.pk]), {"name": "Ngân sách 2026", "amount": 12_000_000}
    )
    removed_by_get = client.get(reverse("awards:fund-source-delete", args=[source.pk]))
    removed = client.post(reverse("awards:fund-source-delete", args=[source.pk]))

    assert (corrected.status_code, removed_by_get.status_code, removed.status_code) == (302, 405, 302)
    assert not FundSource.objects.exists()
    assert [(h.history_type, h.amount, h.history_user) for h in FundSource.history.order_by("history_id")] == [
        ("+", 10_000_000, cast["clerk"]),
        ("~", 12_000_000, cast["clerk"]),
        ("-", 12_000_000, cast["clerk"]),
    ]


def test_the_funds_note_is_saved_with_its_version_only(client, cast, tree):
    fund = fund_of(tree["province"], 2026, cast["clerk"])
    client.force_login(cast["clerk"])
    url = reverse("awards:fund-update", args=[fund.pk])

    refused = client.post(url, {"note": "Văn phòng quản lý"})
    saved = client.post(url, {"note": "Văn phòng quản lý", "version": fund.version})

    assert (refused.status_code, saved.status_code) == (200, 302)
    fund.refresh_from_db()
    assert (fund.note, fund.unit, fund.year) == ("Văn phòng quản lý", tree["province"], 2026)


def test_a_second_fund_of_the_same_year_is_refused(client, cast, tree):
    fund_of(tree["province"], 2026, cast["clerk"])
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:fund-create"), {"unit": tree["province"].code, "year": 2026})

    assert response.status_code == 200
    assert "Đơn vị đã có quỹ thi đua, khen thưởng của năm này." in response.content.decode()


def test_the_fund_page_shows_what_was_paid_by_type_and_month_and_what_is_left(client, cast, tree, decision):
    fund = fund_of(tree["province"], 2025, cast["clerk"], 3_000_000, 1_000_000)
    payouts = prepared(decision, cast["clerk"])
    services.payouts_mark_paid(payouts=[(p, p.version) for p in payouts[:2]], paid_on=D(2025, 12, 30), voucher="PC")
    client.force_login(cast["leader"])

    response = client.get(reverse("awards:fund-detail", args=[fund.pk]))

    fund = response.context["fund"]
    figures = response.context["figures"]
    assert (fund.total, fund.paid, fund.committed, fund.left) == (4_000_000, 1_420_000, 1_880_000, 2_580_000)
    assert [(row["name"], row["count"], row["amount"]) for row in figures.by_type] == [
        ("Lao động tiên tiến", 2, 1_420_000)
    ]
    assert figures.by_month[11] == {"month": 12, "count": 2, "amount": 1_420_000}
    assert sum(row["amount"] for row in figures.by_month) == fund.paid


def test_the_fund_report_spreadsheet_has_its_sheets_with_vietnamese_headers(client, cast, tree, decision):
    fund = fund_of(tree["province"], 2025, cast["clerk"], 3_000_000)
    payouts = prepared(decision, cast["clerk"])
    services.payouts_mark_paid(payouts=[(payouts[0], payouts[0].version)], paid_on=D(2025, 12, 30), voucher="PC")
    client.force_login(cast["leader"])

    response = client.get(reverse("awards:fund-xlsx", args=[fund.pk]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Nguồn quỹ", "Theo danh hiệu, hình thức", "Theo tháng", "Theo quyết định"]
    summary = [list(row) for row in book["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[2:7] == [
        ["Nội dung", "Số tiền (đồng)"],
        ["Tổng nguồn quỹ", 3_000_000],
        ["Đã chi", 710_000],
        ["Đã lập danh sách, chưa chi", 2_590_000],
        ["Còn lại", 2_290_000],
    ]
    assert next(book["Theo tháng"].iter_rows(values_only=True)) == ("Tháng", "Số lượt", "Số tiền (đồng)")


def test_the_dashboard_shows_the_funds_use(client, cast, tree, decision):
    fund_of(tree["province"], 2026, cast["clerk"], 4_000_000)
    payouts = prepared(decision, cast["clerk"])
    services.payouts_mark_paid(payouts=[(payouts[0], payouts[0].version)], paid_on=D(2026, 1, 16), voucher="PC")
    client.force_login(cast["leader"])

    html = client.get(reverse("home")).content.decode()

    assert 'id="funds"' in html
    assert "Năm 2026: đã chi tiền thưởng so với tổng nguồn quỹ" in html
    assert "710.000 / 4.000.000" in html and "18%" in html


# -- the administrator's data ---------------------------------------------------------------------------------------


def bonus_form(ruleset: RuleSet, **changes) -> dict:
    """What the multipliers' form posts when the administrator changes `changes` {"LDTT_individual": "0.4"}."""
    from awards.catalogue import selectors as catalogue_selectors  # noqa: PLC0415
    from awards.catalogue.forms import BonusRatesForm  # noqa: PLC0415 -- read with the page's own form

    types, rates = catalogue_selectors.bonus_rates(ruleset)
    form = BonusRatesForm(award_types=types, rates=rates)
    data = {}
    for name, field in form.fields.items():
        value = field.initial
        if value is True:
            data[name] = "on"
        elif value not in (None, False, ""):
            data[name] = str(value)
    codes = {t.code: t.pk for t in types}
    for key, value in changes.items():
        code, part = key.rsplit("_", 1)
        data[BonusRatesForm.field_name(codes[code], part)] = value
    return data


def test_the_administrator_edits_a_multiplier_and_the_history_names_him(client, cast, decision):
    prepared(decision, cast["clerk"])
    ruleset = RuleSet.objects.get(effective_from=D(2025, 7, 1))
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:ruleset-bonus", args=[ruleset.pk]), bonus_form(ruleset, LDTT_individual="0.4")
    )

    assert response.status_code == 302
    rate = BonusRate.objects.get(rule_set=ruleset, award_type__code="LDTT")
    assert rate.individual == Decimal("0.40")
    assert rate.history.first().history_user == cast["admin"]
    history = client.get(reverse("awards:ruleset-history", args=[ruleset.pk])).content.decode()
    assert "Sửa mức tiền thưởng" in history and "LĐTT: cá nhân 0,4" in history
    client.force_login(cast["clerk"])
    page = client.get(reverse("awards:decision-payouts", args=[decision.pk])).content.decode()
    assert 'id="outdated"' in page


@pytest.mark.parametrize("who", ["clerk", "leader", "regional_clerk"])
def test_only_the_administrator_edits_the_multipliers_and_the_base_salaries(client, cast, who):
    ruleset = RuleSet.objects.get(effective_from=D(2025, 7, 1))
    client.force_login(cast[who])

    answers = [
        client.get(reverse("awards:ruleset-bonus", args=[ruleset.pk])).status_code,
        client.post(
            reverse("awards:ruleset-bonus", args=[ruleset.pk]), bonus_form(ruleset, LDTT_individual="9")
        ).status_code,
        client.get(reverse("awards:base-salary-list")).status_code,
        client.post(reverse("awards:base-salary-list"), {"effective_from": "01/07/2026", "amount": 1}).status_code,
    ]

    assert answers == [403, 403, 403, 403]
    assert BaseSalary.objects.count() == 3
    assert BonusRate.objects.get(rule_set=ruleset, award_type__code="LDTT").individual == Decimal("0.30")


def test_a_new_base_salary_pays_the_decisions_from_its_date(client, cast, tree):
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:base-salary-list"),
        {"effective_from": "01/07/2026", "amount": 2_530_000, "legal_basis": "Nghị định mới"},
    )
    decision = DecisionFactory(number="99/QĐ-VKS", date=D(2026, 7, 2), issuing_unit=tree["province"])
    AwardFactory(code="GK", person=staffer("CB-9", tree["kv1"]), year=2026, decision=decision)

    assert response.status_code == 302
    assert BaseSalary.objects.get(effective_from=D(2026, 7, 1)).history.get().history_user == cast["admin"]
    sheet = selectors.payout_sheet(user=cast["clerk"], decision=decision)
    assert [row.amount for row in sheet.rows] == [760_000]  # 0,3 × 2.530.000 = 759.000


def test_a_user_without_role_reads_no_money(client, decision):
    client.force_login(UserFactory(username="no_role"))

    answers = [
        client.get(reverse("awards:decision-payouts", args=[decision.pk])).status_code,
        client.get(reverse("awards:fund-list")).status_code,
    ]

    assert answers == [404, 403]


# -- cost -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_the_decisions_bonuses_cost_the_same_queries_whatever_its_recipients(
    client, cast, tree, django_assert_num_queries, count
):
    decision = year_end(tree, count)
    fund_of(tree["province"], 2025, cast["clerk"], 1)
    prepared(decision, cast["clerk"])
    client.force_login(cast["clerk"])

    # session, user, role paths, the ids of the scope's units, the decision; the awards with what the totals read
    # (all of them); the decision's bonuses: its awards, then the rule sets, base salaries, multipliers and same-day
    # awards of the bonus book (in a transaction, as here, computed; outside one, read from the cache: one query
    # for the data version instead of five); the page's awards with everything a row prints
    with django_assert_num_queries(12):
        response = client.get(reverse("awards:decision-payouts", args=[decision.pk]))

    assert len(response.context["sheet"].rows) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_fund_list_costs_the_same_queries_whatever_its_funds(client, cast, tree, django_assert_num_queries, count):
    units = [tree["province"], tree["kv1"], tree["kv2"]][:count]
    for unit in units:
        fund_of(unit, 2026, cast["admin"], 1_000, 2_000)
    client.force_login(cast["clerk"])

    # session, user, role paths, the funds with their sums (the unit filter is a picker: no units listed)
    with django_assert_num_queries(4):
        response = client.get(reverse("awards:fund-list"))

    assert len(response.context["funds"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_fund_page_costs_the_same_queries_whatever_its_payouts(
    client, cast, tree, django_assert_num_queries, count
):
    fund = fund_of(tree["province"], 2025, cast["clerk"], 50_000_000)
    payouts = prepared(year_end(tree, count), cast["clerk"])
    services.payouts_mark_paid(payouts=[(p, p.version) for p in payouts], paid_on=D(2025, 12, 30), voucher="PC")
    client.force_login(cast["leader"])

    # session, user, role paths, the fund with its sums, its sources, paid by type, paid by month, the decisions'
    # sums and the decisions
    with django_assert_num_queries(9):
        response = client.get(reverse("awards:fund-detail", args=[fund.pk]))

    assert response.context["figures"].by_type[0]["count"] == count
