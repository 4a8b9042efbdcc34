from django.urls import path

from awards.nominations.views import batches, consultations, documents, nominations, person_years

urlpatterns = [
    path("de-nghi/", nominations.nomination_list, name="nomination-list"),
    path("de-nghi/them/", nominations.nomination_create, name="nomination-create"),
    path("de-nghi/theo-don-vi/", nominations.nomination_bulk, name="nomination-bulk"),
    path("de-nghi/<int:pk>/", nominations.nomination_detail, name="nomination-detail"),
    path("de-nghi/<int:pk>/sua/", nominations.nomination_update, name="nomination-update"),
    path("de-nghi/<int:pk>/chuyen/<slug:name>/", nominations.nomination_move, name="nomination-move"),
    path("de-nghi/<int:pk>/ho-so/", nominations.document_upload, name="nomination-document-upload"),
    path("de-nghi/<int:pk>/ho-so/<int:document_pk>/", nominations.document_download, name="nomination-document"),
    path(
        "de-nghi/<int:pk>/ho-so/<int:document_pk>/xoa/", nominations.document_delete, name="nomination-document-delete"
    ),
    path("to-trinh/", batches.batch_list, name="batch-list"),
    path("to-trinh/them/", batches.batch_create, name="batch-create"),
    path("to-trinh/<int:pk>/", batches.batch_detail, name="batch-detail"),
    path("to-trinh/<int:pk>/sua/", batches.batch_update, name="batch-update"),
    path("to-trinh/<int:pk>/them-de-nghi/", batches.batch_add, name="batch-add"),
    path("to-trinh/<int:pk>/bo/<int:nomination_pk>/", batches.batch_remove, name="batch-remove"),
    path("to-trinh/<int:pk>/gui/", batches.batch_submit, name="batch-submit"),
    path("danh-gia-nam/", person_years.person_years, name="person-years"),
    path("de-nghi/goi-y/", person_years.nomination_suggestions, name="nomination-suggestions"),
    path("de-nghi/<int:pk>/bao-cao-thanh-tich.pdf", documents.achievement_report_pdf, name="achievement-report-pdf"),
    path(
        "de-nghi/<int:pk>/bao-cao-thanh-tich.docx",
        documents.achievement_report_pdf,
        {"fmt": "docx"},
        name="achievement-report-docx",
    ),
    path("to-trinh/<int:pk>/to-trinh.pdf", documents.batch_pdf, name="batch-pdf"),
    path("to-trinh/<int:pk>/to-trinh.docx", documents.batch_pdf, {"fmt": "docx"}, name="batch-docx"),
    path("lay-y-kien/", consultations.consultation_list, name="consultation-list"),
    path("lay-y-kien/them/", consultations.consultation_create, name="consultation-create"),
    path("lay-y-kien/<int:pk>/", consultations.consultation_detail, name="consultation-detail"),
    path("lay-y-kien/<int:pk>/cong-khai/", consultations.consultation_public, name="consultation-public"),
    path("lay-y-kien/<int:pk>/gop-y/", consultations.opinion_create, name="consultation-opinion-create"),
    path(
        "lay-y-kien/<int:pk>/gop-y/<int:opinion_pk>/tra-loi/",
        consultations.opinion_answer,
        name="consultation-opinion-answer",
    ),
    path("lay-y-kien/<int:pk>/ket-thuc/", consultations.consultation_close, name="consultation-close"),
]
