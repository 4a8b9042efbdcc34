"""Routes of the user's notifications, included under /thong-bao/ in the `units` namespace by units/urls.py."""

from django.urls import path

from units.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("chua-doc/", views.notification_unread, name="notification-unread"),
    path("doc-het/", views.notification_read_all, name="notification-read-all"),
    path("lua-chon/", views.notification_preferences, name="notification-preferences"),
    path("<int:pk>/mo/", views.notification_open, name="notification-open"),
]
