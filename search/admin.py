from __future__ import annotations

from django.contrib import admin

from search.models import SearchDocument, SearchTerm


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "title_th", "title_en", "is_active", "indexed_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title_th", "title_en"]


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """Read-only: the index is written by search.indexing, never by hand."""

    list_display = ["term", "source", "document"]
    list_filter = ["source"]
    search_fields = ["term"]
    list_select_related = ["document"]
    raw_id_fields = ["document"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
