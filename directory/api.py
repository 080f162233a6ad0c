"""The directory's REST API under /api/v1/: organisations, people,
provinces, districts and tags.

Reads are public (contact details excepted); writes need a session or a
personal token and go through directory.services; objects a URL names are
fetched through directory.access, which checks the rule for the action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.rules import is_administrator
from directory import selectors, services
from directory.access import get_organisation_for_user, get_person_for_user
from directory.models import (
    Affiliation,
    District,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Person,
    Province,
    Sector,
    Tag,
)
from lib.api import RequestLanguageMixin, RulesAutoSchema, RulesPermission, service_errors
from search.selectors import search_ids

TAGS = ["directory"]
# Search results are ranked; a list filtered by `q` keeps at most this many.
SEARCH_LIMIT = 500


# --- Serializers ---------------------------------------------------------


class ProvinceSerializer(serializers.ModelSerializer[Province]):
    class Meta:
        model = Province
        fields = ["code", "name_th", "name_en"]


class DistrictSerializer(serializers.ModelSerializer[District]):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = District
        fields = ["code", "province", "name_th", "name_en"]


class TagSerializer(serializers.ModelSerializer[Tag]):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer[Organisation]):
    """An organisation named from another record."""

    class Meta:
        model = Organisation
        fields = ["id", "name_th", "name_en", "abbreviation_th", "abbreviation_en"]


class AliasSerializer(serializers.Serializer[OrganisationAlias]):
    name = serializers.CharField(label=_("name"), max_length=300)
    kind = serializers.ChoiceField(
        label=_("kind"),
        choices=OrganisationAlias.Kind.choices,
        default=OrganisationAlias.Kind.ALIAS,
    )


class WebUrlMixin(serializers.Serializer[Any]):
    web_url = serializers.SerializerMethodField(help_text=_("The record's page on the site."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj: Any) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class OrganisationSerializer(WebUrlMixin, serializers.ModelSerializer[Organisation]):
    parent = OrganisationRefSerializer(read_only=True, allow_null=True)
    province = ProvinceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", *services.ORGANISATION_FIELDS, "web_url", "updated_at"]
        read_only_fields = fields


class OrganisationDetailSerializer(OrganisationSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    children = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Ids of the organisations directly under this one.")
    )

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "aliases", "children", "created_at"]
        read_only_fields = fields


class OrganisationWriteSerializer(serializers.ModelSerializer[Organisation]):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Province.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Province code, for example 10 for Bangkok."),
    )
    aliases = AliasSerializer(
        many=True,
        required=False,
        help_text=_("Other names and abbreviations; when given, they replace the current ones."),
    )

    class Meta:
        model = Organisation
        fields = [*services.ORGANISATION_FIELDS, "aliases"]

    def service_fields(self) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        """(fields for the service, aliases as (name, kind) pairs or None)."""
        fields = dict(self.validated_data)
        aliases = fields.pop("aliases", None)
        pairs = None if aliases is None else [(a["name"], a["kind"]) for a in aliases]
        return fields, pairs


class OrganisationMergeSerializer(serializers.Serializer[Any]):
    duplicate = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        help_text=_("Id of the duplicate organisation; it is deleted after the merge."),
    )


class PersonMergeSerializer(serializers.Serializer[Any]):
    duplicate = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        help_text=_("Id of the duplicate person; the record is deleted after the merge."),
    )


class AffiliationSerializer(serializers.ModelSerializer[Affiliation]):
    organisation = OrganisationRefSerializer(read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "organisation", "position", "start_date", "end_date", "is_current"]
        read_only_fields = fields


class PersonSerializer(WebUrlMixin, serializers.ModelSerializer[Person]):
    full_name = serializers.CharField(
        read_only=True, help_text=_("Name with title, in the request's language.")
    )
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    current_affiliations = AffiliationSerializer(
        source="current", many=True, read_only=True, help_text=_("Where the person works now.")
    )

    class Meta:
        model = Person
        fields = [
            "id",
            *services.PERSON_NAME_FIELDS,
            "full_name",
            "position",
            "contact_consent",
            "tags",
            "current_affiliations",
            "web_url",
            "updated_at",
        ]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    """A person with all affiliations, past and current, and contact details
    present only for those who may see them."""

    current_affiliations = None  # type: ignore[assignment]
    affiliations = AffiliationSerializer(many=True, read_only=True)

    # Not read-only, so that the schema marks them optional: they are left
    # out of the response, not nulled, when the viewer may not see them.
    email = serializers.EmailField(
        required=False, help_text=_("Present only for those who may see contact details.")
    )
    phone = serializers.CharField(
        required=False, help_text=_("Present only for those who may see contact details.")
    )

    class Meta(PersonSerializer.Meta):
        fields = [
            *(f for f in PersonSerializer.Meta.fields if f != "current_affiliations"),
            "affiliations",
            *services.PERSON_CONTACT_FIELDS,
            "created_at",
        ]
        read_only_fields = [f for f in fields if f not in services.PERSON_CONTACT_FIELDS]

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("directory.view_contact", instance):
            for name in services.PERSON_CONTACT_FIELDS:
                data.pop(name, None)
        return data


class PersonWriteSerializer(serializers.ModelSerializer[Person]):
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text=_("Tag names; when given, they replace the current tags."),
    )

    class Meta:
        model = Person
        fields = [*services.PERSON_FIELDS, "tags"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The model's constraint says the same, but in words meant for a database.
        def name(field: str) -> str:
            if field in attrs:
                return str(attrs[field]).strip()
            return getattr(self.instance, field, "") if self.instance is not None else ""

        if not name("first_name_th") and not name("first_name_en"):
            raise serializers.ValidationError(
                {"first_name_th": _("Give a first name in Thai or in English.")}
            )
        return attrs


class PersonCreateSerializer(PersonWriteSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "The organisation the person works in now. Required unless you are an administrator."
        ),
    )
    start_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Since when the person works there.")
    )

    class Meta(PersonWriteSerializer.Meta):
        fields = [*PersonWriteSerializer.Meta.fields, "organisation", "start_date"]

    def validate_organisation(self, organisation: Organisation | None) -> Organisation | None:
        user = self.context["request"].user
        if organisation is not None and not user.has_perm(
            "directory.change_organisation", organisation
        ):
            raise serializers.ValidationError(
                _("You may only add people to organisations you look after.")
            )
        return organisation

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        user = self.context["request"].user
        # Focal points look after the people of their organisation; a person
        # in no organisation would be out of their reach once created.
        if attrs.get("organisation") is None and not is_administrator(user):
            raise serializers.ValidationError(
                {"organisation": _("Choose the organisation the person works in.")}
            )
        return attrs


# --- Filters -------------------------------------------------------------


class OrganisationFilterSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Search by name, abbreviation or alias, in Thai or English; typos tolerated."),
    )
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Province.objects.all(),
        required=False,
        help_text=_("Province code."),
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Only organisations directly under this one."),
    )
    is_active = serializers.BooleanField(required=False)


class PersonFilterSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Search by name, in Thai or English."),
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Only people who work in this organisation now."),
    )
    tag = serializers.SlugRelatedField(
        slug_field="name", queryset=Tag.objects.all(), required=False, help_text=_("Tag name.")
    )


class DistrictFilterSerializer(serializers.Serializer[Any]):
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Province.objects.all(),
        required=False,
        help_text=_("Province code."),
    )


def _filters(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    # A plain dict, not the QueryDict: DRF reads a missing boolean in form
    # data as False, which would silently filter on is_active=false.
    serializer = serializer_class(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    return {k: v for k, v in serializer.validated_data.items() if v not in ("", None)}


def _search_ids(query: str, *, kind: str) -> list[int]:
    """Search hits, best first, cut to what a list can page through."""
    return search_ids(query=query, kind=kind, limit=SEARCH_LIMIT)


# What an organisation's detail shows beyond its row (list rows come from
# directory.selectors).
ORGANISATION_DETAIL_PREFETCH = (
    "aliases",
    Prefetch("children", queryset=Organisation.objects.only("id", "parent_id").order_by("name_th")),
)


# --- Views ---------------------------------------------------------------


class DirectoryViewSet(RequestLanguageMixin, viewsets.GenericViewSet[Any]):
    permission_classes = [RulesPermission]
    schema = RulesAutoSchema()
    action_perms: dict[str, str] = {}
    # Ids are numbers; anything else is a 404 from the router, not a 500.
    lookup_value_regex = r"[0-9]+"

    def fetch(self, pk: int) -> Any:
        """The record `pk` through directory.access, checked against the rule
        of the current action."""
        raise NotImplementedError

    def _detail(self, obj: Any, status_code: int = status.HTTP_200_OK) -> Response:
        raise NotImplementedError

    def _merge(self, request: Request, merge: Callable[..., Any]) -> Response:
        keep = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The duplicate is named in the body, not the URL, and is checked
        # against the same rule: merging deletes it.
        duplicate = self.fetch(serializer.validated_data["duplicate"].pk)
        with service_errors(fields={"non_field_errors": "duplicate"}):
            merge(keep=keep, duplicate=duplicate, by=request.user)
        return self._detail(keep)


@extend_schema_view(
    list=extend_schema(
        operation_id="organisation_list",
        summary=_("List organisations"),
        parameters=[OrganisationFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(
        operation_id="organisation_get", summary=_("Get an organisation"), tags=TAGS
    ),
    create=extend_schema(
        operation_id="organisation_create",
        summary=_("Create an organisation (administrators)"),
        request=OrganisationWriteSerializer,
        responses={201: OrganisationDetailSerializer},
        tags=TAGS,
    ),
    update=extend_schema(
        operation_id="organisation_update",
        summary=_("Replace an organisation's fields (administrators, its focal points)"),
        request=OrganisationWriteSerializer,
        responses=OrganisationDetailSerializer,
        tags=TAGS,
    ),
    partial_update=extend_schema(
        operation_id="organisation_partial_update",
        summary=_("Change some of an organisation's fields (administrators, its focal points)"),
        request=OrganisationWriteSerializer,
        responses=OrganisationDetailSerializer,
        tags=TAGS,
    ),
)
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DirectoryViewSet):
    action_perms = {
        "create": "directory.add_organisation",
        "update": "directory.change_organisation",
        "partial_update": "directory.change_organisation",
        "merge": "directory.merge_organisation",
    }

    def get_queryset(self) -> QuerySet[Organisation]:
        if self.action != "list":
            return Organisation.objects.select_related("parent", "province")
        filters = _filters(OrganisationFilterSerializer, self.request)
        query = filters.pop("q", "")
        return selectors.organisation_list(
            ids=_search_ids(query, kind="organisation") if query else None,
            sector=filters.get("sector", ""),
            kind=filters.get("kind", ""),
            province=filters.get("province"),
            parent=filters.get("parent"),
            # Unlike the pages, the API lists closed organisations too unless asked.
            active=filters.get("is_active"),
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return OrganisationSerializer
        if self.action in {"create", "update", "partial_update"}:
            return OrganisationWriteSerializer
        if self.action == "merge":
            return OrganisationMergeSerializer
        return OrganisationDetailSerializer

    def fetch(self, pk: int) -> Organisation:
        return get_organisation_for_user(
            self.request.user, pk, perm=self.action_perms.get(self.action)
        )

    def get_object(self) -> Organisation:
        organisation = self.fetch(int(self.kwargs["pk"]))
        prefetch_related_objects([organisation], *ORGANISATION_DETAIL_PREFETCH)
        return organisation

    def _detail(
        self, organisation: Organisation, status_code: int = status.HTTP_200_OK
    ) -> Response:
        # Fetched afresh: the service may have changed aliases and children.
        organisation = (
            self.get_queryset()
            .prefetch_related(*ORGANISATION_DETAIL_PREFETCH)
            .get(pk=organisation.pk)
        )
        context = self.get_serializer_context()
        return Response(
            OrganisationDetailSerializer(organisation, context=context).data, status=status_code
        )

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, aliases = serializer.service_fields()
        with service_errors():
            organisation = services.organisation_create(
                by=request.user, aliases=aliases or (), **fields
            )
        return self._detail(organisation, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        organisation = self.get_object()
        serializer = self.get_serializer(organisation, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields, aliases = serializer.service_fields()
        with service_errors():
            services.organisation_update(
                organisation=organisation, by=request.user, aliases=aliases, **fields
            )
        return self._detail(organisation)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(
        operation_id="organisation_merge",
        summary=_("Merge a duplicate into this organisation (administrators)"),
        description=_(
            "Every link of the duplicate moves here, its names become aliases, "
            "and it is deleted. The merge is recorded in the audit log."
        ),
        request=OrganisationMergeSerializer,
        responses=OrganisationDetailSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        return self._merge(request, services.organisation_merge)


@extend_schema_view(
    list=extend_schema(
        operation_id="person_list",
        summary=_("List people"),
        description=_("Contact details are never listed; get a person to see them where you may."),
        parameters=[PersonFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(
        operation_id="person_get",
        summary=_("Get a person"),
        description=_(
            "`email` and `phone` are present only for the person, administrators, "
            "focal points of their organisation and, if the person consents, signed-in members."
        ),
        tags=TAGS,
    ),
    create=extend_schema(
        operation_id="person_create",
        summary=_("Add a person (administrators, focal points)"),
        request=PersonCreateSerializer,
        responses={201: PersonDetailSerializer},
        tags=TAGS,
    ),
    update=extend_schema(
        operation_id="person_update",
        summary=_("Replace a person's fields"),
        request=PersonWriteSerializer,
        responses=PersonDetailSerializer,
        tags=TAGS,
    ),
    partial_update=extend_schema(
        operation_id="person_partial_update",
        summary=_("Change some of a person's fields"),
        request=PersonWriteSerializer,
        responses=PersonDetailSerializer,
        tags=TAGS,
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DirectoryViewSet):
    action_perms = {
        "create": "directory.add_person",
        "update": "directory.change_person",
        "partial_update": "directory.change_person",
        "merge": "directory.merge_person",
    }

    def get_queryset(self) -> QuerySet[Person]:
        if self.action != "list":
            return Person.objects.prefetch_related(
                "tags",
                Prefetch(
                    "affiliations", queryset=Affiliation.objects.select_related("organisation")
                ),
            )
        filters = _filters(PersonFilterSerializer, self.request)
        query = filters.get("q", "")
        return selectors.person_list(
            ids=_search_ids(query, kind="person") if query else None,
            organisation=filters.get("organisation"),
            tag=filters.get("tag"),
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return PersonSerializer
        if self.action == "create":
            return PersonCreateSerializer
        if self.action in {"update", "partial_update"}:
            return PersonWriteSerializer
        if self.action == "merge":
            return PersonMergeSerializer
        return PersonDetailSerializer

    def fetch(self, pk: int) -> Person:
        return get_person_for_user(self.request.user, pk, perm=self.action_perms.get(self.action))

    def get_object(self) -> Person:
        return self.fetch(int(self.kwargs["pk"]))

    def _detail(self, person: Person, status_code: int = status.HTTP_200_OK) -> Response:
        person = self.get_queryset().get(pk=person.pk)
        context = self.get_serializer_context()
        return Response(PersonDetailSerializer(person, context=context).data, status=status_code)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        with service_errors():
            person = services.person_create(by=request.user, **fields)
        return self._detail(person, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        person = self.get_object()
        serializer = self.get_serializer(person, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.person_update(person=person, by=request.user, **serializer.validated_data)
        return self._detail(person)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(
        operation_id="person_merge",
        summary=_("Merge a duplicate into this person (administrators)"),
        description=_(
            "Affiliations, tags and every other link move here, blank fields are "
            "filled from the duplicate, and it is deleted. Recorded in the audit log."
        ),
        request=PersonMergeSerializer,
        responses=PersonDetailSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        return self._merge(request, services.person_merge)


@extend_schema_view(
    list=extend_schema(operation_id="province_list", summary=_("List provinces"), tags=TAGS),
    retrieve=extend_schema(operation_id="province_get", summary=_("Get a province"), tags=TAGS),
)
class ProvinceViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet[Province]):
    """Thailand's provinces, from the geothai data package."""

    queryset = Province.objects.all()
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2}"


@extend_schema_view(
    list=extend_schema(
        operation_id="district_list",
        summary=_("List districts"),
        parameters=[DistrictFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(operation_id="district_get", summary=_("Get a district"), tags=TAGS),
)
class DistrictViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet[District]):
    serializer_class = DistrictSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{4}"

    def get_queryset(self) -> QuerySet[District]:
        queryset = District.objects.select_related("province")
        if self.action == "list":
            filters = _filters(DistrictFilterSerializer, self.request)
            if "province" in filters:
                queryset = queryset.filter(province=filters["province"])
        return queryset


@extend_schema_view(
    list=extend_schema(operation_id="tag_list", summary=_("List tags"), tags=TAGS),
    retrieve=extend_schema(operation_id="tag_get", summary=_("Get a tag"), tags=TAGS),
)
class TagViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet[Tag]):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    lookup_value_regex = r"[0-9]+"


# SimpleRouter: /api/v1/ is shared by several apps' routers, and each
# DefaultRouter would add its own root view at the same URL.
router = SimpleRouter(trailing_slash=True)
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("provinces", ProvinceViewSet, basename="province")
router.register("districts", DistrictViewSet, basename="district")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = router.urls
