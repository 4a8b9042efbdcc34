from django.urls import path

from awards.councils.views import ballots, councils, members, minutes

urlpatterns = [
    path("hoi-dong/", councils.council_list, name="council-list"),
    path("hoi-dong/<int:pk>/", councils.council_detail, name="council-detail"),
    path("hoi-dong/them/", members.council_create, name="council-create"),
    path("hoi-dong/<int:pk>/sua/", members.council_update, name="council-update"),
    path("hoi-dong/<int:pk>/lich-su/", members.council_history, name="council-history"),
    path("hoi-dong/<int:pk>/thanh-vien/them/", members.member_create, name="council-member-create"),
    path("thanh-vien/<int:pk>/sua/", members.member_update, name="council-member-update"),
    path("thanh-vien/<int:pk>/thay-the/", members.member_replace, name="council-member-replace"),
    path("thanh-vien/<int:pk>/thoi/", members.member_leave, name="council-member-leave"),
    path("hoi-dong/<int:pk>/phien-hop/them/", councils.session_create, name="session-create"),
    path("phien-hop/<int:pk>/", councils.session_detail, name="session-detail"),
    path("phien-hop/<int:pk>/chuong-trinh/", councils.session_agenda_add, name="session-agenda-add"),
    path("phien-hop/<int:pk>/diem-danh/", councils.session_attendance, name="session-attendance"),
    path("phien-hop/<int:pk>/ket-thuc/", councils.session_close, name="session-close"),
    path("phien-hop/<int:pk>/phieu/them/", councils.session_poll_create, name="session-poll-create"),
    path(
        "phien-hop/<int:pk>/phieu/<int:poll_pk>/mo/",
        councils.session_poll_move,
        {"move": "open"},
        name="session-poll-open",
    ),
    path(
        "phien-hop/<int:pk>/phieu/<int:poll_pk>/dong/",
        councils.session_poll_move,
        {"move": "close"},
        name="session-poll-close",
    ),
    path(
        "phien-hop/<int:pk>/phieu/<int:poll_pk>/cong-bo/",
        councils.session_poll_move,
        {"move": "publish"},
        name="session-poll-publish",
    ),
    path("phien-hop/<int:pk>/phieu/<int:poll_pk>/luot/", councils.session_poll_turnout, name="session-poll-turnout"),
    path(
        "phien-hop/<int:pk>/phieu/<int:poll_pk>/kiem-phieu/<int:nomination_pk>/",
        councils.session_paper_count,
        name="session-paper-count",
    ),
    path(
        "phien-hop/<int:pk>/y-kien/<int:member_pk>/", councils.session_written_opinion, name="session-written-opinion"
    ),
    path("bo-phieu/", ballots.ballot_list, name="ballot-list"),
    path("bo-phieu/<int:poll_pk>/", ballots.ballot_form, name="ballot-form"),
    path("bo-phieu/<int:poll_pk>/da-ghi-nhan/", ballots.ballot_done, name="ballot-done"),
    path("phien-hop/<int:pk>/bien-ban.pdf", minutes.session_minutes_pdf, name="session-minutes-pdf"),
    path("phien-hop/<int:pk>/kiem-phieu/<int:poll_pk>.pdf", minutes.ballot_minutes_pdf, name="ballot-minutes-pdf"),
    path("phien-hop/<int:pk>/du-thao-quyet-dinh.pdf", minutes.decision_draft_pdf, name="decision-draft-pdf"),
    path("phien-hop/<int:pk>/bien-ban.docx", minutes.session_minutes_pdf, {"fmt": "docx"}, name="session-minutes-docx"),
    path(
        "phien-hop/<int:pk>/kiem-phieu/<int:poll_pk>.docx",
        minutes.ballot_minutes_pdf,
        {"fmt": "docx"},
        name="ballot-minutes-docx",
    ),
    path(
        "phien-hop/<int:pk>/du-thao-quyet-dinh.docx",
        minutes.decision_draft_pdf,
        {"fmt": "docx"},
        name="decision-draft-docx",
    ),
    path("phien-hop/<int:pk>/ghi-quyet-dinh/", minutes.session_decision_record, name="session-decision-record"),
    path("phien-hop/<int:pk>/trinh-cap-tren/", minutes.session_escalate, name="session-escalate"),
]
