"""The search page behind the header's one search box, and the suggestions
that directory fields (parent organisation, affiliation) fill in as one types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lib.thai.text import clean
from search import registry
from search.selectors import Hit, search

MAX_QUERY = 200
RESULTS_PER_KIND = 30
# Organisations before people: one is usually looking for an agency.
KIND_ORDER = ["organisation", "person"]
# How a hit matched, said quietly beside it so a fuzzy match is not mistaken
# for an exact one. Unknown kinds of match are simply not labelled.
MATCH_LABELS = {
    "exact": _("name or abbreviation"),
    "prefix": _("beginning of a name"),
    "words": _("words of the name"),
    "fuzzy": _("similar spelling"),
}


@dataclass
class Row:
    hit: Hit
    match_label: str


@dataclass
class Group:
    kind: str
    label: str
    rows: list[Row]


def _group(hits: list[Hit]) -> list[Group]:
    kinds = {p.kind: p for p in registry.providers()}
    order = [k for k in KIND_ORDER if k in kinds] + [k for k in kinds if k not in KIND_ORDER]
    groups = []
    for kind in order:
        in_kind = [h for h in hits if h.kind == kind][:RESULTS_PER_KIND]
        if in_kind:
            rows = [Row(hit=h, match_label=str(MATCH_LABELS.get(h.match, ""))) for h in in_kind]
            groups.append(Group(kind=kind, label=kinds[kind].label(), rows=rows))
    return groups


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    query = clean(request.GET.get("q", ""))[:MAX_QUERY]
    groups: list[Group] = []
    if query:
        hits = search(query=query, limit=RESULTS_PER_KIND * len(KIND_ORDER))
        groups = _group(hits)
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "groups": groups,
            "total": sum(len(g.rows) for g in groups),
        },
    )


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Up to ten hits of one kind, as the datalist of a directory field wants them."""
    query = clean(request.GET.get("q", ""))[:MAX_QUERY]
    kind = request.GET.get("kind", "organisation")
    if kind not in {p.kind for p in registry.providers()}:
        return JsonResponse({"results": []}, status=400)
    results: list[dict[str, Any]] = []
    if len(query) >= 2:
        for hit in search(query=query, kinds=[kind], limit=10):
            results.append(
                {
                    "id": hit.object_id,
                    "title": hit.title,
                    "subtitle": hit.subtitle,
                    # What the field receives; directory.forms.OrganisationField reads the id.
                    "value": f"{hit.title} #{hit.object_id}",
                }
            )
    return JsonResponse({"results": results})
