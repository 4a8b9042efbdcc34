from emulation.views import groups, initiatives, movements, pledges, registrations, scoring

app_name = "emulation"

urlpatterns = [
    *movements.urlpatterns,
    *groups.urlpatterns,
    *pledges.urlpatterns,
    *scoring.urlpatterns,
    *registrations.urlpatterns,
    *initiatives.urlpatterns,
]
