from django.urls import include, path

from units.views import exports, imports, lookups, persons, units

app_name = "units"

urlpatterns = [
    path("", include("units.accounts.urls")),
    path("don-vi/", units.unit_list, name="unit-list"),
    path("don-vi/cay/", units.unit_tree, name="unit-tree"),
    path("don-vi/them/", units.unit_create, name="unit-create"),
    path("don-vi/xuat/", exports.unit_export, name="unit-export"),
    path("don-vi/tra-cuu/", lookups.unit_lookup, name="unit-lookup"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("don-vi/<int:pk>/sua/", units.unit_update, name="unit-update"),
    path("don-vi/<int:pk>/ngung-hoat-dong/", units.unit_close, name="unit-close"),
    path("can-bo/", persons.person_list, name="person-list"),
    path("can-bo/them/", persons.person_create, name="person-create"),
    path("can-bo/xuat/", exports.person_export, name="person-export"),
    path("can-bo/tra-cuu/", lookups.person_lookup, name="person-lookup"),
    path("can-bo/<int:pk>/", persons.person_detail, name="person-detail"),
    path("can-bo/<int:pk>/sua/", persons.person_update, name="person-update"),
    path("can-bo/<int:pk>/dieu-chuyen/", persons.person_transfer, name="person-transfer"),
    path("nhap-du-lieu/", imports.import_list, name="import-list"),
    path("nhap-du-lieu/them/", imports.import_new, name="import-new"),
    path("nhap-du-lieu/mau/<str:kind>.<str:fmt>", imports.import_template, name="import-template"),
    path("nhap-du-lieu/<int:pk>/", imports.import_detail, name="import-detail"),
    path("nhap-du-lieu/<int:pk>/tep/", imports.import_file, name="import-file"),
    path("nhap-du-lieu/<int:pk>/trang-thai/", imports.import_status, name="import-status"),
    path("nhap-du-lieu/<int:pk>/xac-nhan/", imports.import_confirm, name="import-confirm"),
    path("nhap-du-lieu/<int:pk>/thu-lai/", imports.import_retry, name="import-retry"),
    path("nhap-du-lieu/<int:pk>/huy/", imports.import_cancel, name="import-cancel"),
    path("xuat-du-lieu/", exports.download_list, name="download-list"),
    path("xuat-du-lieu/<int:pk>/", exports.download_detail, name="download-detail"),
    path("xuat-du-lieu/<int:pk>/trang-thai/", exports.download_status, name="download-status"),
    path("xuat-du-lieu/<int:pk>/tep/", exports.download_file, name="download-file"),
    path("xuat-du-lieu/<int:pk>/huy/", exports.download_cancel, name="download-cancel"),
    path("xuat-du-lieu/<int:pk>/thu-lai/", exports.download_retry, name="download-retry"),
    path("thong-bao/", include("units.notifications.urls")),
]
