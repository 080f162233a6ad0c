from __future__ import annotations

from django.contrib import admin

from directory.models import (
    Affiliation,
    District,
    ImportJob,
    Organisation,
    OrganisationAlias,
    Person,
    Province,
    Tag,
)


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_th", "abbreviation_th", "name_en", "abbreviation_en", "sector", "kind", "is_active"]
    list_filter = ["sector", "kind", "is_active", "province"]
    search_fields = ["name_th", "name_en", "abbreviation_th", "abbreviation_en", "aliases__name"]
    autocomplete_fields = ["parent", "province", "focal_points"]
    inlines = [AliasInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "contact_consent"]
    search_fields = ["first_name_th", "last_name_th", "first_name_en", "last_name_en", "email"]
    filter_horizontal = ["tags"]
    inlines = [AffiliationInline]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["name_th", "name_en", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["name_th", "name_en", "code"]


admin.site.register(Tag, search_fields=["name"])


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "created_by", "created_at", "stage", "rows_done", "rows_total"]
    list_filter = ["stage"]
    search_fields = ["filename", "created_by__email"]
    # The file and the plan are the importer's working state; changing them
    # here would bypass validation.
    readonly_fields = ["created_by", "filename", "kind", "sheet", "stage", "rows_done", "rows_total", "layouts", "preview", "decisions", "result", "error"]
    exclude = ["data"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
