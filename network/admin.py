"""The network's tables in the Django admin: read, never edited. Ties are
extracted from the work (network.ties) and analyses computed from them
(network.services); a hand edit would be undone by the next run."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from network.models import CommunitySummary, NodeMeasure, Recommendation, Snapshot, Tie


class ReadOnly(admin.ModelAdmin):
    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Tie)
class TieAdmin(ReadOnly):
    list_display = [
        "kind",
        "level",
        "organisation_a",
        "organisation_b",
        "person_a",
        "person_b",
        "date",
        "lab",
        "public",
        "origin",
    ]
    list_filter = ["level", "kind", "public"]
    list_select_related = ["organisation_a", "organisation_b", "person_a", "person_b", "lab"]
    search_fields = ["origin"]
    date_hierarchy = "date"


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnly):
    list_display = [
        "level",
        "scope",
        "end",
        "current",
        "status",
        "node_count",
        "tie_count",
        "community_count",
        "seconds",
        "computed_at",
    ]
    list_filter = ["level", "scope", "current", "status"]


@admin.register(NodeMeasure)
class NodeMeasureAdmin(ReadOnly):
    list_display = [
        "snapshot",
        "organisation",
        "person",
        "degree",
        "betweenness",
        "broker_rank",
        "community",
        "articulation",
    ]
    list_select_related = ["snapshot", "organisation", "person"]
    list_filter = ["snapshot__level", "snapshot__scope", "articulation"]


@admin.register(CommunitySummary)
class CommunitySummaryAdmin(ReadOnly):
    list_display = ["snapshot", "label", "size", "ei_sector", "density"]
    list_select_related = ["snapshot"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnly):
    list_display = [
        "snapshot",
        "organisation",
        "other_organisation",
        "person",
        "other_person",
        "rank",
        "score",
        "steps",
    ]
    list_select_related = [
        "snapshot",
        "organisation",
        "other_organisation",
        "person",
        "other_person",
    ]
