"""The pages of the certificates on the blanks, by role (issue 18).

The story: the TĐKT clerk of province T keeps the layout of the province's Giấy khen blank (with the scan of the
blank, shown behind the preview only) and his printer's calibration; he prints the Giấy khen of decision
12/QĐ-VKS from the decision's page: a proof on plain paper first, then for real, which numbers them in the
province's register and hands back the PDF; printing one again is refused, a reprint needs a reason. The leader
reads the register and its Excel copy but prints nothing; the KV1 clerk sees the province's layout (his blanks come
from it) but may not change it, nor print the province's decisions; the council's secretary and members have
nothing here; the clerk of province X learns nothing of T's layouts, decisions or register; a shared layout (Bằng
khen VKSTC) is the administrators'.
"""

import datetime
import io

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from awards.catalogue.models import AwardType
from awards.certificates import services
from awards.certificates.models import Certificate, CertificateLayout, FieldKey, PrinterCalibration
from tests.factories.awards import AwardFactory, DecisionFactory
from tests.factories.certificates import make_layout, make_printer
from tests.factories.units import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

D = datetime.date


def png() -> bytes:
    """A small real PNG (a scan of a blank, as far as the upload's checks go)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 28), (255, 250, 235)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png()
ROLES = ("clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider")


@pytest.fixture
def decision(tree):
    return DecisionFactory(
        number="12/QĐ-VKS", date=D(2026, 2, 20), issuing_unit=tree["province"], signer_title="Viện trưởng"
    )


@pytest.fixture
def awards(tree, decision):
    """Two Giấy khen of the decision: a member of the province's office and one of KV1 (so that KV1 sees it)."""
    dung = PersonFactory(code="CB-DUNG", full_name="Trần Văn Dũng", unit=tree["office"])
    hang = PersonFactory(code="CB-HANG", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv1"])
    return [AwardFactory(code="GK", person=person, year=2025, decision=decision) for person in (dung, hang)]


@pytest.fixture
def layout(tree, cast):
    layout = make_layout(unit=tree["province"], by=cast["clerk"])
    layout.background.save("phoi-gk.png", ContentFile(PNG))
    return layout


@pytest.fixture
def shared(cast):
    return make_layout(name="Bằng khen VKSTC", code="BKVKSTC", size=(420, 297), by=cast["admin"])


def status_by_role(client, cast, url, method="get", data=None):
    statuses = {}
    for role in ROLES:
        client.force_login(cast[role])
        response = getattr(client, method)(url, data or {})
        statuses[role] = response.status_code
    return statuses


def pdf_pages(response) -> list:
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content)).pages


# -- layouts -------------------------------------------------------------------------------------------------------


def test_the_layout_pages_are_the_clerks_and_the_administrators(client, cast, layout):
    detail = reverse("awards:certificate-layout-detail", args=[layout.pk])
    update = reverse("awards:certificate-layout-update", args=[layout.pk])

    assert status_by_role(client, cast, reverse("awards:certificate-layout-list")) == {
        "clerk": 200, "regional_clerk": 200, "leader": 403, "council_secretary": 403, "council_member": 403,
        "admin": 200, "outsider": 200,
    }  # fmt: skip
    # The KV1 clerk prints on the province's blank: he sees its layout, he does not change it.
    assert status_by_role(client, cast, detail) == {
        "clerk": 200, "regional_clerk": 200, "leader": 404, "council_secretary": 404, "council_member": 404,
        "admin": 200, "outsider": 404,
    }  # fmt: skip
    assert status_by_role(client, cast, update) == {
        "clerk": 200, "regional_clerk": 403, "leader": 404, "council_secretary": 404, "council_member": 404,
        "admin": 200, "outsider": 404,
    }  # fmt: skip


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, layout):
    response = client.get(reverse("awards:certificate-layout-detail", args=[layout.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_layout_list_shows_a_clerk_his_layouts_and_the_shared_ones_only(client, cast, tree, layout, shared):
    make_layout(name="Giấy khen tỉnh X", unit=tree["other"])
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("awards:certificate-layout-list"))

    assert [row["layout"].name for row in response.context["rows"]] == ["Bằng khen VKSTC", "Giấy khen tỉnh T"]
    assert [row["can_change"] for row in response.context["rows"]] == [False, False]


def test_a_shared_layout_is_changed_by_the_administrators_only(client, cast, shared):
    update = reverse("awards:certificate-layout-update", args=[shared.pk])

    assert status_by_role(client, cast, update) == {
        "clerk": 403, "regional_clerk": 403, "leader": 404, "council_secretary": 404, "council_member": 404,
        "admin": 200, "outsider": 403,
    }  # fmt: skip


def layout_post(unit_code: str, *, name="Giấy khen KV1", fields=(), **extra) -> dict:
    data = {
        "name": name,
        "award_type": "",
        "issuing_unit": unit_code,
        "page_width_mm": "297",
        "page_height_mm": "210",
        "font_family": "Liberation Serif",
        "is_active": "on",
        "fields-TOTAL_FORMS": str(len(fields)),
        "fields-INITIAL_FORMS": "0",
        "fields-MIN_NUM_FORMS": "0",
        "fields-MAX_NUM_FORMS": "40",
        **extra,
    }
    for index, row in enumerate(fields):
        data.update({f"fields-{index}-{key}": value for key, value in row.items()})
    return data


NAME_FIELD = {"key": FieldKey.RECIPIENT_NAME, "x_mm": "48.5", "y_mm": "81", "width_mm": "200", "font_size": "22",
              "max_lines": "1", "align": "center", "bold": "on"}  # fmt: skip


@pytest.fixture
def gk_type():
    return AwardType.objects.get(code="GK")


def test_a_clerk_lays_out_a_blank_of_his_unit_with_its_fields_and_scan(client, cast, tree, gk_type):
    client.force_login(cast["clerk"])
    data = layout_post(
        tree["kv1"].code, fields=[NAME_FIELD, {**NAME_FIELD, "key": FieldKey.SIGNER_NAME, "y_mm": "180"}]
    )
    data["award_type"] = gk_type.pk
    data["background"] = ContentFile(PNG, name="phoi.png")

    response = client.post(reverse("awards:certificate-layout-create"), data)

    layout = CertificateLayout.objects.get(name="Giấy khen KV1")
    assert response.status_code == 302
    assert response.url == reverse("awards:certificate-layout-detail", args=[layout.pk])
    assert (layout.issuing_unit, layout.created_by, layout.history.first().history_user) == (
        tree["kv1"], cast["clerk"], cast["clerk"]
    )  # fmt: skip
    assert sorted(layout.fields.values_list("key", "y_mm")) == [("recipient_name", 81), ("signer_name", 180)]
    assert layout.background.name.startswith("certificates/blanks/")


def test_a_clerk_may_not_lay_out_a_shared_blank_nor_one_of_another_unit(client, cast, tree, gk_type):
    client.force_login(cast["regional_clerk"])

    shared = client.post(reverse("awards:certificate-layout-create"), {**layout_post(""), "award_type": gk_type.pk})
    kv2 = client.post(
        reverse("awards:certificate-layout-create"), {**layout_post(tree["kv2"].code), "award_type": gk_type.pk}
    )

    assert shared.status_code == kv2.status_code == 200
    assert "issuing_unit" in shared.context["form"].errors
    assert "issuing_unit" in kv2.context["form"].errors
    assert CertificateLayout.objects.count() == 0


def test_an_administrator_lays_out_a_shared_blank(client, cast, gk_type):
    client.force_login(cast["admin"])

    client.post(reverse("awards:certificate-layout-create"), {**layout_post("", name="Giấy khen chung"),
                                                               "award_type": gk_type.pk})  # fmt: skip

    assert CertificateLayout.objects.get(name="Giấy khen chung").issuing_unit is None


def test_a_field_off_the_blank_and_a_scan_that_is_no_image_are_refused(client, cast, tree, gk_type):
    client.force_login(cast["clerk"])
    data = layout_post(tree["province"].code, fields=[{**NAME_FIELD, "x_mm": "150", "width_mm": "200"}])
    data["award_type"] = gk_type.pk
    data["background"] = ContentFile(b"<html><script>alert(1)</script></html>", name="phoi.png")

    response = client.post(reverse("awards:certificate-layout-create"), data)

    formset = response.context["formset"]
    assert response.status_code == 200
    assert response.context["form"].errors["background"] == [
        "Ảnh chụp phôi phải là ảnh JPEG hoặc PNG (nội dung tệp phải đúng định dạng)."
    ]
    assert formset.forms[0].errors["width_mm"] == [
        "Ô “Họ tên cá nhân hoặc tên tập thể” vượt quá mép phải của phôi (150 + 200 > 297 mm)."
    ]
    assert CertificateLayout.objects.count() == 0


def test_editing_a_layout_changes_and_removes_its_fields_with_history(client, cast, layout):
    client.force_login(cast["clerk"])
    fields = list(layout.fields.order_by("y_mm", "x_mm", "id"))
    data = layout_post(layout.issuing_unit.code, name=layout.name, version=layout.version)
    data.update({"award_type": layout.award_type_id, "fields-TOTAL_FORMS": str(len(fields)),
                 "fields-INITIAL_FORMS": str(len(fields))})  # fmt: skip
    for index, one in enumerate(fields):
        data.update({
            f"fields-{index}-id": one.pk, f"fields-{index}-key": one.key, f"fields-{index}-text": one.text,
            f"fields-{index}-x_mm": one.x_mm, f"fields-{index}-y_mm": one.y_mm,
            f"fields-{index}-width_mm": one.width_mm,
            f"fields-{index}-font_size": one.font_size, f"fields-{index}-max_lines": one.max_lines,
            f"fields-{index}-align": one.align,
        })  # fmt: skip
    data["fields-1-y_mm"] = "83.5"
    data["fields-0-DELETE"] = "on"

    response = client.post(reverse("awards:certificate-layout-update", args=[layout.pk]), data)

    assert response.status_code == 302
    assert layout.fields.count() == len(fields) - 1
    assert layout.fields.get(pk=fields[1].pk).y_mm == pytest.approx(83.5)
    assert fields[1].history.first().history_user == cast["clerk"]


def test_the_preview_draws_the_scan_behind_the_fields_and_the_scan_is_served_through_the_check(client, cast, layout):
    client.force_login(cast["clerk"])

    page = client.get(reverse("awards:certificate-layout-detail", args=[layout.pk]))
    scan_url = reverse("awards:certificate-layout-background", args=[layout.pk])
    scan = client.get(scan_url)
    client.force_login(cast["outsider"])
    refused = client.get(scan_url)

    html = page.content.decode()
    assert f'<image href="{scan_url}"' in html
    assert '<svg class="cert-preview" viewBox="0 0 297.00 210.00"' in html
    assert ">Nguyễn Thị Thanh Hằng</text>" in html  # the sample name in its field
    assert b"".join(scan.streaming_content) == PNG
    assert (scan["X-Content-Type-Options"], scan["Cache-Control"]) == ("nosniff", "private")
    assert refused.status_code == 404


def test_the_layout_s_proof_and_test_sheet_are_pdfs_of_the_right_size(client, cast, layout):
    client.force_login(cast["clerk"])
    printer = make_printer(cast["clerk"], offset=(1.5, -2))

    proof = client.get(reverse("awards:certificate-layout-proof", args=[layout.pk]), {"printer": printer.pk})
    sheet = client.get(reverse("awards:certificate-test-sheet", args=[layout.pk]))
    client.force_login(cast["leader"])
    someone_else = client.get(reverse("awards:certificate-test-sheet", args=[layout.pk]), {"printer": printer.pk})

    assert [round(float(page.mediabox.width)) for page in pdf_pages(proof)] == [842]
    assert [(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in pdf_pages(sheet)] == [
        (842, 595)
    ]
    assert someone_else.status_code == 404


# -- printers ------------------------------------------------------------------------------------------------------


def test_a_clerk_s_first_printer_is_his_default_and_making_another_default_unmarks_it(client, cast):
    client.force_login(cast["clerk"])
    base = {"offset_x_mm": "0", "offset_y_mm": "0", "scale_x": "1", "scale_y": "1"}

    client.post(reverse("awards:printer-create"), {**base, "name": "Canon phòng Văn phòng"})
    client.post(reverse("awards:printer-create"), {**base, "name": "HP phòng Tổ chức", "is_default": "on"})

    assert list(
        PrinterCalibration.objects.filter(user=cast["clerk"]).order_by("name").values_list("name", "is_default")
    ) == [
        ("Canon phòng Văn phòng", False),
        ("HP phòng Tổ chức", True),
    ]


def test_the_calibration_is_worked_out_from_the_crosshairs_measured_on_the_test_sheet(client, cast):
    """The printer put the test sheet's A (20; 20) at 22.0 and 17.5 mm, B (180; 180) at 183.6 and 178.3 mm."""
    client.force_login(cast["clerk"])
    printer = make_printer(cast["clerk"])

    response = client.post(
        reverse("awards:printer-update", args=[printer.pk]),
        {"name": printer.name, "offset_x_mm": "0", "offset_y_mm": "0", "scale_x": "1", "scale_y": "1",
         "is_default": "on", "measured_ax": "22.0", "measured_ay": "17.5", "measured_bx": "183.6",
         "measured_by": "178.3"},
    )  # fmt: skip

    printer.refresh_from_db()
    # x: the printer prints u at 1.01·u + 1.8 → scale 1/1.01, offset −1.8/1.01; y: 1.005·u − 2.6.
    assert response.status_code == 302
    assert (float(printer.scale_x), float(printer.offset_x_mm)) == (
        pytest.approx(0.9901, abs=1e-4),
        pytest.approx(-1.8, abs=0.05),
    )
    assert (float(printer.scale_y), float(printer.offset_y_mm)) == (
        pytest.approx(0.9950, abs=1e-4),
        pytest.approx(2.6, abs=0.05),
    )
    assert printer.history.first().history_user == cast["clerk"]


def test_a_printer_is_its_user_s_own(client, cast):
    printer = make_printer(cast["clerk"])
    url = reverse("awards:printer-update", args=[printer.pk])

    assert status_by_role(client, cast, url) == {
        "clerk": 200, "regional_clerk": 404, "leader": 404, "council_secretary": 404, "council_member": 404,
        "admin": 404, "outsider": 404,
    }  # fmt: skip
    assert status_by_role(client, cast, reverse("awards:printer-list")) == {
        "clerk": 200, "regional_clerk": 200, "leader": 403, "council_secretary": 403, "council_member": 403,
        "admin": 200, "outsider": 200,
    }  # fmt: skip
    client.force_login(cast["outsider"])
    assert client.post(reverse("awards:printer-delete", args=[printer.pk])).status_code == 404
    assert PrinterCalibration.objects.filter(pk=printer.pk).exists()


# -- printing a decision ---------------------------------------------------------------------------------------------


def print_data(decision_awards, layout, printer=None) -> dict:
    type_id = layout.award_type_id
    data = {"section": type_id, f"t{type_id}-layout": layout.pk, f"t{type_id}-awards": [a.pk for a in decision_awards]}
    if printer is not None:
        data[f"t{type_id}-printer"] = printer.pk
    return data


def test_the_print_page_is_the_issuing_unit_s_clerk_s(client, cast, decision, awards, layout):
    url = reverse("awards:certificate-print", args=[decision.pk])

    assert status_by_role(client, cast, url) == {
        "clerk": 200, "regional_clerk": 403, "leader": 403, "council_secretary": 403, "council_member": 403,
        "admin": 200, "outsider": 404,
    }  # fmt: skip


def test_the_decision_page_links_to_printing_when_a_layout_prints_its_awards(client, cast, decision, awards, layout):
    url = reverse("awards:decision-detail", args=[decision.pk])
    print_url = reverse("awards:certificate-print", args=[decision.pk])
    client.force_login(cast["clerk"])
    clerk_page = client.get(url).content.decode()
    client.force_login(cast["leader"])
    leader_page = client.get(url).content.decode()

    assert f'href="{print_url}" id="print-certificates"' in clerk_page
    assert f'href="{print_url}?award={awards[0].pk}#section-{layout.award_type_id}"' in clerk_page
    assert print_url not in leader_page


def test_the_decision_page_offers_no_printing_without_a_layout(client, cast, decision, awards):
    client.force_login(cast["clerk"])

    page = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()

    assert reverse("awards:certificate-print", args=[decision.pk]) not in page


def test_the_proof_records_nothing(client, cast, decision, awards, layout):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:certificate-proof", args=[decision.pk]), print_data(awards, layout))

    assert len(pdf_pages(response)) == 2
    assert Certificate.objects.count() == 0


def test_printing_for_real_numbers_the_register_and_hands_back_the_pdf(client, cast, tree, decision, awards, layout):
    client.force_login(cast["clerk"])
    printer = make_printer(cast["clerk"], offset=(1.5, -2), scale=(0.995, 1.003))

    response = client.post(reverse("awards:certificate-print", args=[decision.pk]), print_data(awards, layout, printer))

    pages = pdf_pages(response)
    assert [(round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) for page in pages] == [
        (841.89, 595.28), (841.89, 595.28),
    ]  # fmt: skip
    assert "Vào sổ số: 1" in pages[0].extract_text()
    assert list(
        Certificate.objects.order_by("number").values_list("number", "year", "register_unit", "created_by")
    ) == [
        (1, 2026, tree["province"].pk, cast["clerk"].pk),
        (2, 2026, tree["province"].pk, cast["clerk"].pk),
    ]


def test_printing_one_recipient_from_the_award_s_row(client, cast, decision, awards, layout):
    client.force_login(cast["clerk"])

    page = client.get(reverse("awards:certificate-print", args=[decision.pk]), {"award": awards[1].pk})
    response = client.post(reverse("awards:certificate-print", args=[decision.pk]), print_data(awards[1:], layout))

    (section,) = page.context["sections"]
    assert section.checked == {awards[1].pk}
    assert len(pdf_pages(response)) == 1
    assert list(Certificate.objects.values_list("award", "number")) == [(awards[1].pk, 1)]


def test_printing_a_printed_certificate_again_is_refused_with_the_way_to_reprint(
    client, cast, decision, awards, layout
):
    services.certificates_issue(awards=awards[:1], layout=layout)
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:certificate-print", args=[decision.pk]), print_data(awards, layout))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Trần Văn Dũng đã được in (số 1/2026); in lại là cấp lại, cần ghi lý do." in page
    assert reverse("awards:certificate-reprint", args=[Certificate.objects.get().pk]) in page
    assert Certificate.objects.count() == 1


def test_a_leader_prints_nothing(client, cast, decision, awards, layout):
    client.force_login(cast["leader"])

    response = client.post(reverse("awards:certificate-print", args=[decision.pk]), print_data(awards, layout))

    assert response.status_code == 403
    assert Certificate.objects.count() == 0


def test_get_on_the_print_page_records_nothing(client, cast, decision, awards, layout):
    client.force_login(cast["clerk"])

    client.get(reverse("awards:certificate-print", args=[decision.pk]), print_data(awards, layout))

    assert Certificate.objects.count() == 0


# -- reprints and the register --------------------------------------------------------------------------------------


@pytest.fixture
def printed(awards, layout, cast):
    return services.certificates_issue(awards=awards, layout=layout, by=cast["clerk"], on=D(2026, 3, 2))


def test_the_reprint_page_is_the_register_unit_s_clerk_s(client, cast, printed):
    url = reverse("awards:certificate-reprint", args=[printed[0].pk])

    assert status_by_role(client, cast, url) == {
        "clerk": 200, "regional_clerk": 404, "leader": 403, "council_secretary": 404, "council_member": 404,
        "admin": 200, "outsider": 404,
    }  # fmt: skip


def test_a_reprint_with_its_reason_is_recorded_and_printed(client, cast, printed):
    client.force_login(cast["clerk"])
    url = reverse("awards:certificate-reprint", args=[printed[0].pk])

    refused = client.post(url, {"reason": "  ", "layout": printed[0].layout_id})
    response = client.post(url, {"reason": "Giấy khen bị mất khi chuyển công tác", "layout": printed[0].layout_id})

    reprint = Certificate.objects.get(replaces=printed[0])
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"] == ["Hãy ghi lý do cấp lại."]
    assert len(pdf_pages(response)) == 1
    assert (reprint.number, reprint.reason, reprint.created_by) == (3, "Giấy khen bị mất khi chuyển công tác",
                                                                    cast["clerk"])  # fmt: skip


def test_the_register_lists_the_certificates_of_the_units_in_scope(client, cast, tree, printed):
    other = make_layout(name="Giấy khen tỉnh X", unit=tree["other"])
    other_award = AwardFactory(
        code="GK", person=PersonFactory(code="CB-X", full_name="Lê Văn Đức", unit=tree["other"]), year=2025,
        decision=DecisionFactory(number="9/QĐ-VKSX", date=D(2026, 2, 2), issuing_unit=tree["other"]),
    )  # fmt: skip
    services.certificates_issue(awards=[other_award], layout=other, on=D(2026, 3, 2))
    url = reverse("awards:certificate-register")

    listed = {}
    for role in ROLES:
        client.force_login(cast[role])
        response = client.get(url)
        listed[role] = (
            response.status_code,
            sorted(entry["award"].recipient_name for entry in response.context["entries"])
            if response.status_code == 200
            else None,
        )

    province = ["Nguyễn Thị Thanh Hằng", "Trần Văn Dũng"]
    assert listed == {
        "clerk": (200, province),
        "regional_clerk": (200, []),  # the province keeps the register, not KV1
        "leader": (200, province),
        "council_secretary": (403, None),
        "council_member": (403, None),
        "admin": (200, ["Lê Văn Đức", *province]),
        "outsider": (200, ["Lê Văn Đức"]),
    }


def test_the_register_filters_by_year_and_unit(client, cast, tree, awards, layout):
    services.certificates_issue(awards=awards[:1], layout=layout, on=D(2025, 12, 30))
    services.certificates_issue(awards=awards[1:], layout=layout, on=D(2026, 1, 5))
    client.force_login(cast["admin"])

    response = client.get(reverse("awards:certificate-register"), {"year": 2025, "unit": tree["province"].code})

    assert [(entry["certificate"].year, entry["certificate"].number) for entry in response.context["entries"]] == [
        (2025, 1)
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_register_page_costs_the_same_queries_whatever_its_length(
    client, cast, tree, decision, layout, django_assert_num_queries, count
):
    staff = [PersonFactory(code=f"CB-Q{n}", unit=tree["office"]) for n in range(count)]
    awards = [AwardFactory(code="GK", person=person, year=2025, decision=decision) for person in staff]
    printed = services.certificates_issue(awards=awards, layout=layout, on=D(2026, 3, 2))
    services.certificate_reissue(certificate=printed[0], reason="Bị mất", on=D(2026, 3, 3))
    client.force_login(cast["leader"])

    # session, user, role paths, the years of the filter, one page of certificates (+1) with their award, person,
    # units, decision, layout, printer's user, replaced and replacing certificate joined
    with django_assert_num_queries(5):
        response = client.get(reverse("awards:certificate-register"))

    assert len(response.context["entries"]) == count + 1
