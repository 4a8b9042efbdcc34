from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from units.audit import audit_record
from units.common.files import ProtectedFileInput
from units.enums import AuditKind
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
    formfield_overrides = {models.FileField: {"widget": ProtectedFileInput(view_name="units:import-file")}}


# django-axes' failed sign-ins: deleting them lifts a lockout, like the "Mở khóa" button of units:lockout-list;
# either way the unlock enters the security log with who did it.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        audit_record(AuditKind.UNLOCK, request=request, account=obj.username, address=obj.ip_address, via="admin")

    def delete_queryset(self, request, queryset):
        removed = [(attempt.username, attempt.ip_address) for attempt in queryset]
        super().delete_queryset(request, queryset)
        for username, ip_address in removed:
            audit_record(AuditKind.UNLOCK, request=request, account=username, address=ip_address, via="admin")
