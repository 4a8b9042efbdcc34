"""Issue 21, notifications: `notify` reaches each user once per event, as he chose (in the product, by e-mail, the
e-mail only where the office configured a mail server and the user has an address), never an inactive account; the
pages show a user his own notifications only, open one (marked read) only towards a page of this site, mark them
all read, and let him choose what he receives; the bell of every page costs the page no query, its count comes from
a JSON look-up of one query."""

import smtplib

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.units import UserFactory
from units.notifications import services
from units.notifications.enums import NotificationKind
from units.notifications.models import Notification, NotificationPreference
from units.notifications.services import notify

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
KIND = NotificationKind.BATCH_RECEIVED


def note(user, key="batch:1:received", title="Nhận tờ trình 1/TTr", url="/khen-thuong/to-trinh/1/", **fields):
    """One notification of `user`, written as `notify` writes it."""
    return Notification.objects.create(user=user, kind=KIND, key=key, title=title, url=url, **fields)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_HOST = "smtp.vks.example"
    settings.SITE_URL = "https://tdkt.vks.example"


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", email="anna@vks.example")


@pytest.fixture
def binh(db):
    return UserFactory(username="binh", email="")


# -- notify: once per user and event, as each user chose ----------------------------------------------------------


def test_notify_creates_one_notification_per_user_and_key(anna, binh):
    first = notify(users=[anna, binh, anna], kind=KIND, key="batch:7:received", title="Nhận tờ trình 7/TTr")
    again = notify(users=[anna, binh], kind=KIND, key="batch:7:received", title="Nhận tờ trình 7/TTr")

    assert sorted(n.user.username for n in first) == ["anna", "binh"]
    assert again == []
    assert Notification.objects.filter(key="batch:7:received").count() == 2


def test_notify_of_another_event_notifies_again(anna):
    notify(users=[anna], kind=KIND, key="batch:7:received", title="Nhận tờ trình 7/TTr")

    notify(users=[anna], kind=KIND, key="batch:8:received", title="Nhận tờ trình 8/TTr")

    assert list(anna.notifications.order_by("key").values_list("key", flat=True)) == [
        "batch:7:received",
        "batch:8:received",
    ]


def test_notify_skips_inactive_users_and_missing_ones(anna, binh):
    binh.is_active = False
    binh.save()

    created = notify(users=[anna, binh, None], kind=KIND, key="k", title="T")

    assert [n.user for n in created] == [anna]
    assert Notification.objects.filter(user=binh).count() == 0


def test_notify_of_nobody_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notify(users=[], kind=KIND, key="k", title="T") == []


def test_notify_stores_the_event_unread_with_its_link(anna):
    notify(users=[anna], kind=KIND, key="batch:7:received", title="Nhận tờ trình", body="Nội dung", url="/x/")

    stored = anna.notifications.get()
    assert (stored.kind, stored.title, stored.body, stored.url, stored.read_at) == (
        KIND,
        "Nhận tờ trình",
        "Nội dung",
        "/x/",
        None,
    )


def test_notify_cuts_a_too_long_key_the_same_way_each_time(anna):
    key = "batch:" + "9" * 200

    notify(users=[anna], kind=KIND, key=key, title="T")
    again = notify(users=[anna], kind=KIND, key=key, title="T")

    assert again == []
    assert anna.notifications.count() == 1


def test_a_kind_turned_off_in_the_product_is_not_shown(anna, settings):
    settings.EMAIL_HOST = ""
    services.preferences_save(user=anna, choices={KIND: (False, True)})

    created = notify(users=[anna], kind=KIND, key="k", title="T")

    assert created == []
    assert anna.notifications.count() == 0


def test_a_kind_turned_off_both_ways_is_not_sent_at_all(anna, mail_server, django_capture_on_commit_callbacks):
    services.preferences_save(user=anna, choices={KIND: (False, False)})

    with django_capture_on_commit_callbacks(execute=True):
        created = notify(users=[anna], kind=KIND, key="k", title="T")

    assert (created, mail.outbox) == ([], [])


def test_another_kind_is_still_received(anna):
    services.preferences_save(user=anna, choices={KIND: (False, False)})

    notify(users=[anna], kind=NotificationKind.POLL_OPENED, key="poll:1:opened", title="Mời bỏ phiếu")

    assert list(anna.notifications.values_list("kind", flat=True)) == [NotificationKind.POLL_OPENED]


# -- e-mail: only with a mail server, an address and the user's choice ----------------------------------------


def test_no_email_without_a_mail_server(anna, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = ""

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[anna], kind=KIND, key="k", title="Nhận tờ trình 7/TTr")

    assert mail.outbox == []
    assert anna.notifications.get().emailed_at is None


def test_email_with_a_mail_server_after_commit(anna, mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[anna], kind=KIND, key="k", title="Nhận tờ trình 7/TTr", body="Về việc khen thưởng", url="/x/7/")
    assert mail.outbox == []  # nothing leaves before the transaction commits

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == (["anna@vks.example"], "[TĐKT] Nhận tờ trình 7/TTr")
    assert "Về việc khen thưởng" in message.body
    assert "https://tdkt.vks.example/x/7/" in message.body
    assert "https://tdkt.vks.example/thong-bao/lua-chon/" in message.body
    assert anna.notifications.get().emailed_at is not None


def test_no_email_to_a_user_without_an_address(binh, mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[binh], kind=KIND, key="k", title="T")

    assert mail.outbox == []
    assert binh.notifications.count() == 1


def test_email_turned_off_keeps_the_bell(anna, mail_server, django_capture_on_commit_callbacks):
    services.preferences_save(user=anna, choices={KIND: (True, False)})

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[anna], kind=KIND, key="k", title="T")

    assert mail.outbox == []
    assert anna.notifications.get().read_at is None


def test_email_only_is_kept_read_and_not_sent_twice(anna, mail_server, django_capture_on_commit_callbacks):
    services.preferences_save(user=anna, choices={KIND: (False, True)})

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[anna], kind=KIND, key="k", title="T")
        notify(users=[anna], kind=KIND, key="k", title="T")

    assert len(mail.outbox) == 1
    assert anna.notifications.get().read_at is not None  # remembered, but not in the bell


def test_a_refused_email_leaves_the_notification(anna, mail_server, monkeypatch, django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"anna@vks.example": (550, b"no such user")})

    monkeypatch.setattr(services, "send_mail", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[anna], kind=KIND, key="k", title="T")

    stored = anna.notifications.get()
    assert (stored.read_at, stored.emailed_at) == (None, None)


# -- choices ----------------------------------------------------------------------------------------------------


def test_preferences_save_keeps_only_what_differs_from_the_default(anna):
    services.preferences_save(user=anna, choices={KIND: (False, True), NotificationKind.POLL_OPENED: (True, False)})
    services.preferences_save(user=anna, choices={KIND: (True, True)})

    assert list(NotificationPreference.objects.filter(user=anna).values_list("kind", "in_app", "by_email")) == [
        (NotificationKind.POLL_OPENED, True, False)
    ]


def test_mark_read_marks_only_the_users_own(anna, binh):
    mine, theirs = note(anna), note(binh)

    count = services.mark_read(user=anna, ids=[mine.pk, theirs.pk])

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (count, mine.read_at is not None, theirs.read_at) == (1, True, None)


# -- the list: mine only ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_only_his_own_notifications(client, cast, role):
    user = cast[role]
    for other in ROLES:
        note(cast[other], title=f"MARKER-{other}", key=f"k:{other}")
    client.force_login(user)

    response = client.get(reverse("units:notification-list"))

    assert response.status_code == 200
    assert [n.title for n in response.context["page"]] == [f"MARKER-{role}"]
    assert html(response).count("MARKER-") == 1


def test_the_list_is_newest_first_and_marks_the_unread(client, anna):
    old = note(anna, key="a", title="Cũ đã đọc", read_at=timezone.now())
    new = note(anna, key="b", title="Mới chưa đọc")
    client.force_login(anna)

    response = client.get(reverse("units:notification-list"))

    assert list(response.context["page"]) == [new, old]
    assert response.context["unread"] == 1
    page = html(response)
    assert page.count('badge text-bg-danger me-1">Mới</span>') == 1
    assert reverse("units:notification-open", args=[new.pk]) in page
    assert "Đánh dấu tất cả đã đọc" in page


def test_the_unread_tab_lists_only_the_unread(client, anna):
    note(anna, key="a", title="Cũ đã đọc", read_at=timezone.now())
    new = note(anna, key="b", title="Mới chưa đọc")
    client.force_login(anna)

    response = client.get(reverse("units:notification-list"), {"chua-doc": "1"})

    assert list(response.context["page"]) == [new]


def test_an_empty_list_says_so_without_the_mark_all_button(client, anna):
    client.force_login(anna)

    page = html(client.get(reverse("units:notification-list")))

    assert "Bạn chưa có thông báo nào." in page
    assert "Đánh dấu tất cả đã đọc" not in page


def test_the_pages_ask_a_sign_in_first(client, db):
    for name in ("units:notification-list", "units:notification-unread", "units:notification-preferences"):
        response = client.get(reverse(name))

        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count(client, anna, django_assert_num_queries, count):
    for n in range(count):
        note(anna, key=f"k{n}")
    client.force_login(anna)

    # The session, the user; the page's count, the unread count (the tab, the button); the menu: the user's roles;
    # the page's rows.
    with django_assert_num_queries(6):
        response = client.get(reverse("units:notification-list"))

    assert len(response.context["page"]) == count


# -- open one: marked read, then its page (of this site only) ------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, anna):
    notification = note(anna, url="/khen-thuong/to-trinh/1/")
    client.force_login(anna)

    response = client.get(reverse("units:notification-open", args=[notification.pk]))

    notification.refresh_from_db()
    assert (response.status_code, response.url) == (302, "/khen-thuong/to-trinh/1/")
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/khen-thuong/",
        "/\\evil.example",
        "javascript:alert(1)",
        "thong-bao/",
        "",
    ],
)
def test_opening_never_leads_to_another_site(client, anna, url):
    notification = note(anna, url=url)
    client.force_login(anna)

    response = client.get(reverse("units:notification-open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.url == reverse("units:notification-list")
    assert notification.read_at is not None


@pytest.mark.parametrize("role", ROLES)
def test_another_users_notification_is_not_found(client, cast, anna, role):
    theirs = note(anna)
    client.force_login(cast[role])

    response = client.get(reverse("units:notification-open", args=[theirs.pk]))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_opening_is_not_a_post(client, anna):
    notification = note(anna)
    client.force_login(anna)

    response = client.post(reverse("units:notification-open", args=[notification.pk]))

    assert response.status_code == 405


# -- mark all read --------------------------------------------------------------------------------------------


def test_mark_all_read_marks_mine_and_leaves_the_others(client, anna, binh):
    note(anna, key="a")
    note(anna, key="b")
    theirs = note(binh, key="a")
    client.force_login(anna)

    response = client.post(reverse("units:notification-read-all"), follow=True)

    assert response.redirect_chain == [(reverse("units:notification-list"), 302)]
    assert "Đã đánh dấu 2 thông báo là đã đọc." in html(response)
    assert anna.notifications.filter(read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_on_get_changes_nothing(client, anna):
    note(anna)
    client.force_login(anna)

    response = client.get(reverse("units:notification-read-all"))

    assert response.status_code == 405
    assert anna.notifications.filter(read_at__isnull=True).count() == 1


# -- the bell ---------------------------------------------------------------------------------------------------


def test_the_unread_count_is_one_query_of_the_users_own(client, anna, binh, django_assert_num_queries):
    note(anna, key="a")
    note(anna, key="b")
    note(anna, key="c", read_at=timezone.now())
    note(binh, key="a")
    client.force_login(anna)

    # The session, the user, the count.
    with django_assert_num_queries(3):
        response = client.get(reverse("units:notification-unread"))

    assert response.json() == {"unread": 2}
    assert "no-cache" in response["Cache-Control"]


def test_the_bell_is_on_every_page_without_its_count(client, cast):
    for n in range(4):
        note(cast["leader"], key=f"k{n}")
    client.force_login(cast["leader"])

    page = html(client.get(reverse("units:account")))

    assert 'id="notification-bell"' in page
    assert f'data-unread-url="{reverse("units:notification-unread")}"' in page
    assert "/static/js/notifications.js" in page
    assert "data-unread-badge hidden></span>" in page  # empty: the script fills it


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [query["sql"] for query in captured.captured_queries]


def test_the_bell_costs_a_page_no_query(client, cast):
    client.force_login(cast["leader"])
    without = queries_of(client, reverse("units:account"))
    for n in range(4):
        note(cast["leader"], key=f"k{n}")

    with_unread = queries_of(client, reverse("units:account"))

    assert len(with_unread) == len(without)
    assert not any("units_notification" in sql for sql in with_unread)


def test_no_bell_before_sign_in(client, db):
    page = html(client.get(reverse("login")))

    assert "notification-bell" not in page


# -- choices page ---------------------------------------------------------------------------------------------


def test_the_choices_page_lists_every_kind_both_ways_and_says_when_email_goes(client, anna, settings):
    settings.EMAIL_HOST = ""
    services.preferences_save(user=anna, choices={KIND: (True, False)})
    client.force_login(anna)

    response = client.get(reverse("units:notification-preferences"))

    page = html(response)
    assert response.status_code == 200
    for kind in NotificationKind:
        assert str(kind.label) in page
    assert page.count('type="checkbox"') == 2 * len(NotificationKind)
    assert page.count(" checked>") == 2 * len(NotificationKind) - 1
    assert f'name="{KIND}__by_email" id="id_{KIND}__by_email">' in page
    assert "chỉ được gửi khi đơn vị đã cấu hình máy chủ thư" in page
    assert "chưa cấu hình" in page
    assert "anna@vks.example" in page


def test_the_choices_page_saves_the_users_choice(client, anna, binh):
    client.force_login(anna)
    data = {f"{kind}__in_app": "on" for kind in NotificationKind.values}
    data |= {f"{kind}__by_email": "on" for kind in NotificationKind.values if kind != NotificationKind.POLL_OPENED}
    data.pop(f"{KIND}__in_app")

    response = client.post(reverse("units:notification-preferences"), data, follow=True)

    assert response.redirect_chain == [(reverse("units:notification-preferences"), 302)]
    assert "Đã lưu lựa chọn nhận thông báo." in html(response)
    assert sorted(NotificationPreference.objects.filter(user=anna).values_list("kind", "in_app", "by_email")) == [
        (KIND, False, True),
        (NotificationKind.POLL_OPENED, True, False),
    ]
    assert not NotificationPreference.objects.filter(user=binh).exists()
