"""The boards REST API under /api/v1/, read-only: the boards of the labs you
may see, a board with its notes and themes, and the labs' personas.

Reads follow the lab's visibility (boards.view_board, boards.view_persona);
a board named in a URL is fetched through boards.access. What a screen in
the room would not show stays out here too: authors of notes written in
anonymous mode, notes still face down in private mode, vote totals before
the facilitator reveals them (except to those who run the board), hidden
notes (except to those who run the board). Join codes and contact details
are never returned.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from boards.access import get_board_for_user
from boards.models import Board, Note, Participant, Persona, Theme, Vote
from directory.api import OrganisationRefSerializer
from labs.selectors import lab_list
from lib.api import RequestLanguageMixin, RulesAutoSchema, RulesPermission

TAGS = ["boards"]


def _count(queryset: QuerySet[Any], field: str) -> Coalesce:
    """A count per row as a subquery: joining notes and participants at once
    would multiply a board's rows by both."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- Serializers ---------------------------------------------------------------


class BoardSerializer(serializers.ModelSerializer[Board]):
    method = serializers.SlugRelatedField(
        slug_field="key", read_only=True, help_text=_("Key of the board's method.")
    )
    method_name = serializers.CharField(source="method.name", read_only=True)
    note_count = serializers.IntegerField(read_only=True, help_text=_("Notes on the board."))
    participant_count = serializers.IntegerField(
        read_only=True, help_text=_("People who joined the board.")
    )

    class Meta:
        model = Board
        fields = [
            "id",
            "lab",
            "title",
            "prompt",
            "method",
            "method_name",
            "workshop",
            "session",
            "group",
            "challenge",
            "status",
            "note_count",
            "participant_count",
            "created_at",
        ]
        read_only_fields = fields


class ZoneSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    color = serializers.CharField(required=False)
    power = serializers.IntegerField(required=False, help_text=_("Stakeholder maps: 0 to 100."))
    interest = serializers.IntegerField(required=False, help_text=_("Stakeholder maps: 0 to 100."))


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    class Meta:
        model = Theme
        fields = ["id", "label", "suggested_label", "order"]
        read_only_fields = fields


class AuthorSerializer(serializers.ModelSerializer[Participant]):
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    organisation_label = serializers.CharField(
        read_only=True, help_text=_("The organisation as linked, or as the person typed it.")
    )

    class Meta:
        model = Participant
        fields = ["display_name", "organisation", "organisation_label"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer[Note]):
    author = AuthorSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Null for notes written in anonymous mode."),
    )
    votes = serializers.IntegerField(
        source="vote_count",
        read_only=True,
        allow_null=True,
        help_text=_("Null until the facilitator reveals the votes."),
    )
    named_organisation = OrganisationRefSerializer(
        source="organisation",
        read_only=True,
        allow_null=True,
        help_text=_("The organisation a stakeholder-map note names."),
    )
    named_person = serializers.PrimaryKeyRelatedField(
        source="person",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the person a stakeholder-map note names."),
    )

    class Meta:
        model = Note
        fields = [
            "id",
            "kind",
            "zone",
            "text",
            "fields",
            "tags",
            "round",
            "theme",
            "votes",
            "author",
            "named_organisation",
            "named_person",
            "hidden",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Note) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.anonymous:
            data["author"] = None
        if not self.context.get("votes_visible"):
            data["votes"] = None
        return data


class BoardDetailSerializer(BoardSerializer):
    layout = serializers.CharField(source="definition.layout", read_only=True)
    zones = ZoneSerializer(many=True, read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    notes = serializers.SerializerMethodField()

    class Meta(BoardSerializer.Meta):
        fields = [
            *BoardSerializer.Meta.fields,
            "layout",
            "zones",
            "round",
            "locked",
            "private",
            "anonymous",
            "votes_revealed",
            "themes",
            "notes",
        ]
        read_only_fields = fields

    @extend_schema_field(NoteSerializer(many=True))
    def get_notes(self, board: Board) -> Any:
        return NoteSerializer(self.context["notes"], many=True, context=self.context).data


# --- Views -------------------------------------------------------------------


class BoardFilterSerializer(serializers.Serializer[Any]):
    lab = serializers.IntegerField(required=False, help_text=_("Only the boards of this lab."))


class PersonaFilterSerializer(serializers.Serializer[Any]):
    lab = serializers.IntegerField(required=False, help_text=_("Only the personas of this lab."))


class PersonaSerializer(serializers.ModelSerializer[Persona]):
    class Meta:
        model = Persona
        fields = [
            "id",
            "lab",
            "board",
            "name",
            "fields",
            "vulnerable_groups",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class BoardsViewSet(RequestLanguageMixin, viewsets.GenericViewSet[Any]):
    permission_classes = [RulesPermission]
    schema = RulesAutoSchema()
    action_perms: dict[str, str] = {}
    lookup_value_regex = r"[0-9]+"


def _visible_labs(user: Any) -> QuerySet[Any]:
    return lab_list(user=user).order_by().values("pk")


@extend_schema_view(
    list=extend_schema(
        operation_id="board_list",
        summary=_("List the boards of the labs you may see"),
        parameters=[BoardFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(
        operation_id="board_get",
        summary=_("Get a board with its notes and themes"),
        description=_(
            "Notes written in anonymous mode come without their author; notes still private "
            "are left out until the facilitator reveals them; vote totals are null until "
            "revealed. Hidden notes are included only for those who run the board."
        ),
        responses=BoardDetailSerializer,
        tags=TAGS,
    ),
)
class BoardViewSet(mixins.ListModelMixin, BoardsViewSet):
    http_method_names = ["get", "head", "options"]
    serializer_class = BoardSerializer

    def get_queryset(self) -> QuerySet[Board]:
        filters = BoardFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        queryset = (
            Board.objects.filter(lab__in=_visible_labs(self.request.user))
            .select_related("method")
            .annotate(
                note_count=_count(
                    Note.objects.filter(board=OuterRef("pk"), deleted_at__isnull=True), "board"
                ),
                participant_count=_count(Participant.objects.filter(board=OuterRef("pk")), "board"),
            )
            .order_by("-created_at", "-pk")
        )
        if "lab" in filters.validated_data:
            queryset = queryset.filter(lab_id=filters.validated_data["lab"])
        return queryset

    def retrieve(self, request: Request, pk: str) -> Response:
        board = get_board_for_user(request.user, int(pk))
        runs = request.user.has_perm("boards.run_board", board)
        notes = (
            Note.objects.filter(board=board, deleted_at__isnull=True, private=False)
            .select_related("author__organisation", "organisation")
            .annotate(
                vote_count=_count(Vote.objects.filter(note=OuterRef("pk")), "note"),
            )
            .order_by("created_at", "pk")
        )
        if not runs:
            notes = notes.filter(hidden=False)
        board = (
            Board.objects.select_related("method")
            .prefetch_related("themes")
            .annotate(
                note_count=_count(
                    Note.objects.filter(board=OuterRef("pk"), deleted_at__isnull=True), "board"
                ),
                participant_count=_count(Participant.objects.filter(board=OuterRef("pk")), "board"),
            )
            .get(pk=board.pk)
        )
        context = {
            **self.get_serializer_context(),
            "notes": list(notes),
            "votes_visible": board.votes_revealed or runs,
        }
        return Response(BoardDetailSerializer(board, context=context).data)


@extend_schema_view(
    list=extend_schema(
        operation_id="persona_list",
        summary=_("List the personas of the labs you may see"),
        parameters=[PersonaFilterSerializer],
        tags=TAGS,
    ),
)
class PersonaViewSet(mixins.ListModelMixin, BoardsViewSet):
    http_method_names = ["get", "head", "options"]
    serializer_class = PersonaSerializer

    def get_queryset(self) -> QuerySet[Persona]:
        filters = PersonaFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        queryset = Persona.objects.filter(lab__in=_visible_labs(self.request.user)).order_by(
            "lab_id", "name", "pk"
        )
        if "lab" in filters.validated_data:
            queryset = queryset.filter(lab_id=filters.validated_data["lab"])
        return queryset


router = SimpleRouter(trailing_slash=True)
router.register("boards", BoardViewSet, basename="board")
router.register("personas", PersonaViewSet, basename="persona")

urlpatterns = router.urls
