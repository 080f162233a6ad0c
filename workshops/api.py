"""The workshops' REST API under /api/v1/: read endpoints.

GET /api/v1/workshops/        the workshops the caller may see (public labs,
                              their own labs; everything for administrators)
GET /api/v1/workshops/<id>/   one workshop with its agenda: sessions (times in
                              UTC, ISO 8601, with the event's time zone beside
                              them), speakers as shown on the day, invited
                              organisations, links, breakout groups

Workshops of a members-only lab are a 404 to others, as on the pages.
Writes go through the pages for now; they call the same services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from directory.api import OrganisationRefSerializer as BaseOrganisationRefSerializer
from labs.api import PersonRefSerializer
from lib.api import RequestLanguageMixin, RulesAutoSchema, RulesPermission
from workshops import selectors
from workshops.access import get_workshop_for_user
from workshops.models import BreakoutGroup, Link, Session, Speaker, Workshop

TAGS = ["workshops"]


# --- Serializers ---------------------------------------------------------


class OrganisationRefSerializer(BaseOrganisationRefSerializer):
    """An organisation with its sector, for the mix of a workshop's groups."""

    class Meta(BaseOrganisationRefSerializer.Meta):
        fields = [*BaseOrganisationRefSerializer.Meta.fields, "sector"]
        ref_name = "OrganisationWithSector"


class SpeakerSerializer(serializers.ModelSerializer[Speaker]):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = Speaker
        fields = ["person", "title_shown", "organisation_shown", "order"]


class LinkSerializer(serializers.ModelSerializer[Link]):
    class Meta:
        model = Link
        fields = ["id", "title", "url", "session"]


class GroupSerializer(serializers.ModelSerializer[BreakoutGroup]):
    facilitator = PersonRefSerializer(read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = BreakoutGroup
        fields = ["id", "name", "facilitator", "members"]

    @extend_schema_field(PersonRefSerializer(many=True))
    def get_members(self, group: BreakoutGroup) -> list[dict[str, Any]]:
        return [PersonRefSerializer(m.person).data for m in group.members.all()]


class SessionSerializer(serializers.ModelSerializer[Session]):
    speakers = SpeakerSerializer(many=True, read_only=True)
    facilitators = PersonRefSerializer(many=True, read_only=True)
    invited_organisations = OrganisationRefSerializer(many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)
    groups = GroupSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "title_th",
            "title_en",
            "description",
            "starts_at",
            "ends_at",
            "speakers",
            "facilitators",
            "invited_organisations",
            "links",
            "groups",
        ]


class WorkshopSerializer(serializers.ModelSerializer[Workshop]):
    lab = serializers.PrimaryKeyRelatedField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True, allow_null=True)
    ends_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "id",
            "lab",
            "title_th",
            "title_en",
            "format",
            "venue",
            "online_url",
            "time_zone",
            "capacity",
            "starts_at",
            "ends_at",
            "url",
        ]


class WorkshopDetailSerializer(WorkshopSerializer):
    challenges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sessions = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta(WorkshopSerializer.Meta):
        fields = [*WorkshopSerializer.Meta.fields, "description", "challenges", "links", "sessions"]

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, workshop: Workshop) -> list[dict[str, Any]]:
        return SessionSerializer(self.context["sessions"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, workshop: Workshop) -> list[dict[str, Any]]:
        return LinkSerializer(self.context["links"], many=True).data  # type: ignore[return-value]


# --- Views ---------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(operation_id="workshop_list", summary=_("List workshops"), tags=TAGS),
    retrieve=extend_schema(
        operation_id="workshop_get",
        summary=_("Get a workshop with its agenda and groups"),
        tags=TAGS,
        responses=WorkshopDetailSerializer,
    ),
)
class WorkshopViewSet(
    RequestLanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Workshop],
):
    permission_classes = [RulesPermission]
    schema = RulesAutoSchema()
    serializer_class = WorkshopSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Workshop]:
        return selectors.visible_workshops(self.request.user).order_by("pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        workshop = get_workshop_for_user(request.user, int(kwargs["pk"]))
        sessions = selectors.prefetch_agenda(workshop)
        links = list(Link.objects.filter(workshop=workshop, session__isnull=True).order_by("pk"))
        serializer = WorkshopDetailSerializer(
            workshop, context={"request": request, "sessions": sessions, "links": links}
        )
        return Response(serializer.data)


router = SimpleRouter(trailing_slash=True)
router.register("workshops", WorkshopViewSet, basename="workshop")

urlpatterns = router.urls
