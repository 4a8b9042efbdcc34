"""Administrators keep the score tables (bảng chấm điểm) here; every other emulation record has its own pages.

A table that sheets already use is read-only: its criteria are what those totals were computed from. A change is a
new version (the "copy" action), for the same year or the next one.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from emulation import services
from emulation.models import ScoreCriterion, ScoreTemplate


class ScoreCriterionInline(admin.TabularInline):
    model = ScoreCriterion
    fields = ("order", "section", "text", "kind", "max_points")
    extra = 3
    ordering = ("order", "id")

    def _editable(self, obj) -> bool:
        return obj is None or not services.score_template_in_use(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ScoreTemplate)
class ScoreTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "version", "basis", "criteria_count")
    list_filter = ("year",)
    search_fields = ("name", "basis")
    inlines = [ScoreCriterionInline]
    actions = ["copy_same_year", "copy_next_year"]

    @admin.display(description=_("số tiêu chí"))
    def criteria_count(self, obj) -> int:
        return obj.criteria.count()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and services.score_template_in_use(obj):
            return ("name", "year", "version", "basis")
        return ("version",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not services.score_template_in_use(obj)) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.score_template_save(template=obj, by=request.user)

    def _copy(self, request, queryset, shift: int) -> None:
        for template in queryset:
            copy = services.score_template_copy(template=template, year=template.year + shift, by=request.user)
            self.message_user(
                request,
                gettext("Đã tạo %(copy)s từ %(template)s.") % {"copy": copy, "template": template},
                messages.SUCCESS,
            )

    @admin.action(description=_("Tạo phiên bản mới (cùng năm) để sửa"))
    def copy_same_year(self, request, queryset):
        self._copy(request, queryset, 0)

    @admin.action(description=_("Sao chép sang năm sau"))
    def copy_next_year(self, request, queryset):
        self._copy(request, queryset, 1)
