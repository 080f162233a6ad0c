from django.contrib import admin

from boards.models import Board, Comment, Method, Note, Participant, Persona, Theme


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ("name_th", "name_en", "key", "lab", "order")
    list_filter = ("lab",)
    search_fields = ("name_th", "name_en", "key")


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "lab", "workshop", "method", "status", "created_at")
    list_filter = ("status", "method")
    search_fields = ("title", "code")
    raw_id_fields = (
        "lab",
        "workshop",
        "session",
        "group",
        "challenge",
        "spotlight",
        "redirect_to",
        "created_by",
    )


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = (
        "display_name",
        "board",
        "organisation",
        "organisation_text",
        "user",
        "joined_at",
    )
    search_fields = ("display_name", "organisation_text")
    raw_id_fields = ("board", "user", "person", "organisation")


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("text", "board", "zone", "author", "hidden", "deleted_at", "created_at")
    list_filter = ("hidden", "kind")
    search_fields = ("text",)
    raw_id_fields = ("board", "author", "theme", "organisation", "person", "stakeholder")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("label", "board", "order")
    raw_id_fields = ("board",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("text", "note", "author", "created_at")
    raw_id_fields = ("board", "note", "author")


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ("name", "lab", "board", "updated_at")
    search_fields = ("name",)
    raw_id_fields = ("lab", "board", "note")
