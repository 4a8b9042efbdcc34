"""Every register and decision page for every role of the cast, in and out of scope.

404 for objects outside the user's scope, 403 for forbidden actions on objects they can see, 302 to the login
page for anonymous visitors, 200 otherwise.
"""

import datetime

import pytest
from django.urls import reverse

from awards.catalogue.models import IssuingBody
from awards.register.models import Award, Decision
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.units import UserFactory

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]


def expected(**codes):
    return [pytest.param(role, codes[role], id=role) for role in ROLES]


def status_for(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.fixture
def decision(tree, staff):
    """A decision of the province granting LĐTT 2025 to Hằng (VKS-T-KV1)."""
    decision = DecisionFactory(number="7/QĐ-VKS-T", date=datetime.date(2025, 12, 20), issuing_unit=tree["province"])
    AwardFactory(code="LDTT", person=staff["hang"], year=2025, decision=decision)
    return decision


@pytest.fixture
def award(decision):
    return decision.awards.get()


@pytest.mark.parametrize("name", ["awards:award-list", "awards:decision-list"])
def test_register_pages_are_open_to_every_role(client, cast, name):
    no_role = UserFactory(username="norole")

    assert status_for(client, no_role, reverse(name)) == 403
    for role in ROLES:
        assert status_for(client, cast[role], reverse(name)) == 200, role


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [
        ("awards:award-list", None),
        ("awards:award-export", None),
        ("awards:decision-list", None),
        ("awards:decision-create", None),
        ("awards:decision-detail", "decision"),
        ("awards:decision-update", "decision"),
        ("awards:decision-scan", "decision"),
        ("awards:award-revoke", "award"),
    ],
)
def test_pages_send_anonymous_users_to_login(client, decision, award, name, kwarg):
    args = {"decision": [decision.pk], "award": [award.pk], None: []}[kwarg]

    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_adding_an_award_sends_anonymous_users_to_login(client, decision):
    response = client.post(reverse("awards:award-create", args=[decision.pk]), {})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert decision.awards.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=200, council_secretary=403, council_member=403, admin=200, outsider=200
    ),
)
def test_export_is_for_clerks_leaders_and_administrators(client, cast, role, status):
    assert status_for(client, cast[role], reverse("awards:award-export")) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=200, council_secretary=200, council_member=200, admin=200, outsider=404
    ),
)
def test_decision_detail_in_and_out_of_scope(client, cast, decision, role, status):
    assert status_for(client, cast[role], reverse("awards:decision-detail", args=[decision.pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=200, leader=200, council_secretary=403, council_member=403, admin=200, outsider=200
    ),
)
def test_decision_create_is_for_clerks_and_leaders(client, cast, role, status):
    assert status_for(client, cast[role], reverse("awards:decision-create")) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=200, regional_clerk=403, leader=200, council_secretary=403, council_member=403, admin=200, outsider=404
    ),
)
def test_decision_update_needs_the_issuing_unit_in_record_scope(client, cast, decision, role, status):
    assert status_for(client, cast[role], reverse("awards:decision-update", args=[decision.pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=403, regional_clerk=403, leader=200, council_secretary=403, council_member=403, admin=200, outsider=404
    ),
)
def test_revoke_is_for_leaders_and_administrators(client, cast, award, role, status):
    assert status_for(client, cast[role], reverse("awards:award-revoke", args=[award.pk])) == status


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=302, regional_clerk=302, leader=302, council_secretary=403, council_member=403, admin=302, outsider=404
    ),
)
def test_adding_an_award_to_a_decision(client, cast, decision, staff, role, status):
    client.force_login(cast[role])

    response = client.post(
        reverse("awards:award-create", args=[decision.pk]),
        {"person": "CB-HANG", "award_type": award_type("GK").pk, "year": 2025, "kind": "regular"},
    )

    assert response.status_code == status
    assert decision.awards.filter(award_type__code="GK").count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    ("role", "status"),
    expected(
        clerk=403, regional_clerk=403, leader=302, council_secretary=403, council_member=403, admin=302, outsider=404
    ),
)
def test_revoking_an_award(client, cast, award, role, status):
    client.force_login(cast[role])

    response = client.post(
        reverse("awards:award-revoke", args=[award.pk]),
        {"revoked_on": "01/06/2026", "revoking_decision": "9/QĐ-VKS-T ngày 01/06/2026", "revocation_reason": "Sai"},
    )

    assert response.status_code == status
    award.refresh_from_db()
    assert award.is_revoked is (status == 302)


def test_a_clerk_records_only_staff_of_the_scope(client, cast, decision, staff):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("awards:award-create", args=[decision.pk]),
        {"person": "CB-DUNG", "award_type": award_type("GK").pk, "year": 2025, "kind": "regular"},
    )

    assert response.status_code == 200
    assert response.context["award_form"].errors["person"] == [
        "Không tìm thấy cán bộ “CB-DUNG” trong phạm vi đơn vị của bạn."
    ]
    assert not Award.objects.filter(person=staff["dung"]).exists()


def test_a_clerk_cannot_award_a_unit_outside_the_scope(client, cast, decision, tree):
    client.force_login(cast["regional_clerk"])

    response = client.post(
        reverse("awards:award-create", args=[decision.pk]),
        {"unit": tree["kv2"].pk, "award_type": award_type("TTLDTT").pk, "year": 2025, "kind": "regular"},
    )

    assert response.status_code == 200
    assert "unit" in response.context["award_form"].errors
    assert not Award.objects.filter(unit=tree["kv2"]).exists()


def test_the_decision_recipients_are_limited_to_the_scope(client, cast, decision, tree, staff):
    AwardFactory(code="GK", person=staff["dung"], year=2025, decision=decision)
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("awards:decision-detail", args=[decision.pk]))

    assert [award.person.code for award in response.context["page"]] == ["CB-HANG"]


def test_a_decision_recorded_by_a_clerk_stays_open_to_them_before_its_awards(client, cast):
    client.force_login(cast["regional_clerk"])
    response = client.post(
        reverse("awards:decision-create"),
        {
            "number": "15/QĐ-VKSTC",
            "date": "10/01/2026",
            "authority": "procurator_general",
            "kind": "regular",
            "issuing_body": IssuingBody.objects.get(code="VKSTC").pk,
        },
    )
    decision = Decision.objects.get(number="15/QĐ-VKSTC")

    assert response.status_code == 302
    assert status_for(client, cast["regional_clerk"], reverse("awards:decision-detail", args=[decision.pk])) == 200
    assert status_for(client, cast["regional_clerk"], reverse("awards:decision-update", args=[decision.pk])) == 200
    assert status_for(client, cast["clerk"], reverse("awards:decision-detail", args=[decision.pk])) == 404


def test_the_register_shows_only_the_scope(client, cast, decision, staff):
    other = DecisionFactory(number="3/QĐ-VKS-X", date=datetime.date(2025, 12, 20))
    AwardFactory(code="LDTT", person=staff["outsider"], year=2025, decision=other)

    client.force_login(cast["outsider"])
    outsider_rows = [award.person.code for award in client.get(reverse("awards:award-list")).context["page"]]
    client.force_login(cast["regional_clerk"])
    regional_rows = [award.person.code for award in client.get(reverse("awards:award-list")).context["page"]]

    assert outsider_rows == ["CB-X"]
    assert regional_rows == ["CB-HANG"]


def test_get_on_the_add_award_url_is_refused(client, cast, decision):
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:award-create", args=[decision.pk]))

    assert response.status_code == 405
    assert decision.awards.count() == 1
