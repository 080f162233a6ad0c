"""Django admin for every outputs and follow-through table.

For looking things up and fixing data by hand. Derived values ("late",
completion dates, versions, notification texts) are read-only here, and
progress updates, whose evidence files are checked on the way in, are added
through the pages and the API only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from actions.models import (
    Action,
    ActionAgency,
    ActionPlan,
    Community,
    Curriculum,
    CurriculumModule,
    Endorsement,
    Lineage,
    Milestone,
    Notification,
    Pledge,
    ProgressUpdate,
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalVersion,
    ReminderLog,
)

# --- Proposals ------------------------------------------------------------------------


class PledgeInline(admin.TabularInline):
    model = Pledge
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["pledged_by", "created_at"]


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["endorsed_by", "created_at"]


class StatusChangeInline(admin.TabularInline):
    model = ProposalStatusChange
    extra = 0
    readonly_fields = ["created_by", "created_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title_th", "lab", "kind", "status", "status_date", "version", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title_th", "title_en", "summary"]
    autocomplete_fields = ["lab", "challenge", "agencies", "personas"]
    filter_horizontal = ["sdgs"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]
    date_hierarchy = "updated_at"
    inlines = [StatusChangeInline, EndorsementInline, PledgeInline]


@admin.register(ProposalVersion)
class ProposalVersionAdmin(admin.ModelAdmin):
    """The visible history: written by the proposal services, never by hand."""

    list_display = ["proposal", "number", "created_by", "created_at"]
    search_fields = ["proposal__title_th"]
    readonly_fields = [
        "proposal",
        "number",
        "content",
        "changed_fields",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProposalStatusChange)
class ProposalStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["proposal", "status", "date", "created_by"]
    list_filter = ["status"]
    search_fields = ["proposal__title_th", "note"]
    autocomplete_fields = ["proposal"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(ProposalComment)
class ProposalCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "proposal", "organisation", "author", "created_at"]
    search_fields = ["text", "proposal__title_th"]
    autocomplete_fields = ["proposal", "organisation"]
    readonly_fields = ["author", "created_at"]


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["organisation", "proposal", "endorsed_by", "created_at"]
    search_fields = ["organisation__name_th", "proposal__title_th"]
    autocomplete_fields = ["proposal", "organisation"]
    readonly_fields = ["endorsed_by", "created_at"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "proposal", "kind", "amount", "unit", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["organisation__name_th", "proposal__title_th", "description"]
    autocomplete_fields = ["proposal", "organisation"]
    readonly_fields = ["pledged_by", "created_at", "updated_at"]


# --- Plans and actions ---------------------------------------------------------------------


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title_th", "lab", "challenge", "proposal", "updated_at"]
    search_fields = ["title_th", "title_en"]
    autocomplete_fields = ["lab", "challenge", "proposal"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


class ActionAgencyInline(admin.TabularInline):
    model = ActionAgency
    extra = 0
    autocomplete_fields = ["organisation"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = [
        "ref",
        "title_th",
        "plan",
        "lead_agency",
        "owner",
        "due_date",
        "state",
        "derived_status",
        "percent_complete",
    ]
    list_display_links = ["ref", "title_th"]
    list_filter = ["state", "lab"]
    search_fields = ["title_th", "title_en", "ref", "lead_agency__name_th"]
    autocomplete_fields = ["plan", "lead_agency", "owner", "depends_on"]
    # The lab follows the plan; "late" and completion come from the dates.
    readonly_fields = ["lab", "last_update_at", "completed_on", "created_at", "updated_at"]
    date_hierarchy = "due_date"
    inlines = [ActionAgencyInline, MilestoneInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Action.objects.with_status().select_related("plan", "lead_agency", "owner")

    @admin.display(description=_("status (derived)"), ordering="current_status")
    def derived_status(self, obj: Action) -> str:
        return obj.status_label

    def save_model(self, request: HttpRequest, obj: Action, form: Any, change: bool) -> None:
        obj.lab_id = obj.plan.lab_id
        super().save_model(request, obj, form, change)


@admin.register(ActionAgency)
class ActionAgencyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "action"]
    search_fields = ["organisation__name_th", "action__title_th"]
    autocomplete_fields = ["action", "organisation"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "action", "due_date", "done_on"]
    search_fields = ["title", "action__title_th"]
    autocomplete_fields = ["action"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "percent_complete", "state", "by", "by_organisation", "created_at"]
    list_filter = ["state"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["text", "action__title_th"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "action",
        "percent_complete",
        "state",
        "evidence_file",
        "evidence_content_type",
        "by",
        "by_organisation",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Lineage)
class LineageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at"]
    raw_id_fields = ["note", "persona", "proposal", "action"]
    readonly_fields = ["created_by", "created_at"]


# --- Communities and curricula --------------------------------------------------------------


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "lab", "meets", "created_at"]
    search_fields = ["name", "purpose"]
    autocomplete_fields = ["lab", "members", "organisations"]


class CurriculumModuleInline(admin.StackedInline):
    model = CurriculumModule
    extra = 0
    autocomplete_fields = ["designed_with"]


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "created_at"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["lab"]
    inlines = [CurriculumModuleInline]


@admin.register(CurriculumModule)
class CurriculumModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "curriculum", "order", "hours"]
    search_fields = ["title", "curriculum__title"]
    autocomplete_fields = ["curriculum", "designed_with"]


# --- Notifications and reminders ----------------------------------------------------------------


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__email"]
    # Written in the recipient's language when the event happened.
    readonly_fields = ["user", "kind", "title", "body", "url", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What send_reminders sent: a record, not something to edit."""

    list_display = ["user", "date", "emailed", "sent_at"]
    list_filter = ["emailed", "date"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "date", "action_ids", "email", "emailed", "sent_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
