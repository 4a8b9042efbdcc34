from django.urls import path

from awards.councils.views import ballots, councils, minutes
from awards.nominations.views import batches, documents, nominations, person_years
from awards.register.views import decisions, register

app_name = "awards"

urlpatterns = [
    path("", register.award_list, name="award-list"),
    path("export/", register.award_export, name="award-export"),
    path("<int:pk>/revoke/", register.award_revoke, name="award-revoke"),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/create/", decisions.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/update/", decisions.decision_update, name="decision-update"),
    path("decisions/<int:pk>/scan/", decisions.decision_scan, name="decision-scan"),
    path("decisions/<int:pk>/awards/create/", decisions.award_create, name="award-create"),
    *nominations.urlpatterns,
    *batches.urlpatterns,
    *person_years.urlpatterns,
    *councils.urlpatterns,
    *ballots.urlpatterns,
    *minutes.urlpatterns,
    *documents.urlpatterns,
]
