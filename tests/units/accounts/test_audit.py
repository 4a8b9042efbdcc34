"""The security log: failed sign-ins, lockouts, administrators' sign-ins and refused requests are recorded with
who, when and from where, and administrators read them, newest first, at /quan-tri/nhat-ky-an-ninh/."""

import pytest
from django.urls import reverse
from django.utils import timezone

from units.audit import audit_record, client_ip
from units.enums import AuditKind
from units.models import AuditEvent

pytestmark = pytest.mark.integration

OFFICE = "10.1.1.20"


def kinds() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.order_by("id").values_list("kind", "username"))


def test_failed_sign_ins_and_the_lockout_are_recorded_once_each(client, cast, wrong_passwords):
    wrong_passwords(client, "clerk", 6, ip=OFFICE)

    assert kinds() == [
        *[(AuditKind.LOGIN_FAILED, "clerk")] * 4,
        (AuditKind.LOCKOUT, "clerk"),  # the fifth failure sets the lock, then is recorded itself
        (AuditKind.LOGIN_FAILED, "clerk"),
        (AuditKind.LOGIN_FAILED, "clerk"),  # refused while locked
    ]
    lockout, failed, refused = AuditEvent.objects.order_by("id")[4:]
    assert (failed.ip, failed.path, failed.user) == (OFFICE, reverse("login"), None)
    assert failed.detail == {"locked": True}
    assert lockout.detail == {"failures": 5}
    assert refused.detail == {"locked": True}


def test_a_failed_sign_in_never_records_the_password(client, cast, sign_in):
    sign_in(client, "clerk", "bi-mat-sai")

    assert "bi-mat-sai" not in str(list(AuditEvent.objects.values()))


def test_an_administrator_sign_in_is_recorded_but_not_a_clerk_one(client, other_client, cast, sign_in):
    sign_in(client, "admin", "matkhau-123")
    sign_in(other_client, "clerk", "matkhau-123")

    event = AuditEvent.objects.get()
    assert (event.kind, event.user, event.ip) == (AuditKind.LOGIN, cast["admin"], OFFICE)
    assert event.detail == {"two_factor": False}


def test_a_refused_request_is_recorded_with_user_path_and_address(client, cast):
    client.force_login(cast["clerk"])

    response = client.get(reverse("units:audit-list"), {"kind": "lockout"}, REMOTE_ADDR=OFFICE)

    assert response.status_code == 403
    event = AuditEvent.objects.get(kind=AuditKind.FORBIDDEN)
    assert (event.user, event.username, event.ip) == (cast["clerk"], "clerk", OFFICE)
    assert event.path == f"{reverse('units:audit-list')}?kind=lockout"
    assert event.detail == {"method": "GET"}


def test_the_administrator_reads_the_log_newest_first(client, cast):
    audit_record(AuditKind.LOGIN_FAILED, username="clerk")
    audit_record(AuditKind.LOCKOUT, username="clerk")
    client.force_login(cast["admin"])

    page = client.get(reverse("units:audit-list")).content.decode()

    assert page.index("Khóa đăng nhập</td>") < page.index("Đăng nhập sai</td>")


def test_the_log_filters_by_kind_and_account(client, cast):
    audit_record(AuditKind.LOGIN_FAILED, username="clerk")
    audit_record(AuditKind.LOGIN_FAILED, username="leader")
    audit_record(AuditKind.LOCKOUT, username="clerk")
    client.force_login(cast["admin"])

    response = client.get(reverse("units:audit-list"), {"kind": AuditKind.LOGIN_FAILED, "username": "CLERK"})

    rows = [(event.kind, event.username) for event in response.context["page"]]
    assert rows == [(AuditKind.LOGIN_FAILED, "clerk")]


@pytest.mark.parametrize("who", ["clerk", "leader", "council_secretary", "outsider"])
def test_only_an_administrator_reads_the_log(client, cast, who):
    audit_record(AuditKind.LOGIN_FAILED, username="MARKER-AUDIT")
    client.force_login(cast[who])

    response = client.get(reverse("units:audit-list"))

    assert response.status_code == 403
    assert "MARKER-AUDIT" not in response.content.decode()


def test_the_log_asks_the_sign_in_of_an_anonymous_visitor(client, db):
    response = client.get(reverse("units:audit-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("events", [1, 3])
def test_the_log_reads_a_bounded_number_of_queries(client, cast, django_assert_max_num_queries, events):
    for number in range(events):
        audit_record(AuditKind.FORBIDDEN, user=cast["clerk"], number=number)
    client.force_login(cast["admin"])

    # Session, user, his roles (the permission, then the menu from the same cache), the paginator's count, the
    # page of events with their users.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("units:audit-list"))

    assert len(response.context["page"]) == events + 1  # and the administrator's own sign-in


def test_the_log_is_paginated(client, cast):
    AuditEvent.objects.bulk_create(
        AuditEvent(kind=AuditKind.LOGIN_FAILED, username=f"user{number}", at=timezone.now()) for number in range(51)
    )
    client.force_login(cast["admin"])

    first = client.get(reverse("units:audit-list"))
    second = client.get(reverse("units:audit-list"), {"page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 2  # the last one and the administrator's own sign-in


@pytest.mark.parametrize(
    ("behind_proxy", "meta", "expected"),
    [
        (False, {"REMOTE_ADDR": "10.1.1.20", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.1.1.20"),
        (True, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.1.1.20"}, "10.1.1.20"),
        (True, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
        (False, {"REMOTE_ADDR": "not-an-address"}, None),
    ],
)
def test_the_client_address_trusts_only_our_own_proxy(rf, settings, behind_proxy, meta, expected):
    settings.BEHIND_PROXY = behind_proxy

    assert client_ip(rf.get("/", **meta)) == expected
