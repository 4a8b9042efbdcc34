from django.urls import path

from awards.certificates.views import layouts, printers, printing, register

urlpatterns = [
    path("in-phoi/mau/", layouts.layout_list, name="certificate-layout-list"),
    path("in-phoi/mau/them/", layouts.layout_create, name="certificate-layout-create"),
    path("in-phoi/mau/<int:pk>/", layouts.layout_detail, name="certificate-layout-detail"),
    path("in-phoi/mau/<int:pk>/sua/", layouts.layout_update, name="certificate-layout-update"),
    path("in-phoi/mau/<int:pk>/anh-phoi/", layouts.layout_background, name="certificate-layout-background"),
    path("in-phoi/mau/<int:pk>/ban-in-thu/", layouts.layout_proof, name="certificate-layout-proof"),
    path("in-phoi/mau/<int:pk>/to-thu-may-in/", layouts.test_sheet, name="certificate-test-sheet"),
    path("in-phoi/may-in/", printers.printer_list, name="printer-list"),
    path("in-phoi/may-in/them/", printers.printer_create, name="printer-create"),
    path("in-phoi/may-in/<int:pk>/sua/", printers.printer_update, name="printer-update"),
    path("in-phoi/may-in/<int:pk>/xoa/", printers.printer_delete, name="printer-delete"),
    path("in-phoi/so-cap-phat/", register.register_list, name="certificate-register"),
    path("in-phoi/so-cap-phat/xuat/", register.register_export, name="certificate-register-export"),
    path("in-phoi/<int:pk>/cap-lai/", printing.certificate_reprint, name="certificate-reprint"),
    path("quyet-dinh/<int:pk>/in-phoi/", printing.decision_print, name="certificate-print"),
    path("quyet-dinh/<int:pk>/in-phoi/ban-in-thu/", printing.decision_proof, name="certificate-proof"),
]
