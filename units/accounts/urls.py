"""Routes of sign-in, included in the `units` namespace by units/urls.py."""

from django.urls import path

from units.accounts import views

urlpatterns = [
    path("tai-khoan/", views.account_detail, name="account"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.otp_enrol, name="otp-enrol"),
    path("tai-khoan/xac-thuc-hai-buoc/tat/", views.otp_disable, name="otp-disable"),
    path("tai-khoan/ma-xac-thuc/", views.otp_verify, name="otp-verify"),
    path("quan-tri/nhat-ky-an-ninh/", views.audit_list, name="audit-list"),
    path("quan-tri/khoa-dang-nhap/", views.lockout_list, name="lockout-list"),
    path("quan-tri/khoa-dang-nhap/mo-khoa/", views.lockout_unlock, name="lockout-unlock"),
]
