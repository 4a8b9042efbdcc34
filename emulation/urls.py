from django.urls import path

from emulation.views import exemplars, groups, initiatives, movements, pledges, registrations, scoring

app_name = "emulation"

urlpatterns = [
    path("phong-trao/", movements.movement_list, name="movement-list"),
    path("phong-trao/xuat/", movements.movement_export, name="movement-export"),
    path("phong-trao/them/", movements.movement_create, name="movement-create"),
    path("phong-trao/<int:pk>/", movements.movement_detail, name="movement-detail"),
    path("phong-trao/<int:pk>/sua/", movements.movement_update, name="movement-update"),
    path("phong-trao/<int:pk>/van-ban/", movements.movement_document, name="movement-document"),
    path("phong-trao/<int:pk>/ket-qua/", movements.movement_review_add, name="movement-review-add"),
    path("cum-khoi/", groups.group_list, name="group-list"),
    path("cum-khoi/xuat/", groups.group_export, name="group-export"),
    path("cum-khoi/them/", groups.group_create, name="group-create"),
    path("cum-khoi/sao-chep/", groups.group_copy, name="group-copy"),
    path("cum-khoi/<int:pk>/", groups.group_detail, name="group-detail"),
    path("cum-khoi/<int:pk>/sua/", groups.group_update, name="group-update"),
    path("cum-khoi/thanh-vien/<int:pk>/khong-xet/", groups.membership_not_rated, name="membership-not-rated"),
    path("cum-khoi/<int:pk>/giao-uoc/them/", pledges.pledge_create, name="pledge-create"),
    path("giao-uoc/<int:pk>/", pledges.pledge_detail, name="pledge-detail"),
    path("giao-uoc/<int:pk>/sua/", pledges.pledge_update, name="pledge-update"),
    path("giao-uoc/<int:pk>/pdf/", pledges.pledge_pdf, name="pledge-pdf"),
    path("giao-uoc/<int:pk>/word/", pledges.pledge_pdf, {"fmt": "docx"}, name="pledge-docx"),
    path("giao-uoc/<int:pk>/tep-da-ky/", pledges.pledge_document, name="pledge-document"),
    path("cum-khoi/<int:pk>/cham-diem/<int:unit_pk>/", scoring.score_sheet, name="score-sheet"),
    path("cum-khoi/<int:pk>/suy-ton/", scoring.flag_vote, name="flag-vote"),
    path("dang-ky/", registrations.registration_list, name="registration-list"),
    path("dang-ky/xuat/", registrations.registration_export, name="registration-export"),
    path("dang-ky/theo-don-vi/", registrations.registration_bulk, name="registration-bulk"),
    path("dang-ky/<int:pk>/rut/", registrations.registration_withdraw, name="registration-withdraw"),
    path("cum-khoi/<int:pk>/dang-ky/", registrations.group_registrations, name="group-registrations"),
    path(
        "cum-khoi/<int:pk>/dang-ky/xuat/", registrations.group_registrations_export, name="group-registrations-export"
    ),
    path("sang-kien/", initiatives.initiative_list, name="initiative-list"),
    path("sang-kien/xuat/", initiatives.initiative_export, name="initiative-export"),
    path("sang-kien/them/", initiatives.initiative_create, name="initiative-create"),
    path("sang-kien/<int:pk>/", initiatives.initiative_detail, name="initiative-detail"),
    path("sang-kien/<int:pk>/sua/", initiatives.initiative_update, name="initiative-update"),
    path("dien-hinh/", exemplars.exemplar_list, name="exemplar-list"),
    path("dien-hinh/them/", exemplars.exemplar_create, name="exemplar-create"),
    path("dien-hinh/khen-thuong/", exemplars.exemplar_awards, name="exemplar-awards"),
    path("dien-hinh/<int:pk>/", exemplars.exemplar_detail, name="exemplar-detail"),
    path("dien-hinh/<int:pk>/sua/", exemplars.exemplar_update, name="exemplar-update"),
    path("dien-hinh/<int:pk>/xoa/", exemplars.exemplar_delete, name="exemplar-delete"),
]
