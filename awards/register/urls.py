from django.urls import path

from awards.register.views import decisions, incidents, register, signatures

urlpatterns = [
    path("", register.award_list, name="award-list"),
    path("xuat/", register.award_export, name="award-export"),
    path("<int:pk>/thu-hoi/", register.award_revoke, name="award-revoke"),
    path("quyet-dinh/", decisions.decision_list, name="decision-list"),
    path("quyet-dinh/them/", decisions.decision_create, name="decision-create"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("quyet-dinh/<int:pk>/sua/", decisions.decision_update, name="decision-update"),
    path("quyet-dinh/<int:pk>/ban-chup/", decisions.decision_scan, name="decision-scan"),
    path("quyet-dinh/<int:pk>/them-khen-thuong/", decisions.award_create, name="award-create"),
    path("quyet-dinh/<int:pk>/kiem-tra-chu-ky/", signatures.decision_signature_check, name="decision-signature-check"),
    path("chung-thu-goc/", signatures.trust_root_list, name="trust-root-list"),
    path("chung-thu-goc/<int:pk>/ngung-dung/", signatures.trust_root_deactivate, name="trust-root-deactivate"),
    path("chung-thu-goc/<int:pk>/dung-lai/", signatures.trust_root_activate, name="trust-root-activate"),
    path("vu-viec/", incidents.incident_list, name="incident-list"),
    path("vu-viec/them/", incidents.incident_create, name="incident-create"),
    path("vu-viec/<int:pk>/sua/", incidents.incident_update, name="incident-update"),
]
