"""The pages of the awards app: each subject has its own URLconf (the catalogue's: the rule sets), all under the one
`awards` namespace."""

from django.urls import include, path

app_name = "awards"

urlpatterns = [
    path("", include("awards.catalogue.urls")),
    path("", include("awards.register.urls")),
    path("", include("awards.nominations.urls")),
    path("", include("awards.councils.urls")),
    path("", include("awards.certificates.urls")),
    path("", include("awards.payouts.urls")),
]
