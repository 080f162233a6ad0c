"""The outputs and follow-through REST API under /api/v1/: joint action
plans, their actions (with the derived status), progress updates and
proposals.

Reads follow the same rules as the pages: a lab's plans, actions and
proposals to whoever may see the lab, and besides, an action to its owner
and to the focal points of its lead and supporting agencies; to them, as on
the action's page, an action of a lab they may not see names no lab, plan
or other action (those fields are null and empty). The one write
is a progress update (POST /actions/<id>/updates/), so that an agency's own
system can report without anyone typing it in twice; it needs a session or
a personal token and goes through actions.services.plans.progress_add.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as detail_route
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.rules import is_administrator
from actions.access import get_action_for_user, get_plan_for_user, get_proposal_for_user
from actions.models import (
    SETTABLE_STATUSES,
    Action,
    ActionPlan,
    Pledge,
    ProgressUpdate,
    Proposal,
    Status,
)
from actions.selectors import plans as selectors
from actions.services import plans as services
from directory.api import OrganisationRefSerializer, WebUrlMixin
from labs.api import PersonRefSerializer
from labs.selectors import lab_list
from lib.api import RequestLanguageMixin, RulesAutoSchema, RulesPermission, service_errors

TAGS = ["actions"]


# --- Serializers ---------------------------------------------------------------------


class PlanSerializer(WebUrlMixin, serializers.ModelSerializer[ActionPlan]):
    class Meta:
        model = ActionPlan
        fields = [
            "id", "lab", "challenge", "proposal", "title_th", "title_en", "description",
            "web_url", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActionSerializer(WebUrlMixin, serializers.ModelSerializer[Action]):
    lead_agency = OrganisationRefSerializer(read_only=True)
    supporting_agencies = serializers.SerializerMethodField()
    owner = PersonRefSerializer(read_only=True, allow_null=True)
    state = serializers.ChoiceField(choices=SETTABLE_STATUSES, read_only=True)
    status = serializers.ChoiceField(
        choices=Status.choices,
        read_only=True,
        help_text=_("Derived: “late” comes from the due date and the progress."),
    )
    plan = serializers.IntegerField(
        source="plan_id",
        read_only=True,
        allow_null=True,
        help_text=_(
            "Null when you may not see the plan (you follow the action as its owner "
            "or an agency's focal point)."
        ),
    )
    lab = serializers.IntegerField(
        source="lab_id",
        read_only=True,
        allow_null=True,
        help_text=_("Null when you may not see the lab."),
    )
    depends_on = serializers.SerializerMethodField(
        help_text=_("Empty when you may not see the plan.")
    )

    class Meta:
        model = Action
        fields = [
            "id", "plan", "lab", "ref", "title_th", "title_en", "description", "lead_agency",
            "supporting_agencies", "owner", "start_date", "due_date", "state", "status",
            "percent_complete", "depends_on", "last_update_at", "completed_on", "web_url",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_supporting_agencies(self, obj: Action) -> list[dict[str, Any]]:
        rows = [row.organisation for row in obj.support_rows]  # type: ignore[attr-defined]
        return OrganisationRefSerializer(rows, many=True).data  # type: ignore[return-value]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_depends_on(self, obj: Action) -> list[int]:
        return sorted(a.pk for a in obj.depends_on.all())

    def to_representation(self, instance: Action) -> dict[str, Any]:
        data = super().to_representation(instance)
        # Annotated by _with_plan_visibility; without it, nothing is shown.
        if not getattr(instance, "plan_visible", False):
            data.update(plan=None, lab=None, depends_on=[])
        return data


class ProgressUpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    by_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    evidence_file_url = serializers.SerializerMethodField(
        help_text=_("Where to download the evidence file, if there is one.")
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id", "action", "text", "percent_complete", "state", "evidence_text",
            "evidence_link", "evidence_file_url", "by_organisation", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_evidence_file_url(self, obj: ProgressUpdate) -> str | None:
        if not obj.evidence_file:
            return None
        url = reverse("actions:evidence", args=[obj.action_id, obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ProgressWriteSerializer(serializers.Serializer[Any]):
    # Bounds and the choice of status are the service's to check, with the
    # same messages as the pages.
    text = serializers.CharField(help_text=_("What was done."))
    percent_complete = serializers.IntegerField(help_text=_("0 to 100."))
    state = serializers.ChoiceField(
        choices=SETTABLE_STATUSES,
        required=False,
        allow_blank=True,
        help_text=_("Leave out to keep the action's status; “late” is never reported."),
    )
    evidence_text = serializers.CharField(required=False, allow_blank=True)
    evidence_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    evidence_file = serializers.FileField(
        required=False,
        help_text=_("A PDF, an Office document or a photo (multipart/form-data)."),
    )


class PledgeSerializer(serializers.ModelSerializer[Pledge]):
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "organisation", "kind", "amount", "unit", "description", "status"]
        read_only_fields = fields


class ProposalSerializer(WebUrlMixin, serializers.ModelSerializer[Proposal]):
    agencies = OrganisationRefSerializer(many=True, read_only=True)
    sdgs = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    personas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    endorsed_by = serializers.SerializerMethodField()
    pledges = PledgeSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id", "lab", "challenge", "kind", "title_th", "title_en", "summary", "problem",
            "evidence", "affected_groups", "options", "recommendation", "objectives",
            "activities", "budget", "support_asked", "agencies", "sdgs", "personas", "status",
            "status_date", "version", "endorsed_by", "pledges", "web_url", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_endorsed_by(self, obj: Proposal) -> list[dict[str, Any]]:
        return OrganisationRefSerializer(  # type: ignore[return-value]
            [e.organisation for e in obj.endorsements.all()], many=True
        ).data


# --- Filters -----------------------------------------------------------------------------


class PlanFilterSerializer(serializers.Serializer[Any]):
    lab = serializers.IntegerField(required=False, help_text=_("Only the plans of this lab."))


class ActionFilterSerializer(serializers.Serializer[Any]):
    lab = serializers.IntegerField(required=False, help_text=_("Only the actions of this lab."))
    plan = serializers.IntegerField(required=False, help_text=_("Only the actions of this plan."))
    agency = serializers.IntegerField(
        required=False, help_text=_("Only the actions this organisation leads or supports.")
    )
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text=_("Derived status, “late” included.")
    )


class ProposalFilterSerializer(serializers.Serializer[Any]):
    lab = serializers.IntegerField(required=False, help_text=_("Only the proposals of this lab."))
    kind = serializers.ChoiceField(choices=Proposal.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Proposal.Status.choices, required=False)


def _filters(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    filters = serializer_class(data=request.query_params.dict())
    filters.is_valid(raise_exception=True)
    return dict(filters.validated_data)


# --- Views --------------------------------------------------------------------------------


class ActionsViewSet(RequestLanguageMixin, viewsets.GenericViewSet[Any]):
    permission_classes = [RulesPermission]
    schema = RulesAutoSchema()
    action_perms: dict[str, str] = {}
    lookup_value_regex = r"[0-9]+"


@extend_schema_view(
    list=extend_schema(
        operation_id="plan_list",
        summary=_("List the joint action plans of the labs you may see"),
        parameters=[PlanFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(
        operation_id="plan_get", summary=_("Get a joint action plan"), tags=TAGS
    ),
)
class PlanViewSet(mixins.ListModelMixin, ActionsViewSet):
    http_method_names = ["get", "head", "options"]
    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[ActionPlan]:
        wanted = _filters(PlanFilterSerializer, self.request)
        queryset = selectors.plans_for_user(user=self.request.user)
        if "lab" in wanted:
            queryset = queryset.filter(lab_id=wanted["lab"])
        return queryset

    def retrieve(self, request: Request, pk: str) -> Response:
        plan = get_plan_for_user(request.user, int(pk))
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)


def _action_queryset(queryset: QuerySet[Action], user: Any) -> QuerySet[Action]:
    return selectors.action_list(_with_plan_visibility(queryset, user)).prefetch_related(
        Prefetch("depends_on", queryset=Action.objects.only("id"))
    )


def _with_plan_visibility(queryset: QuerySet[Action], user: Any) -> QuerySet[Action]:
    """Annotate `plan_visible`: actions.view_plan, for every row in the one query."""
    visible = Q(pk__isnull=False) if is_administrator(user) else Q(lab__in=_visible_labs(user))
    return queryset.annotate(plan_visible=ExpressionWrapper(visible, output_field=BooleanField()))


def _visible_labs(user: Any) -> QuerySet[Any]:
    return lab_list(user=user).values("pk")


@extend_schema_view(
    list=extend_schema(
        operation_id="action_list",
        summary=_("List the actions you may see"),
        description=_(
            "The actions of the labs you may see, and in any lab those you own or that an "
            "agency you are a focal point of leads or supports."
        ),
        parameters=[ActionFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(operation_id="action_get", summary=_("Get an action"), tags=TAGS),
)
class ActionViewSet(mixins.ListModelMixin, ActionsViewSet):
    http_method_names = ["get", "post", "head", "options"]
    action_perms = {"update_add": "actions.update_progress"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "update_add":
            return ProgressWriteSerializer
        if self.action == "updates":
            return ProgressUpdateSerializer
        return ActionSerializer

    def get_queryset(self) -> QuerySet[Action]:
        wanted = _filters(ActionFilterSerializer, self.request)
        user = self.request.user
        queryset = selectors.actions_for_user(user=user)
        # Filtering by a lab or plan one may not see would tell which of one's
        # actions are in it: those filters only match visible labs.
        if "lab" in wanted:
            queryset = queryset.filter(lab_id=wanted["lab"], lab__in=_visible_labs(user))
        if "plan" in wanted:
            queryset = queryset.filter(plan_id=wanted["plan"], lab__in=_visible_labs(user))
        if "agency" in wanted:
            queryset = queryset.of_agency(wanted["agency"])
        if "status" in wanted:
            queryset = queryset.filter(current_status=wanted["status"])  # type: ignore[misc]
        return _action_queryset(queryset, user).order_by("plan_id", "ref", "pk")

    def _detail(self, action: Action) -> Response:
        full = _action_queryset(Action.objects.with_status(), self.request.user).get(pk=action.pk)
        return Response(ActionSerializer(full, context=self.get_serializer_context()).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(get_action_for_user(request.user, int(pk)))

    @extend_schema(
        operation_id="action_updates",
        summary=_("List an action's progress updates, newest first"),
        responses=ProgressUpdateSerializer(many=True),
        tags=TAGS,
    )
    @detail_route(detail=True, methods=["get"])
    def updates(self, request: Request, pk: str) -> Response:
        action = get_action_for_user(request.user, int(pk))
        rows = ProgressUpdate.objects.filter(action=action).select_related("by_organisation")
        return Response(
            ProgressUpdateSerializer(
                rows.order_by("-created_at", "-pk"),
                many=True,
                context=self.get_serializer_context(),
            ).data
        )

    @extend_schema(
        operation_id="action_update_add",
        summary=_(
            "Report progress on an action (its owner, focal points of its agencies, "
            "those who run the lab)"
        ),
        description=_(
            "JSON, or multipart/form-data with an evidence file. The action takes the "
            "update's percent and status; “late” cannot be reported, it comes from the due date."
        ),
        request={
            "application/json": ProgressWriteSerializer,
            "multipart/form-data": ProgressWriteSerializer,
        },
        responses={201: ProgressUpdateSerializer},
        tags=TAGS,
    )
    @updates.mapping.post
    def update_add(self, request: Request, pk: str) -> Response:
        action = get_action_for_user(request.user, int(pk), perm="actions.update_progress")
        serializer = ProgressWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            update = services.progress_add(
                action=action,
                by=request.user,
                by_organisation=selectors.reporting_organisation(user=request.user, action=action),
                **serializer.validated_data,
            )
        return Response(
            ProgressUpdateSerializer(update, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


def _proposal_queryset() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("lab").prefetch_related(
        "agencies",
        "sdgs",
        "personas",
        Prefetch("pledges", queryset=Pledge.objects.select_related("organisation")),
        "endorsements__organisation",
    )


@extend_schema_view(
    list=extend_schema(
        operation_id="proposal_list",
        summary=_("List the policy and project proposals of the labs you may see"),
        parameters=[ProposalFilterSerializer],
        tags=TAGS,
    ),
    retrieve=extend_schema(operation_id="proposal_get", summary=_("Get a proposal"), tags=TAGS),
)
class ProposalViewSet(mixins.ListModelMixin, ActionsViewSet):
    http_method_names = ["get", "head", "options"]
    serializer_class = ProposalSerializer

    def get_queryset(self) -> QuerySet[Proposal]:
        wanted = _filters(ProposalFilterSerializer, self.request)
        queryset = _proposal_queryset().filter(
            lab__in=lab_list(user=self.request.user).values("pk")
        )
        for name in ("kind", "status"):
            if name in wanted:
                queryset = queryset.filter(**{name: wanted[name]})
        if "lab" in wanted:
            queryset = queryset.filter(lab_id=wanted["lab"])
        return queryset.order_by("lab_id", "pk")

    def retrieve(self, request: Request, pk: str) -> Response:
        proposal = get_proposal_for_user(request.user, int(pk))
        full = _proposal_queryset().get(pk=proposal.pk)
        return Response(ProposalSerializer(full, context=self.get_serializer_context()).data)


router = SimpleRouter(trailing_slash=True)
router.register("plans", PlanViewSet, basename="plan")
router.register("actions", ActionViewSet, basename="action")
router.register("proposals", ProposalViewSet, basename="proposal")

urlpatterns = router.urls
