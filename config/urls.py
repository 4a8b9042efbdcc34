from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from reports.views import dashboard
from units.common import health
from units.common.urls import moved

# The admin site under the product's name, not Django's ("Trang quản trị cho Django").
admin.site.site_header = _("TĐKT Viện kiểm sát – Quản trị hệ thống")
admin.site.site_title = _("Quản trị TĐKT Viện kiểm sát")
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    # For the load balancer and the monitoring, not for people: no login, no slash, the usual machine name
    # (units/common/health.py).
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links (templates/base.html links the SVG): send them to it.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg")), name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("units.urls")),
    path("thi-dua/", include("emulation.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("bao-cao/", include("reports.urls")),
]

# The paths of the first versions that broke the conventions (English words; `tao-moi/` where every other app says
# `them/`), moved to Vietnamese slugs like the rest (issue 13): a bookmark of an old path gets a 301 to the new one,
# with its pk and query string.
OLD_PATHS = {
    "units/": "units:unit-list",
    "units/tree/": "units:unit-tree",
    "units/new/": "units:unit-create",
    "units/export/": "units:unit-export",
    "units/<int:pk>/": "units:unit-detail",
    "units/<int:pk>/edit/": "units:unit-update",
    "units/<int:pk>/close/": "units:unit-close",
    "persons/": "units:person-list",
    "persons/new/": "units:person-create",
    "persons/export/": "units:person-export",
    "persons/<int:pk>/": "units:person-detail",
    "persons/<int:pk>/edit/": "units:person-update",
    "persons/<int:pk>/transfer/": "units:person-transfer",
    "imports/": "units:import-list",
    "imports/new/": "units:import-new",
    "imports/template/<str:kind>.<str:fmt>": "units:import-template",
    "imports/<int:pk>/": "units:import-detail",
    "imports/<int:pk>/status/": "units:import-status",
    "imports/<int:pk>/confirm/": "units:import-confirm",
    "khen-thuong/export/": "awards:award-export",
    "khen-thuong/<int:pk>/revoke/": "awards:award-revoke",
    "khen-thuong/decisions/": "awards:decision-list",
    "khen-thuong/decisions/create/": "awards:decision-create",
    "khen-thuong/decisions/<int:pk>/": "awards:decision-detail",
    "khen-thuong/decisions/<int:pk>/update/": "awards:decision-update",
    "khen-thuong/decisions/<int:pk>/scan/": "awards:decision-scan",
    "khen-thuong/decisions/<int:pk>/awards/create/": "awards:award-create",
    "bao-cao/tao-moi/": "reports:report-create",
}
urlpatterns += [moved(old, new) for old, new in OLD_PATHS.items()]

# No route serves MEDIA_URL, with DEBUG or without: every stored file has a view that checks permission first
# (units.common.files.serve_file; docs/security.md, "Stored files").
