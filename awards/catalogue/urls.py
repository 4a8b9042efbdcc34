"""The rule sets' pages (administrators), under the `awards` namespace (awards/urls.py): /khen-thuong/bo-quy-tac/…"""

from django.urls import path

from awards.catalogue import views

urlpatterns = [
    path("bo-quy-tac/", views.ruleset_list, name="ruleset-list"),
    path("bo-quy-tac/<int:pk>/", views.ruleset_detail, name="ruleset-detail"),
    path("bo-quy-tac/<int:pk>/sua/", views.ruleset_update, name="ruleset-update"),
    path("bo-quy-tac/<int:pk>/tham-quyen/sua/", views.ruleset_authority, name="ruleset-authority"),
    path("bo-quy-tac/<int:pk>/tien-thuong/sua/", views.ruleset_bonus, name="ruleset-bonus"),
    path("bo-quy-tac/<int:pk>/sao-chep/", views.ruleset_copy, name="ruleset-copy"),
    path("bo-quy-tac/<int:pk>/lich-su/", views.ruleset_history, name="ruleset-history"),
]
