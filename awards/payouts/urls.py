"""Bonus money's pages under the `awards` namespace (awards/urls.py): a decision's payouts, the reward funds, the base
salaries."""

from django.urls import path

from awards.payouts import views

urlpatterns = [
    path("quyet-dinh/<int:pk>/tien-thuong/", views.decision_payouts, name="decision-payouts"),
    path("quyet-dinh/<int:pk>/tien-thuong/lap-danh-sach/", views.payouts_prepare, name="payouts-prepare"),
    path("quyet-dinh/<int:pk>/tien-thuong/ghi-da-chi/", views.payouts_pay, name="payouts-pay"),
    path("quyet-dinh/<int:pk>/tien-thuong/danh-sach-chi.pdf", views.payout_list_pdf, name="payout-list-pdf"),
    path(
        "quyet-dinh/<int:pk>/tien-thuong/danh-sach-chi.docx",
        views.payout_list_pdf,
        {"fmt": "docx"},
        name="payout-list-docx",
    ),
    path("quyet-dinh/<int:pk>/tien-thuong/danh-sach-chi.xlsx", views.payout_list_xlsx, name="payout-list-xlsx"),
    path("tien-thuong/<int:pk>/sua/", views.payout_update, name="payout-update"),
    path("quy-thi-dua/", views.fund_list, name="fund-list"),
    path("quy-thi-dua/them/", views.fund_create, name="fund-create"),
    path("quy-thi-dua/<int:pk>/", views.fund_detail, name="fund-detail"),
    path("quy-thi-dua/<int:pk>/sua/", views.fund_update, name="fund-update"),
    path("quy-thi-dua/<int:pk>/bao-cao.xlsx", views.fund_xlsx, name="fund-xlsx"),
    path("quy-thi-dua/<int:pk>/nguon/them/", views.fund_source_create, name="fund-source-create"),
    path("quy-thi-dua/nguon/<int:pk>/sua/", views.fund_source_update, name="fund-source-update"),
    path("quy-thi-dua/nguon/<int:pk>/xoa/", views.fund_source_delete, name="fund-source-delete"),
    path("luong-co-so/", views.base_salary_list, name="base-salary-list"),
]
