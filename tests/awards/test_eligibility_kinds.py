"""Each kind of award gets its own criteria (issue 16): a thematic Bằng khen is judged by its movement (tied to it,
running that year, its quota, its standard for the council), an ad hoc one by the exceptional act, a collective's
Bằng khen VKSTC, Bằng khen Thủ tướng and HCLĐ hạng Ba by its TTLĐXS and flags, the Cờ thi đua ngành by the
cluster's vote, the Cờ thi đua của Chính phủ by the sector flag; none of them by the regular CSTĐCS chain. And the
nomination form asks the movement of a thematic award and the date of an ad hoc act."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.catalogue.enums import AwardKind
from awards.catalogue.models import IssuingBody
from awards.nominations import eligibility
from awards.nominations import services as nomination_services
from awards.nominations.eligibility import MET, NOT_MET, PENDING, UNKNOWN
from awards.nominations.enums import NominationState
from awards.nominations.models import Nomination
from awards.register.models import Decision
from awards.register.services import award_revoke
from emulation import services as emulation_services
from emulation.enums import MemberRole
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.emulation import make_group, make_movement
from tests.factories.nominations import submit
from tests.factories.units import PersonFactory, UnitFactory
from units.enums import UnitLevel
from units.models import Person

# Nominations of 2026, judged on 08/12/2026 (the review season of 2026); the province's council is in office from
# 05/01/2026, so that a tờ trình of 20/11/2026 may be sent to it.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.today("2026-12-08"),
    pytest.mark.usefixtures("provincial_council"),
]

YEAR = 2026
D = datetime.date


# -- helpers: what a clerk would have entered --------------------------------------------------------------


def nominate(recipient, code: str, *, year: int = YEAR, kind=AwardKind.REGULAR, **fields) -> Nomination:
    is_person = isinstance(recipient, Person)
    return nomination_services.nomination_save(
        nomination=Nomination(
            nominating_unit=recipient.unit if is_person else recipient,
            person=recipient if is_person else None,
            unit=None if is_person else recipient,
            award_type=award_type(code),
            year=year,
            kind=kind,
            **fields,
        )
    )


# Who signs each award in these stories: the provincial Viện trưởng (a unit of the tree) the titles of its units,
# the shipped bodies the others.
ISSUER = {"BKVKSTC": "VKSTC", "CTDN": "VKSTC", "BKTTG": "TTG", "CTDCP": "TTG", "HCLD3": "CTN"}
AUTHORITY = {"VKSTC": "procurator_general", "TTG": "prime_minister", "CTN": "state_president"}


def awarded(recipient, code: str, year: int, *, movement=None, kind=AwardKind.REGULAR, tree=None):
    """The award in the register, by the decision of 25/11 of its year of its issuer for its type ("257/QĐ-VKSTC"
    for the Bằng khen VKSTC of 2025, "25/QĐ-VKS-TTLDXS" for the TTLĐXS of 2025 of the province)."""
    body = ISSUER.get(code)
    if body:
        issuer = {"issuing_body": IssuingBody.objects.get(code=body), "authority": AUTHORITY[body]}
        number = f"{year % 100}{len(code)}/QĐ-{body}"
    else:
        issuer = {"issuing_unit": tree["province"]}
        number = f"{year % 100}/QĐ-VKS-{code}"
    decision = Decision.objects.filter(number=number, year=year).first() or DecisionFactory(
        number=number, date=D(year, 11, 25), **issuer
    )
    is_person = isinstance(recipient, Person)
    return AwardFactory(
        code=code,
        year=year,
        decision=decision,
        movement=movement,
        kind=kind,
        **({"person": recipient} if is_person else {"unit": recipient}),
    )


def check_of(nomination) -> eligibility.Check:
    return eligibility.evaluate([nomination])[nomination.pk]


# The criteria these stories are about: the kinds' own, the collectives' and flags', and those of the regular review
# they must not ask (registration, the individual chain). The unit's standing (incidents, head of unit) has its own.
CODES = {
    "registered",
    "bkvkstc",
    "movement",
    "movement_period",
    "movement_quota",
    "movement_standard",
    "ad_hoc_act",
    "chain",
    "earlier",
    "flags",
    "flag_vote",
    "ttldxs_same_year",
    "ctdn_same_year",
}


def statuses(check) -> list[tuple[str, str]]:
    return [(criterion.code, criterion.status) for criterion in check.criteria if criterion.code in CODES]


SPRING, AUTUMN = D(2026, 3, 1), D(2026, 9, 30)


def thematic_movement(tree, code="PT-CDS", *, start=SPRING, end=AUTUMN, **extra):
    """The thematic movement “Chuyển đổi số” of the province, 01/03–30/09/2026 by default."""
    return make_movement(tree["province"], code=code, start=start, end=end, **extra)


# -- thematic (theo đợt, chuyên đề) ------------------------------------------------------------------------


def test_a_thematic_bkvkstc_is_judged_by_its_movement_not_by_the_cstdcs_chain(tree, staff):
    movement = thematic_movement(
        tree, award_quota_individual=3, award_criteria="Có sản phẩm chuyển đổi số được ứng dụng trong đơn vị."
    )

    check = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement))

    assert statuses(check) == [
        ("movement", MET),
        ("movement_period", MET),
        ("movement_quota", MET),
        ("movement_standard", UNKNOWN),
    ]
    assert check.get("movement").evidence == [
        "Phong trào thi đua “Chuyển đổi số” (Kế hoạch số 48/KH-VKS ngày 10/01/2022 của VKSND thành phố Huế), "
        "01/03/2026–30/09/2026"
    ]
    assert check.get("movement_standard").reason == (
        "Do Hội đồng đánh giá theo tiêu chuẩn của phong trào: Có sản phẩm chuyển đổi số được ứng dụng trong đơn vị."
    )


def test_a_regular_bkvkstc_of_the_same_person_still_wants_the_chain(tree, staff):
    check = check_of(nominate(staff["hang"], "BKVKSTC"))

    assert [code for code, _status in statuses(check)] == ["bkvkstc"]
    assert check.passed is False


@pytest.mark.parametrize(
    ("awarded_count", "nominated_count", "expected", "reason"),
    [
        (2, 0, MET, "Phong trào đã khen thưởng 2 cá nhân, đang đề nghị 0 cá nhân khác; tính cả đề nghị này là 3/3."),
        (
            3,
            0,
            NOT_MET,
            "Phong trào đã khen thưởng 3 cá nhân, đang đề nghị 0 cá nhân khác; tính cả đề nghị này là 4/3.",
        ),
        (
            1,
            2,
            NOT_MET,
            "Phong trào đã khen thưởng 1 cá nhân, đang đề nghị 2 cá nhân khác; tính cả đề nghị này là 4/3.",
        ),
    ],
)
def test_the_movements_quota_counts_its_awards_and_live_nominations(
    tree, staff, awarded_count, nominated_count, expected, reason
):
    movement = thematic_movement(tree, award_quota_individual=3)
    people = [PersonFactory(code=f"CB-PT{n}", unit=tree["kv1"]) for n in range(awarded_count + nominated_count)]
    for person in people[:awarded_count]:
        awarded(person, "BKVKSTC", YEAR, movement=movement, kind=AwardKind.THEMATIC)
    for person in people[awarded_count:]:
        nominate(person, "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement)

    criterion = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement)).get(
        "movement_quota"
    )

    assert (criterion.label, criterion.status, criterion.reason) == (
        "Trong số 3 cá nhân phong trào được khen thưởng",
        expected,
        reason,
    )


def test_a_revoked_award_a_withdrawn_nomination_and_collectives_leave_an_individuals_quota_free(tree, staff):
    movement = thematic_movement(tree, award_quota_individual=1, award_quota_collective=5)
    revoked = awarded(PersonFactory(code="CB-HUY", unit=tree["kv1"]), "BKVKSTC", YEAR, movement=movement)
    award_revoke(award=revoked, on=D(2026, 12, 1), revoking_decision="9/QĐ-VKSTC", reason="Sai đối tượng")
    withdrawn = nominate(PersonFactory(code="CB-RUT", unit=tree["kv1"]), "BKVKSTC", kind="thematic", movement=movement)
    Nomination.objects.filter(pk=withdrawn.pk).update(state=NominationState.WITHDRAWN)
    awarded(tree["kv2"], "BKVKSTC", YEAR, movement=movement, kind=AwardKind.THEMATIC)

    criterion = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement)).get(
        "movement_quota"
    )

    assert (criterion.status, criterion.reason) == (
        MET,
        "Phong trào đã khen thưởng 0 cá nhân, đang đề nghị 0 cá nhân khác; tính cả đề nghị này là 1/1.",
    )


def test_a_movement_without_quota_or_standard_asks_neither(tree, staff):
    movement = thematic_movement(tree)

    check = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement))

    assert statuses(check) == [("movement", MET), ("movement_period", MET)]
    assert check.passed is True


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (D(2025, 11, 30), NOT_MET),  # ended with work year 2025
        (D(2025, 12, 1), MET),  # the first day of work year 2026
    ],
)
def test_the_movement_must_run_in_the_nomination_year(tree, staff, end, expected):
    movement = thematic_movement(tree, start=D(2025, 3, 1), end=end)

    criterion = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement)).get(
        "movement_period"
    )

    assert criterion.status == expected
    assert criterion.reason == (
        f"Phong trào từ ngày 01/03/2025 đến ngày {end:%d/%m/%Y}; năm 2026 tính từ ngày 01/12/2025 đến ngày 30/11/2026."
    )


def test_a_regular_movement_is_no_ground_for_a_thematic_award(tree, staff):
    movement = thematic_movement(tree, kind="regular", name="Phong trào thi đua thường xuyên")

    check = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement))

    assert statuses(check) == [("movement", NOT_MET)]
    assert check.get("movement").reason == (
        "“Phong trào thi đua thường xuyên” là phong trào thường xuyên, không phải phong trào theo đợt, chuyên đề."
    )


def test_a_thematic_nomination_meeting_the_checks_is_sent_with_a_justification_for_the_movements_standard(
    tree, staff, cast
):
    movement = thematic_movement(tree, award_criteria="Có sản phẩm chuyển đổi số.")
    nomination = nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement)

    with pytest.raises(ValidationError, match="Tiêu chuẩn khen thưởng của phong trào"):
        submit([nomination], by=cast["regional_clerk"], council_unit=tree["province"])
    nomination.justification = "Đơn vị đã ứng dụng phần mềm quản lý án do đồng chí xây dựng."
    nomination_services.nomination_save(nomination=nomination)
    submit([nomination], by=cast["regional_clerk"], council_unit=tree["province"], number="26/TTr-VKS")

    assert nomination.state == NominationState.SUBMITTED
    assert [(c["code"], c["status"]) for c in nomination.eligibility["criteria"]] == [
        ("movement", MET),
        ("movement_period", MET),
        ("movement_standard", UNKNOWN),
    ]


def test_a_thematic_nomination_of_a_movement_without_standard_is_sent_as_it_is(tree, staff, cast):
    nomination = nominate(staff["hang"], "BKVKSTC", kind=AwardKind.THEMATIC, movement=thematic_movement(tree))

    submit([nomination], by=cast["regional_clerk"], council_unit=tree["province"])

    assert (nomination.state, nomination.eligibility["passed"]) == (NominationState.SUBMITTED, True)


# -- ad hoc (đột xuất) and the other kinds --------------------------------------------------------------------


def test_an_ad_hoc_bkvkstc_rests_on_the_act_not_on_a_chain(staff):
    nomination = nominate(
        staff["hang"],
        "BKVKSTC",
        kind=AwardKind.AD_HOC,
        act_date=D(2026, 8, 14),
        summary="Phát hiện và kiến nghị khởi tố vụ án tham nhũng lớn tại địa phương.",
    )

    check = check_of(nomination)

    assert statuses(check) == [("ad_hoc_act", MET)]
    assert check.get("ad_hoc_act").reason == "Thành tích đột xuất ngày 14/08/2026."


@pytest.mark.parametrize(
    ("act_date", "summary", "reason"),
    [
        (None, "Phát hiện vụ án tham nhũng.", "Chưa ghi ngày lập thành tích đột xuất."),
        (D(2026, 12, 9), "Phát hiện vụ án tham nhũng.", "Ngày lập thành tích 09/12/2026 chưa đến."),
        (
            None,
            "",
            "Chưa ghi ngày lập thành tích đột xuất. Chưa mô tả thành tích (tóm tắt thành tích).",
        ),
    ],
)
def test_an_ad_hoc_award_without_its_act_says_what_is_missing(staff, act_date, summary, reason):
    nomination = nominate(staff["hang"], "BKVKSTC", kind=AwardKind.AD_HOC, act_date=act_date, summary=summary)

    criterion = check_of(nomination).get("ad_hoc_act")

    assert (criterion.status, criterion.reason) == (NOT_MET, reason)


def test_a_thematic_or_ad_hoc_title_asks_no_registration(tree, staff):
    movement = thematic_movement(tree)

    thematic = check_of(nominate(staff["hang"], "LDTT", kind=AwardKind.THEMATIC, movement=movement))
    regular = check_of(nominate(staff["dung"], "LDTT"))

    assert thematic.get("registered") is None
    assert regular.get("registered").status == NOT_MET


def test_a_foreign_relations_bkvkstc_asks_nothing_beyond_its_recipient(staff):
    check = check_of(nominate(staff["hang"], "BKVKSTC", kind=AwardKind.FOREIGN))

    assert statuses(check) == []


# -- collective forms ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "expected", "reason"),
    [
        ((2025, 2026), MET, "TTLĐXS 2025–2026. Tất cả trong sổ khen thưởng."),
        ((2024, 2026), NOT_MET, "Có 1 năm TTLĐXS liên tục đến năm 2026, cần 2. Năm 2025 không có TTLĐXS."),
    ],
)
def test_a_collective_bkvkstc_needs_two_consecutive_ttldxs(tree, years, expected, reason):
    for year in years:
        awarded(tree["kv1"], "TTLDXS", year, tree=tree)

    check = check_of(nominate(tree["kv1"], "BKVKSTC"))

    assert statuses(check) == [("chain", expected)]
    chain = check.get("chain")
    assert (chain.label, chain.reason) == ("2 năm TTLĐXS liên tục đến năm 2026", reason)


def test_a_collective_bkvkstc_counts_the_ttldxs_nominated_the_same_year_as_pending(tree):
    awarded(tree["kv1"], "TTLDXS", 2025, tree=tree)
    nominate(tree["kv1"], "TTLDXS")

    chain = check_of(nominate(tree["kv1"], "BKVKSTC")).get("chain")

    assert chain.status == PENDING
    assert chain.evidence == [
        "TTLĐXS 2025 — QĐ số 25/QĐ-VKS-TTLDXS ngày 25/11/2025",
        "TTLĐXS 2026: đề nghị cùng đợt, chờ quyết định (Nháp)",
    ]


def test_a_thematic_ttldxs_does_not_count_in_the_collectives_chain(tree):
    awarded(tree["kv1"], "TTLDXS", 2025, kind=AwardKind.THEMATIC, tree=tree)
    awarded(tree["kv1"], "TTLDXS", 2026, tree=tree)

    chain = check_of(nominate(tree["kv1"], "BKVKSTC")).get("chain")

    assert (chain.status, chain.reason) == (
        NOT_MET,
        "Có 1 năm TTLĐXS liên tục đến năm 2026, cần 2. "
        "TTLĐXS 2025 là khen thưởng theo đợt, chuyên đề, không tính vào chuỗi.",
    )


def bkttg_history(tree, *, bkvkstc=(2020,), flags=(("CTDN", 2024),)):
    """KV1: collective Bằng khen VKSTC in `bkvkstc` years, TTLĐXS 2022–2026, the flags given."""
    for year in bkvkstc:
        awarded(tree["kv1"], "BKVKSTC", year)
    for year in range(2022, 2027):
        awarded(tree["kv1"], "TTLDXS", year, tree=tree)
    for code, year in flags:
        awarded(tree["kv1"], code, year)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ({}, [("earlier", MET), ("chain", MET), ("flags", MET)]),
        # No flag, but two Bằng khen VKSTC within the five years.
        ({"bkvkstc": (2020, 2023, 2025), "flags": ()}, [("earlier", MET), ("chain", MET), ("flags", MET)]),
        ({"bkvkstc": (2020, 2025), "flags": ()}, [("earlier", MET), ("chain", MET), ("flags", NOT_MET)]),
        # The only Bằng khen VKSTC is within the five years.
        ({"bkvkstc": (2023,)}, [("earlier", NOT_MET), ("chain", MET), ("flags", MET)]),
    ],
)
def test_a_collective_bkttg_after_a_bkvkstc_five_ttldxs_and_a_flag(tree, history, expected):
    bkttg_history(tree, **history)

    check = check_of(nominate(tree["kv1"], "BKTTG"))

    assert statuses(check) == expected
    assert [check.get(code).label for code in ("earlier", "chain", "flags")] == [
        "Đã có Bằng khen VKSTC, sau đó 5 năm trở lên",
        "5 năm TTLĐXS liên tục đến năm 2026",
        "Trong 5 năm đó: 1 lần Cờ thi đua (ngành hoặc Chính phủ) hoặc 2 lần Bằng khen VKSTC",
    ]


def test_a_collective_bkttg_names_its_flag_and_its_earlier_form(tree):
    bkttg_history(tree)

    check = check_of(nominate(tree["kv1"], "BKTTG"))

    assert check.get("earlier").evidence == ["Bằng khen VKSTC 2020 — QĐ số 207/QĐ-VKSTC ngày 25/11/2020"]
    assert check.get("flags").evidence == ["Cờ thi đua ngành 2024 — QĐ số 244/QĐ-VKSTC ngày 25/11/2024"]
    assert check.get("flags").reason == "1 năm có Cờ thi đua, 0 lần Bằng khen VKSTC trong các năm 2022–2026."


def test_a_collective_hcld3_follows_an_earlier_bkttg(tree):
    bkttg_history(tree, bkvkstc=(), flags=(("BKTTG", 2021), ("CTDCP", 2025)))

    check = check_of(nominate(tree["kv1"], "HCLD3"))

    assert statuses(check) == [("earlier", MET), ("chain", MET), ("flags", MET)]
    assert check.get("earlier").label == "Đã có Bằng khen Thủ tướng, sau đó 5 năm trở lên"


# -- flags -------------------------------------------------------------------------------------------------------


def cluster_vote(tree, agree: int):
    """Cụm thi đua số 1 of 2026 (KV1 head, KV2, the Văn phòng) votes on proposing KV1 for the sector flag."""
    group = make_group(
        tree, YEAR, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY, tree["office"]: MemberRole.MEMBER}
    )
    return emulation_services.flag_vote_record(
        group=group, candidate=tree["kv1"], agree=agree, voted_on=D(2026, 12, 5), award_type=award_type("CTDN")
    )


@pytest.mark.parametrize(
    ("agree", "expected", "reason"),
    [
        (3, MET, "Đạt tỷ lệ đồng ý để đề nghị."),
        (2, NOT_MET, "Không đạt tỷ lệ đồng ý từ 80% số đơn vị thành viên."),
    ],
)
def test_the_sector_flag_follows_the_clusters_vote_of_the_year(tree, agree, expected, reason):
    cluster_vote(tree, agree)
    awarded(tree["kv1"], "TTLDXS", YEAR, tree=tree)

    check = check_of(nominate(tree["kv1"], "CTDN"))

    vote = check.get("flag_vote")
    assert (vote.status, vote.reason) == (expected, reason)
    assert vote.evidence == [f"Cụm thi đua số 1 suy tôn: {agree}/3 đơn vị đồng ý ngày 05/12/2026"]
    assert check.get("ttldxs_same_year").status == MET


def test_the_sector_flag_is_unknown_without_a_vote_and_not_met_without_ttldxs(tree):
    check = check_of(nominate(tree["kv1"], "CTDN"))

    assert [(code, status) for code, status in statuses(check) if code != "registered"] == [
        ("flag_vote", UNKNOWN),
        ("ttldxs_same_year", NOT_MET),
    ]
    assert check.get("flag_vote").reason == "Chưa ghi kết quả suy tôn của Cụm, Khối thi đua năm 2026."


def test_a_vote_of_another_year_does_not_count(tree):
    group = make_group(tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.MEMBER})
    emulation_services.flag_vote_record(group=group, candidate=tree["kv1"], agree=2, voted_on=D(2025, 12, 5))

    assert check_of(nominate(tree["kv1"], "CTDN")).get("flag_vote").status == UNKNOWN


@pytest.mark.parametrize("sector_flag", ["held", "nominated"])
def test_the_government_flag_wants_the_sector_flag_and_ttldxs_of_the_year(tree, sector_flag):
    awarded(tree["kv1"], "TTLDXS", YEAR, tree=tree)
    if sector_flag == "held":
        awarded(tree["kv1"], "CTDN", YEAR)
    else:
        nominate(tree["kv1"], "CTDN")

    check = check_of(nominate(tree["kv1"], "CTDCP"))

    assert [(code, status) for code, status in statuses(check) if code != "registered"] == [
        ("ctdn_same_year", MET if sector_flag == "held" else PENDING),
        ("ttldxs_same_year", MET),
    ]


def test_the_government_flag_without_the_sector_flag_is_not_met(tree):
    awarded(tree["kv1"], "TTLDXS", YEAR, tree=tree)

    criterion = check_of(nominate(tree["kv1"], "CTDCP")).get("ctdn_same_year")

    assert (criterion.status, criterion.reason) == (
        NOT_MET,
        "Không có Cờ thi đua ngành năm 2026 trong sổ khen thưởng, cũng không có đề nghị Cờ thi đua ngành năm đó.",
    )


# -- bounded queries -----------------------------------------------------------------------------------------


def kinds_of(tree, unit, n: int, movement) -> list[Nomination]:
    """A thematic and an ad hoc award for a person of `unit`, a Bằng khen VKSTC and a Cờ thi đua ngành for the unit."""
    person = PersonFactory(code=f"CB{n:03d}", unit=unit)
    awarded(unit, "TTLDXS", 2025, tree=tree)
    return [
        nominate(person, "BKVKSTC", kind=AwardKind.THEMATIC, movement=movement),
        nominate(person, "GK", kind=AwardKind.AD_HOC, act_date=D(2026, 5, 1), summary="Cứu người bị nạn."),
        nominate(unit, "BKVKSTC"),
        nominate(unit, "CTDN"),
    ]


def sql_of(nominations) -> list[str]:
    nominations = list(Nomination.objects.filter(pk__in=[n.pk for n in nominations]))
    with CaptureQueriesContext(connection) as captured:
        checks = eligibility.evaluate(nominations)
    assert len(checks) == len(nominations)
    return [query["sql"] for query in captured.captured_queries]


def test_evaluate_costs_the_same_queries_for_one_or_eight_units_of_every_kind(tree):
    movement = thematic_movement(tree, award_quota_individual=50, award_quota_collective=50)
    first = kinds_of(tree, tree["kv1"], 0, movement)
    more = [
        nomination
        for n in range(1, 8)
        for nomination in kinds_of(tree, UnitFactory(level=UnitLevel.DEPARTMENT, parent=tree["province"]), n, movement)
    ]

    one, eight = sql_of(first), sql_of(first + more)

    assert len(eight) == len(one)
    # What the kinds add, once each: the collectives' live nominations and their flag votes (collective forms and
    # flags), the movements of the thematic nominations, the movements' awards and their live nominations.
    assert sum('FROM "emulation_flagvote"' in sql for sql in eight) == 1
    assert sum('FROM "emulation_movement"' in sql for sql in eight) == 1
    assert sum('"awards_award"."movement_id" IN' in sql for sql in eight) == 1
    assert sum('"awards_nomination"."movement_id" IN' in sql for sql in eight) == 1


# -- the nomination form -------------------------------------------------------------------------------------------


def form_data(tree, **changes):
    return {
        "nominating_unit": tree["kv1"].pk,
        "person_text": "CB-HANG",
        "award_type": award_type("BKVKSTC").pk,
        "year": YEAR,
        "kind": "regular",
        "summary": "Phát hiện và kiến nghị khởi tố vụ án tham nhũng.",
        "figures": "",
        "justification": "",
        **changes,
    }


def test_a_thematic_nomination_needs_a_thematic_movement_the_clerk_sees(client, cast, tree, staff):
    joined = {"participating_units": [tree["kv1"]]}
    regular = thematic_movement(tree, code="PT-TX", kind="regular", name="Phong trào thi đua thường xuyên", **joined)
    thematic = thematic_movement(tree, **joined)
    make_movement(tree["other"], code="PT-X")  # a thematic movement of another province
    client.force_login(cast["regional_clerk"])
    url = reverse("awards:nomination-create")

    page = client.get(url)
    missing = client.post(url, form_data(tree, kind="thematic"))
    wrong = client.post(url, form_data(tree, kind="thematic", movement=regular.pk))
    right = client.post(url, form_data(tree, kind="thematic", movement=thematic.pk))

    assert list(page.context["form"].fields["movement"].queryset) == [thematic]
    assert missing.context["form"].errors["movement"] == [
        "Khen thưởng theo đợt, chuyên đề phải gắn với một phong trào thi đua theo đợt."
    ]
    assert wrong.context["form"].errors["movement"] == [
        "Hãy chọn một phong trào thi đua theo đợt, chuyên đề trong danh sách."
    ]
    assert right.status_code == 302
    assert Nomination.objects.get().movement == thematic


def test_the_movement_of_another_kind_of_award_is_dropped(client, cast, tree, staff):
    client.force_login(cast["regional_clerk"])

    movement = thematic_movement(tree, participating_units=[tree["kv1"]])

    client.post(reverse("awards:nomination-create"), form_data(tree, movement=movement.pk))

    assert Nomination.objects.get().movement is None


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({}, "act_date", "Khen thưởng đột xuất phải ghi ngày lập thành tích."),
        ({"act_date": "09/12/2026"}, "act_date", "Ngày lập thành tích không được sau ngày hôm nay."),
        ({"act_date": "14/08/2026", "summary": ""}, "summary", "Khen thưởng đột xuất phải mô tả thành tích."),
    ],
)
def test_an_ad_hoc_nomination_needs_the_date_and_description_of_its_act(
    client, cast, tree, staff, changes, field, error
):
    client.force_login(cast["regional_clerk"])

    response = client.post(reverse("awards:nomination-create"), form_data(tree, kind="ad_hoc", **changes))

    assert response.context["form"].errors[field] == [error]
    assert Nomination.objects.count() == 0


def test_an_ad_hoc_nomination_keeps_its_act_date_and_another_kind_drops_it(client, cast, tree, staff):
    client.force_login(cast["clerk"])
    url = reverse("awards:nomination-create")

    response = client.post(url, form_data(tree, kind="ad_hoc", act_date="14/08/2026"))
    client.post(url, form_data(tree, person_text="CB-DUNG", nominating_unit=tree["office"].pk, act_date="14/08/2026"))

    assert dict(Nomination.objects.values_list("kind", "act_date")) == {
        "ad_hoc": D(2026, 8, 14),
        "regular": None,
    }
    page = client.get(response.url).content.decode()
    assert "Thành tích đột xuất ngày 14/08/2026" in page


def test_the_form_shows_the_movement_for_thematic_and_the_date_for_ad_hoc_awards(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("awards:nomination-create")).content.decode()

    assert 'data-kind-field="thematic"' in page and 'data-kind-field="ad_hoc"' in page
    assert "awards/js/nomination-kind.js" in page
