"""Administrators edit the catalogue and the rule sets here; the register has its own pages."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from awards.catalogue import services
from awards.catalogue.models import AuthorityRule, AwardType, IssuingBody, RuleSet
from awards.register.models import Award, Decision, UnitIncident
from units.common.files import ProtectedFileInput


@admin.register(AwardType)
class AwardTypeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "category", "recipients", "authority", "frequency", "report_order", "is_active")
    list_filter = ("category", "recipients", "authority", "frequency", "is_active")
    search_fields = ("code", "name", "name_en")
    ordering = ("report_order", "code")

    def get_readonly_fields(self, request, obj=None):
        # Codes never change, nor the legal nature of a type that awards already copy.
        return AwardType.FROZEN_FIELDS if obj is not None else ()

    def save_model(self, request, obj, form, change):
        services.award_type_save(award_type=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class AuthorityRuleInline(admin.TabularInline):
    model = AuthorityRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ("name", "effective_from")
    ordering = ("-effective_from",)
    inlines = [AuthorityRuleInline]


@admin.register(IssuingBody)
class IssuingBodyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "authority", "level", "is_active")
    list_filter = ("kind", "authority", "is_active")
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("province_unit",)


@admin.register(UnitIncident)
class UnitIncidentAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "year", "kind", "date")
    list_filter = ("kind", "year")
    search_fields = ("unit__code", "unit__name", "description")
    raw_id_fields = ("unit",)


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "date", "authority", "issuer_name", "signer_name")
    list_filter = ("authority", "kind", "year")
    search_fields = ("number", "summary", "issuing_body__name", "issuing_unit__name")
    date_hierarchy = "date"
    autocomplete_fields = ("issuing_unit",)
    list_select_related = ("issuing_unit", "issuing_body")
    formfield_overrides = {models.FileField: {"widget": ProtectedFileInput(view_name="awards:decision-scan")}}

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ("award_type", "recipient_kind", "person", "unit", "year", "kind", "decision", "revoked_on")
    list_filter = ("award_type", "recipient_kind", "kind", "year")
    search_fields = ("person__full_name", "person__code", "unit__code", "unit__name", "decision__number")
    list_select_related = ("award_type", "person", "unit", "decision")
    raw_id_fields = ("person", "unit", "unit_at_time", "decision")
    readonly_fields = ("frequency", "type_recipients", "created_by", "created_at")

    def has_delete_permission(self, request, obj=None):
        return False


# -- councils: created and staffed here; the secretary runs the sessions on the site --------------------------

from awards.councils.models import Council, CouncilMember  # noqa: E402 -- appended section


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 1
    fields = ("order", "person", "role", "votes", "user")
    autocomplete_fields = ("person", "user")
    ordering = ("order", "id")


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "term_start", "term_end", "decision")
    list_filter = ("term_start",)
    search_fields = ("name", "unit__code", "unit__name", "decision")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    inlines = [CouncilMemberInline]

    def has_delete_permission(self, request, obj=None):
        # Sessions, polls and results hang on the council (PROTECT); a finished term gets an end date instead.
        return False
