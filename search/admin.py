from __future__ import annotations

from django.contrib import admin

from search.models import SearchDocument


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "title_th", "title_en", "is_active", "indexed_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["title_th", "title_en"]
