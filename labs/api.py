"""The labs REST API under /api/v1/: labs, their members, challenges and
their stakeholders.

Reads follow the lab's visibility (public labs to everyone, members-only
labs to their members and administrators); writes need a session or a
personal token, go through labs.services, and fetch what a URL names
through labs.access, which checks the rule for the action.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from directory.api import OrganisationRefSerializer, WebUrlMixin
from directory.models import District, Organisation, Person, Province
from labs import selectors, services
from labs.access import get_challenge_for_user, get_lab_for_user
from labs.models import (
    Challenge,
    ChallengeAgency,
    Facet,
    Goal,
    Lab,
    Member,
    Process,
    Role,
    Stage,
    Stakeholder,
)
from lib.api import RequestLanguageMixin, RulesAutoSchema, RulesPermission, service_errors

TAGS = ["labs"]


# --- Serializers ---------------------------------------------------------------


class StageSerializer(serializers.ModelSerializer[Stage]):
    class Meta:
        model = Stage
        fields = ["id", "key", "order", "name_th", "name_en"]


class LabSerializer(WebUrlMixin, serializers.ModelSerializer[Lab]):
    hosts = OrganisationRefSerializer(many=True, read_only=True)
    process = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = Lab
        fields = [
            "id", "name_th", "name_en", "kind", "visibility", "purpose", "description",
            "start_date", "end_date", "process", "hosts", "web_url", "updated_at",
        ]
        read_only_fields = fields


class LabWriteSerializer(serializers.ModelSerializer[Lab]):
    hosts = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False,
        help_text=_("Ids of the host organisations; when given, they replace the current ones."),
    )
    process = serializers.SlugRelatedField(
        slug_field="key", queryset=Process.objects.all(), required=False,
        help_text=_("Key of the design process, for example double-diamond."),
    )

    class Meta:
        model = Lab
        fields = [
            "name_th", "name_en", "kind", "visibility", "purpose", "description",
            "start_date", "end_date", "process", "hosts",
        ]


class PersonRefSerializer(serializers.ModelSerializer[Person]):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name"]


class MemberSerializer(serializers.ModelSerializer[Member]):
    person = PersonRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    email = serializers.EmailField(
        source="person.email", required=False, help_text=_("Present only for those who run the lab.")
    )

    class Meta:
        model = Member
        fields = ["id", "person", "role", "organisation", "tags", "email"]
        read_only_fields = fields

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("with_contacts"):
            data.pop("email", None)
        return data


class MemberWriteSerializer(serializers.Serializer[Any]):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(choices=Role.choices, default=Role.PARTICIPANT)
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)


class AgencySerializer(serializers.ModelSerializer[ChallengeAgency]):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = ChallengeAgency
        fields = ["organisation", "role"]


class ChallengeSerializer(WebUrlMixin, serializers.ModelSerializer[Challenge]):
    stage = StageSerializer(read_only=True)
    provinces = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    districts = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sdgs = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    facet = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    agencies = AgencySerializer(many=True, read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id", "lab", "title_th", "title_en", "problem", "goals", "is_national", "provinces",
            "districts", "target_groups", "sdgs", "facet", "stage", "agencies", "web_url", "updated_at",
        ]
        read_only_fields = fields


class ChallengeWriteSerializer(serializers.ModelSerializer[Challenge]):
    lab = serializers.PrimaryKeyRelatedField(
        queryset=Lab.objects.all(), help_text=_("The lab; only when creating.")
    )
    stage = serializers.PrimaryKeyRelatedField(
        queryset=Stage.objects.all(), required=False,
        help_text=_("A stage of the lab's design process; the first stage when left out."),
    )
    provinces = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), many=True, required=False
    )
    districts = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.select_related("province"), many=True, required=False
    )
    sdgs = serializers.SlugRelatedField(slug_field="number", queryset=Goal.objects.all(), many=True, required=False)
    facet = serializers.SlugRelatedField(
        slug_field="key", queryset=Facet.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Challenge
        fields = [
            "lab", "title_th", "title_en", "problem", "goals", "is_national", "provinces",
            "districts", "target_groups", "sdgs", "facet", "stage",
        ]


class StakeholderSerializer(serializers.ModelSerializer[Stakeholder]):
    label = serializers.CharField(read_only=True)
    quadrant = serializers.CharField(read_only=True)

    class Meta:
        model = Stakeholder
        fields = [
            "id", "challenge", "organisation", "person", "group_name", "label",
            "power", "interest", "quadrant", "notes",
        ]
        read_only_fields = ["id", "challenge", "label", "quadrant"]


class StakeholderMoveSerializer(serializers.Serializer[Any]):
    # Bounds are the service's to check, with the same message as the pages.
    power = serializers.IntegerField(help_text=_("0 to 100."))
    interest = serializers.IntegerField(help_text=_("0 to 100."))
    notes = serializers.CharField(required=False, allow_blank=True)


# --- Views -------------------------------------------------------------------


class LabsViewSet(RequestLanguageMixin, viewsets.GenericViewSet[Any]):
    permission_classes = [RulesPermission]
    schema = RulesAutoSchema()
    action_perms: dict[str, str] = {}
    lookup_value_regex = r"[0-9]+"


@extend_schema_view(
    list=extend_schema(operation_id="lab_list", summary=_("List the labs you may see"), tags=TAGS),
    retrieve=extend_schema(operation_id="lab_get", summary=_("Get a lab"), tags=TAGS),
    create=extend_schema(
        operation_id="lab_create", summary=_("Create a lab (administrators, focal points)"),
        request=LabWriteSerializer, responses={201: LabSerializer}, tags=TAGS,
    ),
    partial_update=extend_schema(
        operation_id="lab_partial_update", summary=_("Change a lab (its leads, administrators)"),
        request=LabWriteSerializer, responses=LabSerializer, tags=TAGS,
    ),
)
class LabViewSet(mixins.ListModelMixin, LabsViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_perms = {
        "create": "labs.add_lab",
        "partial_update": "labs.change_lab",
        "member_add": "labs.manage_members",
    }

    def get_queryset(self) -> QuerySet[Lab]:
        return selectors.lab_list(user=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "partial_update"}:
            return LabWriteSerializer
        if self.action == "member_add":
            return MemberWriteSerializer
        return LabSerializer

    def _detail(self, lab: Lab, status_code: int = status.HTTP_200_OK) -> Response:
        lab = Lab.objects.select_related("process").prefetch_related("hosts").get(pk=lab.pk)
        return Response(LabSerializer(lab, context=self.get_serializer_context()).data, status=status_code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(get_lab_for_user(request.user, int(pk)))

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            lab = services.lab_create(by=request.user, **serializer.validated_data)
        return self._detail(lab, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        lab = get_lab_for_user(request.user, int(pk), perm="labs.change_lab")
        serializer = self.get_serializer(lab, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.lab_update(lab=lab, by=request.user, **serializer.validated_data)
        return self._detail(lab)

    @extend_schema(
        operation_id="lab_members", summary=_("List a lab's members"),
        description=_("E-mail addresses are present only for the lab's leads, facilitators and administrators."),
        responses=MemberSerializer(many=True), tags=TAGS,
    )
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str) -> Response:
        lab = get_lab_for_user(request.user, int(pk))
        context = {
            **self.get_serializer_context(),
            "with_contacts": request.user.has_perm("labs.view_member_contacts", lab),
        }
        return Response(MemberSerializer(selectors.lab_members(lab=lab), many=True, context=context).data)

    @extend_schema(
        operation_id="lab_member_add", summary=_("Add a person from the directory to a lab (its leads, administrators)"),
        request=MemberWriteSerializer, responses={201: MemberSerializer}, tags=TAGS,
    )
    @members.mapping.post
    def member_add(self, request: Request, pk: str) -> Response:
        lab = get_lab_for_user(request.user, int(pk), perm="labs.manage_members")
        serializer = MemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            member = services.member_add(lab=lab, by=request.user, **serializer.validated_data)
        context = {**self.get_serializer_context(), "with_contacts": True}
        return Response(MemberSerializer(member, context=context).data, status=status.HTTP_201_CREATED)


def _challenge_queryset() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("stage", "facet").prefetch_related(
        "provinces", "districts", "sdgs", Prefetch("agencies", queryset=ChallengeAgency.objects.select_related("organisation"))
    )


class ChallengeFilterSerializer(serializers.Serializer[Any]):
    lab = serializers.IntegerField(required=False, help_text=_("Only the challenges of this lab."))


@extend_schema_view(
    list=extend_schema(
        operation_id="challenge_list", summary=_("List the challenges of the labs you may see"),
        parameters=[ChallengeFilterSerializer], tags=TAGS,
    ),
    retrieve=extend_schema(operation_id="challenge_get", summary=_("Get a challenge"), tags=TAGS),
    create=extend_schema(
        operation_id="challenge_create", summary=_("Add a challenge to a lab (its leads and facilitators)"),
        request=ChallengeWriteSerializer, responses={201: ChallengeSerializer}, tags=TAGS,
    ),
    partial_update=extend_schema(
        operation_id="challenge_partial_update", summary=_("Change a challenge (the lab's leads and facilitators)"),
        request=ChallengeWriteSerializer, responses=ChallengeSerializer, tags=TAGS,
    ),
)
class ChallengeViewSet(mixins.ListModelMixin, LabsViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Adding a challenge is checked against the lab named in the body.
    action_perms = {"partial_update": "labs.change_challenge", "stakeholder_add": "labs.change_challenge"}

    def get_queryset(self) -> QuerySet[Challenge]:
        filters = ChallengeFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        queryset = _challenge_queryset().filter(
            lab__in=selectors.lab_list(user=self.request.user).values("pk")
        ).order_by("lab_id", "pk")
        if "lab" in filters.validated_data:
            queryset = queryset.filter(lab_id=filters.validated_data["lab"])
        return queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "partial_update"}:
            return ChallengeWriteSerializer
        if self.action in {"stakeholders", "stakeholder_add"}:
            return StakeholderSerializer
        return ChallengeSerializer

    def _detail(self, challenge: Challenge, status_code: int = status.HTTP_200_OK) -> Response:
        challenge = _challenge_queryset().get(pk=challenge.pk)
        return Response(ChallengeSerializer(challenge, context=self.get_serializer_context()).data, status=status_code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(get_challenge_for_user(request.user, int(pk)))

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lab = get_lab_for_user(request.user, data.pop("lab").pk, perm="labs.add_challenge")
        with service_errors():
            challenge = services.challenge_create(lab=lab, by=request.user, **data)
        return self._detail(challenge, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        challenge = get_challenge_for_user(request.user, int(pk), perm="labs.change_challenge")
        serializer = self.get_serializer(challenge, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "lab" in data and data.pop("lab").pk != challenge.lab_id:
            raise exceptions.ValidationError({"lab": [_("A challenge cannot move to another lab.")]})
        with service_errors():
            services.challenge_update(challenge=challenge, by=request.user, **data)
        return self._detail(challenge)

    @extend_schema(
        operation_id="challenge_stakeholders", summary=_("List a challenge's stakeholders"),
        responses=StakeholderSerializer(many=True), tags=TAGS,
    )
    @action(detail=True, methods=["get"])
    def stakeholders(self, request: Request, pk: str) -> Response:
        challenge = get_challenge_for_user(request.user, int(pk))
        return Response(StakeholderSerializer(selectors.stakeholders_of(challenge), many=True).data)

    @extend_schema(
        operation_id="challenge_stakeholder_add",
        summary=_("Put a stakeholder on a challenge's grid (the lab's leads and facilitators)"),
        request=StakeholderSerializer, responses={201: StakeholderSerializer}, tags=TAGS,
    )
    @stakeholders.mapping.post
    def stakeholder_add(self, request: Request, pk: str) -> Response:
        challenge = get_challenge_for_user(request.user, int(pk), perm="labs.change_challenge")
        serializer = StakeholderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            stakeholder = services.stakeholder_add(challenge=challenge, by=request.user, **serializer.validated_data)
        return Response(StakeholderSerializer(stakeholder).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(operation_id="stakeholder_get", summary=_("Get a stakeholder"), tags=TAGS),
    partial_update=extend_schema(
        operation_id="stakeholder_move", summary=_("Move a stakeholder on the power/interest grid"),
        request=StakeholderMoveSerializer, responses=StakeholderSerializer, tags=TAGS,
    ),
    destroy=extend_schema(operation_id="stakeholder_remove", summary=_("Remove a stakeholder"), tags=TAGS),
)
class StakeholderViewSet(LabsViewSet):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    action_perms = {"partial_update": "labs.change_challenge", "destroy": "labs.change_challenge"}
    serializer_class = StakeholderSerializer

    def fetch(self, pk: int) -> Stakeholder:
        stakeholder = get_object_or_404(Stakeholder.objects.only("id", "challenge_id"), pk=pk)
        challenge = get_challenge_for_user(
            self.request.user, stakeholder.challenge_id, perm=self.action_perms.get(self.action or "")
        )
        return Stakeholder.objects.select_related("organisation", "person").get(pk=pk, challenge=challenge)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return StakeholderMoveSerializer if self.action == "partial_update" else StakeholderSerializer

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(StakeholderSerializer(self.fetch(int(pk))).data)

    def partial_update(self, request: Request, pk: str) -> Response:
        stakeholder = self.fetch(int(pk))
        serializer = StakeholderMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.stakeholder_move(stakeholder=stakeholder, by=request.user, **serializer.validated_data)
        return Response(StakeholderSerializer(stakeholder).data)

    def destroy(self, request: Request, pk: str) -> Response:
        stakeholder = self.fetch(int(pk))
        services.stakeholder_remove(stakeholder=stakeholder, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter(trailing_slash=True)
router.register("labs", LabViewSet, basename="lab")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("stakeholders", StakeholderViewSet, basename="stakeholder")

urlpatterns = router.urls
