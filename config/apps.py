"""Vietnamese names for the apps of third-party packages that name themselves in English in the admin site."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from django_tasks_db.apps import TasksAppConfig

# django_tasks_db names its model, its fields and the task statuses through its own gettext calls, in English, and
# ships no Vietnamese catalogue. Their Vietnamese is in this project's catalogue (locale/vi/LC_MESSAGES/django.po),
# which LOCALE_PATHS puts before every app's; they are listed here so that makemessages keeps them there.
PACKAGE_MESSAGES = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)


class TasksDatabaseConfig(TasksAppConfig):
    """django_tasks_db (the queue of background jobs) as the admin site shows it: "Tác vụ nền", not "Tasks Database
    Backend". Same name and label as the package's config, so its models and migrations are unchanged."""

    verbose_name = _("Tác vụ nền")

    def ready(self) -> None:
        super().ready()
        if apps.is_installed("django.contrib.admin"):
            _register_task_admin()


def _register_task_admin() -> None:
    """The package's admin of task results, with Vietnamese column headers where it gives plain English strings."""
    from django.contrib import admin  # noqa: PLC0415 -- the admin modules import models: only once apps are loaded
    from django_tasks_db.admin import DBTaskResultAdmin  # noqa: PLC0415 -- idem
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 -- idem

    class TaskResultAdmin(DBTaskResultAdmin):
        list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

        @admin.display(description=_("tác vụ"))
        def task(self, obj):
            return obj.task_name

        @admin.display(description=_("vết lỗi (traceback)"))
        def formatted_traceback(self, obj):
            return super().formatted_traceback(obj)

        @admin.display(description=_("chạy sau thời điểm"))
        def display_run_after(self, obj):
            return super().display_run_after(obj)

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskResultAdmin)
