"""The routes of the TĐKT calendars, included by `reports/urls.py` under /bao-cao/lich/ in the reports namespace."""

from django.urls import path

from reports.deadlines import views

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("lich.ics", views.calendar_ics, name="calendar-ics-file"),
    path("them/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/sua/", views.plan_update, name="plan-update"),
    path("<int:pk>/them-moc/", views.deadline_create, name="deadline-create"),
    path("moc/<int:pk>/", views.deadline_progress, name="deadline-progress"),
    path("moc/<int:pk>/sua/", views.deadline_update, name="deadline-update"),
    path("moc/<int:pk>/xoa/", views.deadline_delete, name="deadline-delete"),
]
