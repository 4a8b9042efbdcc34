from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from units.models import Assignment, ImportJob, Person, RoleAssignment, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent", "valid_to"]
    list_filter = ["level", "is_remote_area"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["predecessors"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["unit", "created_by"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["code", "full_name", "unit", "position", "is_manager"]
    list_filter = ["gender", "is_manager"]
    search_fields = ["code", "full_name", "search_text"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    inlines = [AssignmentInline]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    raw_id_fields = ["unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TdktUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "original_name", "state", "created_by"]
    list_filter = ["kind", "state"]
    readonly_fields = ["report"]
