"""The award import is the bulk form of the register's services: the same rules with the same messages
(`awards.register.validation`), and the same history rows (who, when) as an award recorded by hand."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from awards.catalogue import calendar as cal
from awards.register import services as register_services
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory, award_type, issuing_body
from units import importing

pytestmark = pytest.mark.integration

HEADER = "award_code,recipient_kind,person_code,unit_code,year,decision_number,decision_date,kind,movement_code,note\n"
ROWS = HEADER + (
    "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n"
    "TTLDTT,collective,,VKS-T-KV2,2023,230/QĐ-VKS,19/12/2023,,,\n"
    "GK,individual,CB-DUNG,VKS-T-VP,2024,15/QĐ-VKS,05/03/2024,ad_hoc,,Bắt giữ đối tượng truy nã\n"
)


def run(text: str, *, user=None, dry_run: bool = False):
    dataset = importing.load_dataset(io.BytesIO(text.encode("utf-8")), "khen-thuong.csv")
    return importing.run_import(kind="awards", dataset=dataset, dry_run=dry_run, user=user)


def row_messages(report) -> list[tuple[str, str]]:
    return [(error.column, error.message) for error in report.errors]


class Undo(Exception):
    pass


def refusal(write) -> list[str]:
    """The messages of the ValidationError that a service call raises (nothing is kept either way)."""
    try:
        with transaction.atomic():
            write()
            raise Undo
    except ValidationError as exc:
        return exc.messages
    except Undo:
        return []


def new_award(code: str, *, decision: Decision, year: int, person=None, unit=None, note: str = "") -> Award:
    return Award(award_type=award_type(code), person=person, unit=unit, year=year, decision=decision, note=note)


# -- history -----------------------------------------------------------------------------------------------


def test_imported_awards_and_decisions_have_a_history_row_with_the_importing_user(staff, cast):
    before = datetime.datetime.now(tz=datetime.UTC)

    report = run(ROWS, user=cast["clerk"])

    assert (report.errors, report.new) == ([], 3)
    awards = Award.history.order_by("history_id")
    decisions = Decision.history.order_by("history_id")
    assert [(h.id, h.history_type, h.history_user) for h in awards] == [
        (award.pk, "+", cast["clerk"]) for award in Award.objects.order_by("pk")
    ]
    assert [(h.id, h.history_type, h.history_user) for h in decisions] == [
        (decision.pk, "+", cast["clerk"]) for decision in Decision.objects.order_by("pk")
    ]
    assert all(h.history_date >= before for h in [*awards, *decisions])
    assert Award.objects.get(award_type__code="GK").history.get().note == "Bắt giữ đối tượng truy nã"


def test_an_award_changed_by_an_import_gets_a_history_row_with_the_user(staff, cast):
    run(ROWS, user=cast["clerk"])

    report = run(ROWS.replace("Bắt giữ đối tượng truy nã", "Bắt giữ hai đối tượng truy nã"), user=cast["leader"])

    gk = Award.objects.get(award_type__code="GK")
    assert (report.errors, report.update) == ([], 1)
    assert [(h.history_type, h.history_user, h.note) for h in gk.history.order_by("history_id")] == [
        ("+", cast["clerk"], "Bắt giữ đối tượng truy nã"),
        ("~", cast["leader"], "Bắt giữ hai đối tượng truy nã"),
    ]


def test_an_import_from_the_command_line_records_history_without_a_user(staff):
    run(ROWS)

    assert list(Award.history.values_list("history_type", "history_user")) == [("+", None)] * 3


def test_a_dry_run_or_a_refused_file_writes_no_history(staff):
    run(ROWS, dry_run=True)
    run(ROWS + "XYZ,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,\n")

    assert (Award.history.count(), Decision.history.count()) == (0, 0)


def test_importing_the_same_file_twice_adds_no_history(staff, cast):
    run(ROWS, user=cast["clerk"])

    report = run(ROWS, user=cast["clerk"])

    assert (report.new, report.update, report.skip) == (0, 0, 3)
    assert (Award.history.count(), Decision.history.count()) == (3, 2)


# -- the service's rules, with the service's messages ---------------------------------------------------------


def _type_for_collectives_only(staff, tree):
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19))
    award = new_award("TTLDTT", decision=decision, person=staff["hang"], year=2023)
    return award, "TTLDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,", "award_code"


def _type_for_individuals_only(staff, tree):
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19))
    award = new_award("LDTT", decision=decision, unit=tree["kv1"], year=2023)
    return award, "LDTT,collective,,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,", "award_code"


def _year_after_the_decision(staff, tree):
    decision = DecisionFactory(number="15/QĐ-VKS", date=datetime.date(2024, 3, 5))
    award = new_award("GK", decision=decision, person=staff["dung"], year=2025)
    return award, "GK,individual,CB-DUNG,VKS-T-VP,2025,15/QĐ-VKS,05/03/2024,,,", "year"


def _annual_title_already_held(staff, tree):
    held = DecisionFactory(number="220/QĐ-VKS", date=datetime.date(2023, 12, 20))
    AwardFactory(code="LDTT", person=staff["hang"], year=2023, decision=held)
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19))
    award = new_award("LDTT", decision=decision, person=staff["hang"], year=2023)
    return award, "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,19/12/2023,,,", "award_code"


def _collective_title_already_held(staff, tree):
    AwardFactory(code="TTLDTT", unit=tree["kv2"], year=2023)
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19))
    award = new_award("TTLDTT", decision=decision, unit=tree["kv2"], year=2023)
    return award, "TTLDTT,collective,,VKS-T-KV2,2023,230/QĐ-VKS,19/12/2023,,,", "award_code"


def _once_only_medal_already_held(staff, tree):
    AwardFactory(code="KNCVSNKS", person=staff["hang"], year=2021)
    decision = DecisionFactory(number="38/QĐ-VKSTC", date=datetime.date(2023, 7, 24), authority="procurator_general")
    award = new_award("KNCVSNKS", decision=decision, person=staff["hang"], year=2023)
    return award, "KNCVSNKS,individual,CB-HANG,VKS-T-KV1,2023,38/QĐ-VKSTC,24/07/2023,,,", "award_code"


def _note_too_long(staff, tree):
    decision = DecisionFactory(number="15/QĐ-VKS", date=datetime.date(2024, 3, 5))
    award = new_award("GK", decision=decision, person=staff["dung"], year=2024, note="x" * 501)
    return award, f"GK,individual,CB-DUNG,VKS-T-VP,2024,15/QĐ-VKS,05/03/2024,,,{'x' * 501}", "note"


@pytest.mark.parametrize(
    "case",
    [
        _type_for_collectives_only,
        _type_for_individuals_only,
        _year_after_the_decision,
        _annual_title_already_held,
        _collective_title_already_held,
        _once_only_medal_already_held,
        _note_too_long,
    ],
    ids=lambda case: case.__name__.strip("_"),
)
def test_a_row_breaking_a_rule_of_award_create_is_refused_with_its_message(staff, tree, case):
    award, row, column = case(staff, tree)
    refused = refusal(lambda: register_services.award_create(award=award))
    count = Award.objects.count()

    report = run(HEADER + row + "\n")

    assert len(refused) == 1
    assert row_messages(report) == [(column, refused[0])]
    assert Award.objects.count() == count


def test_a_decision_dated_after_today_is_refused_as_by_decision_save(staff):
    tomorrow = cal.today() + datetime.timedelta(days=1)
    refused = refusal(
        lambda: register_services.decision_save(
            decision=Decision(number="9/QĐ-VKS", date=tomorrow, authority="unit_head", issuing_body=issuing_body())
        )
    )

    report = run(HEADER + f"GK,individual,CB-DUNG,VKS-T-VP,{tomorrow.year},9/QĐ-VKS,{tomorrow:%d/%m/%Y},,,\n")

    assert len(refused) == 1
    assert row_messages(report) == [("decision_date", refused[0])]


def test_a_decision_number_too_long_is_refused_as_by_decision_save(staff):
    number = "1/" + "QĐ-VKS" * 10  # 62 characters, over the 60 of Decision.number
    refused = refusal(
        lambda: register_services.decision_save(
            decision=Decision(
                number=number, date=datetime.date(2024, 3, 5), authority="unit_head", issuing_body=issuing_body()
            )
        )
    )

    report = run(HEADER + f"GK,individual,CB-DUNG,VKS-T-VP,2024,{number},05/03/2024,,,\n")

    assert len(refused) == 1
    assert row_messages(report) == [("decision_number", refused[0])]
    assert Decision.objects.count() == 0


def test_an_issuer_that_may_not_confer_the_award_is_refused_as_by_award_create(staff, tree):
    regional = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19), issuing_unit=tree["kv1"])
    refused = refusal(
        lambda: register_services.award_create(
            award=new_award("LDTT", decision=regional, person=staff["hang"], year=2023)
        )
    )

    report = run(
        "award_code,recipient_kind,person_code,unit_code,year,decision_number,issuer_code,decision_date\n"
        "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,VKS-T-KV1,19/12/2023\n"
    )

    assert len(refused) == 1
    assert row_messages(report) == [("issuer_code", refused[0])]


def test_a_row_is_refused_for_exactly_the_units_the_award_form_may_not_record_for(staff, tree, cast):
    clerk = cast["regional_clerk"]
    units = sorted(tree.values(), key=lambda unit: unit.code)
    rows = "".join(f"TTLDTT,collective,,{unit.code},2023,230/QĐ-VKS,19/12/2023,,,\n" for unit in units)

    report = run(HEADER + rows, user=clerk, dry_run=True)

    refused = [units[error.row - 2].code for error in report.errors]
    assert refused == [unit.code for unit in units if not clerk.has_perm("awards.record_for_unit", unit)]
    assert refused == ["VKS-T", "VKS-T-KV2", "VKS-T-VP", "VKS-X"]
    assert row_messages(report)[0] == ("unit_code", "Đơn vị “VKS-T” nằm ngoài phạm vi quản lý của bạn.")


# -- what the service accepts, the import accepts -------------------------------------------------------------


def _title_again_after_a_revocation(staff, tree):
    revoked = AwardFactory(code="LDTT", person=staff["hang"], year=2023)
    register_services.award_revoke(
        award=revoked, on=datetime.date(2024, 6, 1), revoking_decision="40/QĐ-VKS", reason="Kê khai sai"
    )
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2024, 7, 1))
    award = new_award("LDTT", decision=decision, person=staff["hang"], year=2023)
    return award, "LDTT,individual,CB-HANG,VKS-T-KV1,2023,230/QĐ-VKS,01/07/2024,,,"


def _year_before_the_decision(staff, tree):
    decision = DecisionFactory(number="12/QĐ-VKSTC", date=datetime.date(2025, 1, 10), authority="procurator_general")
    award = new_award("BKVKSTC", decision=decision, person=staff["hang"], year=2024)
    return award, "BKVKSTC,individual,CB-HANG,VKS-T-KV1,2024,12/QĐ-VKSTC,10/01/2025,,,"


def _a_form_given_again_the_same_year(staff, tree):
    AwardFactory(code="GK", person=staff["dung"], year=2024)
    # A number outside the factory's sequence (n/QĐ-VKS), which numbers the first Giấy khen's decision.
    decision = DecisionFactory(number="15/QĐ-VKS-T", date=datetime.date(2024, 3, 5))
    award = new_award("GK", decision=decision, person=staff["dung"], year=2024)
    return award, "GK,individual,CB-DUNG,VKS-T-VP,2024,15/QĐ-VKS-T,05/03/2024,ad_hoc,,"


def _an_annual_title_of_another_year(staff, tree):
    AwardFactory(code="TTLDTT", unit=tree["kv2"], year=2022)
    decision = DecisionFactory(number="230/QĐ-VKS", date=datetime.date(2023, 12, 19))
    award = new_award("TTLDTT", decision=decision, unit=tree["kv2"], year=2023)
    return award, "TTLDTT,collective,,VKS-T-KV2,2023,230/QĐ-VKS,19/12/2023,,,"


@pytest.mark.parametrize(
    "case",
    [
        _title_again_after_a_revocation,
        _year_before_the_decision,
        _a_form_given_again_the_same_year,
        _an_annual_title_of_another_year,
    ],
    ids=lambda case: case.__name__.strip("_"),
)
def test_a_row_that_award_create_accepts_is_imported(staff, tree, cast, case):
    award, row = case(staff, tree)
    refused = refusal(lambda: register_services.award_create(award=award))
    count = Award.objects.count()

    report = run(HEADER + row + "\n", user=cast["clerk"])

    assert refused == []
    assert (report.errors, report.new) == ([], 1)
    assert Award.objects.count() == count + 1
