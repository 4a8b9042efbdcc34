from django.urls import path

from reports.views import dashboard

app_name = "reports"

urlpatterns = [
    *dashboard.urlpatterns,
]
