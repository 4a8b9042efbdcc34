from django.urls import path

from units.views import imports, persons, units

app_name = "units"

urlpatterns = [
    path("units/", units.unit_list, name="unit_list"),
    path("units/tree/", units.unit_tree, name="unit_tree"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/export/", imports.unit_export, name="unit_export"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", units.unit_update, name="unit_update"),
    path("units/<int:pk>/close/", units.unit_close, name="unit_close"),
    path("persons/", persons.person_list, name="person_list"),
    path("persons/new/", persons.person_create, name="person_create"),
    path("persons/export/", imports.person_export, name="person_export"),
    path("persons/<int:pk>/", persons.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", persons.person_update, name="person_update"),
    path("persons/<int:pk>/transfer/", persons.person_transfer, name="person_transfer"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/template/<str:kind>.<str:fmt>", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", imports.import_status, name="import_status"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
]
