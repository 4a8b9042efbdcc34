from emulation.views import groups, initiatives, movements, registrations

app_name = "emulation"

urlpatterns = [
    *movements.urlpatterns,
    *groups.urlpatterns,
    *registrations.urlpatterns,
    *initiatives.urlpatterns,
]
