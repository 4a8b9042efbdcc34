from reports.views import dashboard, reports

app_name = "reports"

urlpatterns = [
    *dashboard.urlpatterns,
    *reports.urlpatterns,
]
