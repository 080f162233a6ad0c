from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from labs import services
from labs.models import (
    Challenge,
    ChallengeAgency,
    ChallengeAttachment,
    Facet,
    Goal,
    Invitation,
    Lab,
    Member,
    Process,
    Stage,
    Stakeholder,
    Team,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "key", "lab"]
    search_fields = ["name_th", "name_en", "key"]
    autocomplete_fields = ["lab"]
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "process", "order"]
    list_filter = ["process"]
    search_fields = ["name_th", "name_en", "key"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_th", "name_en"]
    search_fields = ["name_th", "name_en"]


@admin.register(Facet)
class FacetAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "key"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    autocomplete_fields = ["person", "organisation", "tags"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "kind", "visibility", "start_date", "end_date"]
    list_filter = ["kind", "visibility", "process"]
    search_fields = ["name_th", "name_en"]
    autocomplete_fields = ["hosts"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["person", "lab", "role", "organisation"]
    list_filter = ["role", "lab"]
    search_fields = ["person__first_name_th", "person__last_name_th", "person__first_name_en", "lab__name_th"]
    autocomplete_fields = ["lab", "person", "organisation", "tags"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "lab", "sent_at", "accepted_at"]
    list_filter = ["lab"]
    search_fields = ["email"]
    # The token column holds a digest; the link itself exists only in the e-mail.
    readonly_fields = ["token", "sent_at", "accepted_at", "invited_by"]
    autocomplete_fields = ["lab", "member"]


class AgencyInline(admin.TabularInline):
    model = ChallengeAgency
    extra = 0
    autocomplete_fields = ["organisation"]


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    autocomplete_fields = ["organisation", "person"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title_th", "lab", "stage", "is_national"]
    list_filter = ["lab", "stage__process", "is_national", "facet"]
    search_fields = ["title_th", "title_en", "problem"]
    autocomplete_fields = ["lab", "provinces", "districts"]
    filter_horizontal = ["sdgs"]
    inlines = [AgencyInline, StakeholderInline]


@admin.register(ChallengeAgency)
class ChallengeAgencyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "challenge", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["challenge", "organisation"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "challenge"]
    search_fields = ["name", "challenge__title_th"]
    autocomplete_fields = ["challenge", "members"]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "challenge", "power", "interest"]
    autocomplete_fields = ["challenge", "organisation", "person"]


@admin.register(ChallengeAttachment)
class ChallengeAttachmentAdmin(admin.ModelAdmin):
    """Files come in through the challenge page, where their content is
    checked; here they can be renamed or removed, and removal goes through
    the service so that the stored file goes with its row."""

    list_display = ["__str__", "challenge", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "file"]
    readonly_fields = [
        "challenge",
        "file",
        "kind",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ChallengeAttachment) -> None:
        services.attachment_remove(attachment=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ChallengeAttachment]) -> None:
        for attachment in queryset.select_related("challenge"):
            services.attachment_remove(attachment=attachment, by=request.user)
