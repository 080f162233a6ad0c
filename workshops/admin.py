from __future__ import annotations

from django.contrib import admin

from workshops.models import (
    Attendance,
    BreakoutGroup,
    GroupMember,
    Link,
    Registration,
    Session,
    Speaker,
    Workshop,
    WorkshopFile,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["title_th", "starts_at", "ends_at", "order"]
    show_change_link = True


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0
    fields = ["title", "url", "session"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title_th", "lab", "format", "time_zone", "capacity"]
    list_filter = ["format", "lab"]
    search_fields = ["title_th", "title_en", "venue"]
    autocomplete_fields = ["challenges"]
    list_select_related = ["lab"]
    inlines = [SessionInline, LinkInline]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["person"]


class GroupInline(admin.TabularInline):
    model = BreakoutGroup
    extra = 0
    autocomplete_fields = ["facilitator"]
    show_change_link = True


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title_th", "workshop", "starts_at", "ends_at"]
    list_filter = ["workshop__lab"]
    search_fields = ["title_th", "title_en", "workshop__title_th"]
    autocomplete_fields = ["workshop", "facilitators", "invited_organisations"]
    list_select_related = ["workshop"]
    inlines = [SpeakerInline, GroupInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "title_shown", "organisation_shown"]
    search_fields = [
        "person__first_name_th",
        "person__first_name_en",
        "title_shown",
        "organisation_shown",
    ]
    autocomplete_fields = ["session", "person"]
    list_select_related = ["person", "session"]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "workshop", "session"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["workshop", "session"]
    list_select_related = ["workshop", "session"]


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(BreakoutGroup)
class BreakoutGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "session", "facilitator"]
    search_fields = ["name", "session__title_th"]
    autocomplete_fields = ["session", "facilitator"]
    list_select_related = ["session", "facilitator"]
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "group"]
    search_fields = ["person__first_name_th", "person__first_name_en", "group__name"]
    autocomplete_fields = ["group", "person"]
    list_select_related = ["person", "group"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "workshop", "status", "created_at", "cancelled_at"]
    list_filter = ["status"]
    search_fields = ["person__first_name_th", "person__first_name_en", "workshop__title_th"]
    autocomplete_fields = ["workshop", "person"]
    list_select_related = ["person", "workshop"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "checked_in_at", "method"]
    list_filter = ["method"]
    search_fields = ["person__first_name_th", "person__first_name_en", "session__title_th"]
    autocomplete_fields = ["session", "person"]
    list_select_related = ["person", "session"]


@admin.register(WorkshopFile)
class WorkshopFileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["caption", "file"]
    autocomplete_fields = ["workshop"]
    list_select_related = ["workshop"]
    readonly_fields = ["uploaded_by", "uploaded_at", "content_type", "size"]
