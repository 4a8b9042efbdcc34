from django.urls import include, path

from reports.views import home_affairs, reports

app_name = "reports"

urlpatterns = [
    path("", reports.report_list, name="report-list"),
    path("them/", reports.report_create, name="report-create"),
    path("<int:pk>/", reports.report_detail, name="report-detail"),
    path("<int:pk>/sua/", reports.report_edit, name="report-edit"),
    path("<int:pk>/xem-truoc/", reports.report_preview, name="report-preview"),
    path("<int:pk>/tao-pdf/", reports.render_create, name="render-create"),
    path("<int:pk>/ban-hanh/", reports.report_issue, name="report-issue"),
    path("<int:pk>/ban-hanh.pdf", reports.report_pdf, name="report-pdf"),
    path("<int:pk>/bao-cao.docx", reports.report_docx, name="report-docx"),
    path("<int:pk>/sua-doi/", reports.report_correct, name="report-correct"),
    path("<int:pk>/khen-thuong-cap-tren.xlsx", reports.report_higher_xlsx, name="report-higher-xlsx"),
    path("<int:pk>/phu-luc-noi-bo.pdf", reports.report_internal_pdf, name="report-internal-pdf"),
    path("<int:pk>/phu-luc-noi-bo.docx", reports.report_internal_pdf, {"fmt": "docx"}, name="report-internal-docx"),
    path("pdf/<int:pk>/trang-thai/", reports.render_status, name="render-status"),
    path("pdf/<int:pk>/thu-lai/", reports.render_retry, name="render-retry"),
    path("pdf/<int:pk>/huy/", reports.render_cancel, name="render-cancel"),
    path("pdf/<int:pk>/tai-ve/", reports.render_download, name="render-download"),
    path("bieu-thong-ke/", home_affairs.statistics_forms, name="statistics-forms"),
    path("bieu-thong-ke/<str:code>.xlsx", home_affairs.statistics_form_xlsx, name="statistics-form-xlsx"),
    path("lich/", include("reports.deadlines.urls")),
]
