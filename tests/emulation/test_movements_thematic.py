"""What a thematic movement's awards ask and how many it gives (issue 16): entered on the movement's form, shown on
its page, imported as optional columns; a regular movement has none (its awards follow the regular review)."""

import io

import pytest
from django.urls import reverse

from emulation.models import Movement
from tests.factories.emulation import make_movement
from units import importing

pytestmark = pytest.mark.integration

CRITERIA = "Có sản phẩm chuyển đổi số được ứng dụng trong đơn vị."


def form_data(tree, **changes):
    return {
        "code": "PT-CDS",
        "name": "Phong trào thi đua “Chuyển đổi số”",
        "kind": "thematic",
        "launching_unit": tree["province"].pk,
        "start_date": "01/03/2026",
        "end_date": "30/09/2026",
        "doc_type": "KH",
        "doc_number": "48/KH-VKS",
        "doc_date": "10/02/2026",
        "doc_issuer": "VKSND tỉnh T",
        **changes,
    }


def test_a_thematic_movement_keeps_its_award_standard_and_quotas_and_shows_them(client, cast, tree):
    client.force_login(cast["clerk"])

    response = client.post(
        reverse("emulation:movement-create"),
        form_data(tree, award_criteria=CRITERIA, award_quota_individual="3", award_quota_collective=""),
    )

    movement = Movement.objects.get()
    assert response.status_code == 302
    assert (movement.award_criteria, movement.award_quota_individual, movement.award_quota_collective) == (
        CRITERIA,
        3,
        None,
    )
    page = client.get(reverse("emulation:movement-detail", args=[movement.pk])).content.decode()
    assert CRITERIA in page
    assert "Cá nhân: 3; tập thể: không giới hạn" in page


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        (
            {"kind": "regular", "award_quota_individual": "3"},
            "award_quota_individual",
            "Chỉ phong trào theo đợt, chuyên đề mới có tiêu chuẩn, số lượng khen thưởng riêng.",
        ),
        (
            {"kind": "regular", "award_criteria": CRITERIA},
            "award_criteria",
            "Chỉ phong trào theo đợt, chuyên đề mới có tiêu chuẩn, số lượng khen thưởng riêng.",
        ),
        (
            {"award_quota_collective": "0"},
            "award_quota_collective",
            "Số lượng phải từ 1 trở lên; để trống nếu không giới hạn.",
        ),
    ],
)
def test_the_award_fields_are_refused_where_they_mean_nothing(client, cast, tree, changes, field, error):
    client.force_login(cast["clerk"])

    response = client.post(reverse("emulation:movement-create"), form_data(tree, **changes))

    assert response.context["form"].errors[field] == [error]
    assert not Movement.objects.exists()


def test_a_regular_movements_page_shows_no_award_quota(client, cast, tree):
    movement = make_movement(tree["province"], kind="regular")
    client.force_login(cast["clerk"])

    page = client.get(reverse("emulation:movement-detail", args=[movement.pk])).content.decode()

    assert 'id="movement-award-quota"' not in page


# -- the import's optional columns ------------------------------------------------------------------------------

HEADER = (
    "code,name,kind,unit_code,start_date,end_date,document,"
    "award_criteria,award_quota_individual,award_quota_collective\n"
)


def run(text: str):
    dataset = importing.load_dataset(io.BytesIO(text.encode("utf-8")), "phong-trao.csv")
    return importing.run_import(kind="movements", dataset=dataset, dry_run=False, user=None)


def test_the_import_takes_a_thematic_movements_standard_and_quotas(tree):
    report = run(HEADER + f"PT-CDS,Chuyển đổi số,thematic,VKS-T,01/03/2026,30/09/2026,,{CRITERIA},3,\n")

    assert [str(error) for error in report.errors] == []
    movement = Movement.objects.get()
    assert (movement.award_criteria, movement.award_quota_individual, movement.award_quota_collective) == (
        CRITERIA,
        3,
        None,
    )


def test_the_import_refuses_quotas_of_a_regular_movement_or_not_a_number(tree):
    report = run(
        HEADER
        + "PT-TX,Thường xuyên,regular,VKS-T,01/01/2026,,,,5,\n"
        + "PT-CDS,Chuyển đổi số,thematic,VKS-T,01/03/2026,30/09/2026,,,ba,\n"
    )

    assert [(error.row, error.column) for error in report.errors] == [
        (2, "award_quota_individual"),
        (3, "award_quota_individual"),
    ]
    assert not Movement.objects.exists()


def test_a_file_without_the_columns_leaves_them_as_they_are(tree):
    make_movement(tree["province"], code="PT-CDS", award_criteria=CRITERIA, award_quota_individual=3)

    report = run(
        "code,name,kind,unit_code,start_date,end_date,document\n"
        "PT-CDS,Chuyển đổi số,thematic,VKS-T,01/03/2026,30/09/2026,\n"
    )

    assert report.errors == []
    movement = Movement.objects.get()
    assert (movement.name, movement.award_criteria, movement.award_quota_individual) == ("Chuyển đổi số", CRITERIA, 3)
