"""GET /api/v1/search/?q=&kind=: the one search box as an API.

Public, like reads of the directory: search documents hold only what the
directory shows anyone (names, positions, organisations; never contacts).
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api import RequestLanguageMixin
from search import registry
from search.selectors import search

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class SearchQuerySerializer(serializers.Serializer[dict]):
    q = serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=True)
    kind = serializers.CharField(required=False, allow_blank=True)
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT
    )
    include_inactive = serializers.BooleanField(required=False, default=False)

    def validate_kind(self, value: str) -> list[str]:
        kinds = [k.strip() for k in value.split(",") if k.strip()]
        known = {p.kind for p in registry.providers()}
        unknown = sorted(set(kinds) - known)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown kind: %(kinds)s. Use one of: %(known)s.")
                % {"kinds": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        return kinds


class HitSerializer(serializers.Serializer[dict]):
    kind = serializers.CharField(help_text=_("What was found: organisation, person, ..."))
    object_id = serializers.IntegerField()
    title = serializers.CharField(help_text=_("In the request's language."))
    subtitle = serializers.CharField()
    url = serializers.CharField(help_text=_("The object's page."))
    score = serializers.FloatField(
        help_text=_("Higher is better; only meaningful within one response.")
    )
    match = serializers.ChoiceField(
        choices=["exact", "prefix", "words", "fuzzy"],
        help_text=_(
            "exact: a whole name, abbreviation or alias; prefix: the beginning of one; "
            "words: every word of the query; fuzzy: after correcting typos."
        ),
    )


class SearchResponseSerializer(serializers.Serializer[dict]):
    query = serializers.CharField()
    count = serializers.IntegerField()
    results = HitSerializer(many=True)


class SearchView(RequestLanguageMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search",
        tags=["search"],
        summary=_("Search organisations and people"),
        description=_(
            "Finds organisations by their Thai or English name or a part of it, their "
            "abbreviation with or without dots (กพร, ก.พ.ร.), their acronym (OPDC) or an "
            "alias, and people by their names, with typos tolerated. Best match first."
        ),
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, required=True, description=_("What to look for.")
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                description=_("Only these kinds, comma-separated: organisation, person."),
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description=_("At most this many results (1–100, default 20)."),
            ),
            OpenApiParameter(
                "include_inactive",
                OpenApiTypes.BOOL,
                description=_("Include organisations that no longer exist."),
            ),
        ],
        responses={200: SearchResponseSerializer},
    )
    def get(self, request: Request) -> Response:
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        hits = search(
            query=data["q"],
            kinds=data.get("kind") or None,
            limit=data["limit"],
            include_inactive=data["include_inactive"],
        )
        return Response(
            {
                "query": data["q"],
                "count": len(hits),
                "results": [
                    {
                        "kind": h.kind,
                        "object_id": h.object_id,
                        "title": h.title,
                        "subtitle": h.subtitle,
                        "url": h.url,
                        "score": h.score,
                        "match": h.match,
                    }
                    for h in hits
                ],
            }
        )


urlpatterns = [path("search/", SearchView.as_view(), name="search")]
