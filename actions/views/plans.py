"""Joint action plans, their actions, milestones and progress updates.

Routes (names under the `actions` namespace):
    labs/<lab_pk>/plans/new/                              plan_create (?proposal=)
    plans/<pk>/                                           plan     (?status=&agency=)
    plans/<pk>/edit/                                      plan_edit
    plans/<pk>/delete/                                    plan_delete (POST)
    plans/<pk>/actions/new/                               action_create (?notes=1,2&personas=3)
    actions/<pk>/                                         action
    actions/<pk>/edit/                                    action_edit
    actions/<pk>/delete/                                  action_delete (POST)
    actions/<pk>/progress/                                progress_add (phone-first; ?next=)
    actions/<pk>/milestones/new/                          milestone_add
    actions/<pk>/milestones/<milestone_pk>/               milestone_edit
    actions/<pk>/milestones/<milestone_pk>/reached/       milestone_reached (POST)
    actions/<pk>/milestones/<milestone_pk>/delete/        milestone_delete (POST)
    actions/<pk>/updates/<update_pk>/evidence/            evidence (the file, access checked)

Views parse, check access through actions.access and call a selector or a
service; they never save a model themselves.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.access import (
    get_action_for_user,
    get_milestone_for_user,
    get_plan_for_user,
    get_update_for_user,
)
from actions.forms.plans import ActionForm, MilestoneForm, PlanFilterForm, PlanForm, ProgressForm
from actions.models import Action, ActionPlan, today
from actions.selectors import lineage as lineage_selectors
from actions.selectors import plans as selectors
from actions.services import lineage
from actions.services import plans as services
from actions.views import query_ids
from labs.access import get_lab_for_user
from lib import uploads
from lib.forms import add_service_errors
from lib.http import safe_next

# --- Plans -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    if not request.user.has_perm("actions.change_plan", lab):
        raise PermissionDenied
    # "New joint action plan" on a proposal's page: the plan carries it out.
    wanted = request.GET.get("proposal", "")
    proposal = lab.proposals.filter(pk=wanted).first() if wanted.isdigit() else None
    initial = {"proposal": proposal.pk, "challenge": proposal.challenge_id} if proposal else {}
    form = PlanForm(request.POST or None, lab=lab, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(lab=lab, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was created. Add its actions."))
            return redirect(plan)
    return render(request, "actions/plans/plan_form.html", {"form": form, "lab": lab, "plan": None})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    filters = PlanFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.plan_page(
        plan=plan, status=wanted.get("status") or "", agency=wanted.get("agency")
    )
    filters.offer_agencies(page.agencies)
    return render(
        request,
        "actions/plans/plan_detail.html",
        {
            "plan": plan,
            "lab": plan.lab,
            "page": page,
            "filters": filters,
            "can_change": request.user.has_perm("actions.change_plan", plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, perm="actions.change_plan")
    form = PlanForm(request.POST or None, lab=plan.lab, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(plan)
    return render(
        request, "actions/plans/plan_form.html", {"form": form, "lab": plan.lab, "plan": plan}
    )


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, perm="actions.change_plan")
    services.plan_delete(plan=plan, by=request.user)
    messages.success(request, _("The plan “%(title)s” was deleted.") % {"title": plan.title})
    return redirect("actions:outputs", lab_pk=plan.lab_id)


# --- Actions -------------------------------------------------------------------------


def _action_form_page(
    request: HttpRequest,
    form: ActionForm,
    plan: ActionPlan,
    action: Action | None,
    origins: tuple[list[Any], list[Any]] = ([], []),
) -> HttpResponse:
    return render(
        request,
        "actions/plans/action_form.html",
        {
            "form": form,
            "plan": plan,
            "lab": plan.lab,
            "action": action,
            "notes": origins[0],
            "personas": origins[1],
            "hidden_lab": not request.user.has_perm("actions.view_plan", plan),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, perm="actions.change_plan")
    # The notes and personas this action comes from ride along in the query
    # string, from the board's outputs page to this form and its POST.
    origins = lineage_selectors.picked(
        lab_id=plan.lab_id,
        note_ids=query_ids(request, "notes"),
        persona_ids=query_ids(request, "personas"),
    )
    form = ActionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: an action is never left without the lines it was made from.
            with transaction.atomic():
                action = services.action_create(plan=plan, by=request.user, **form.service_kwargs())
                if origins[0] or origins[1]:
                    lineage.link(
                        by=request.user, notes=origins[0], personas=origins[1], action=action
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was added."))
            if "another" in request.POST:
                return redirect("actions:action_create", pk=plan.pk)
            return redirect(action)
    return _action_form_page(request, form, plan, None, origins)


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk)
    action.plan.lab = action.lab  # the same lab (Action.lab follows its plan's), already here
    user = request.user
    # An owner or an agency's focal point sees their commitment in a
    # members-only lab without seeing the lab itself.
    can_view_plan = user.has_perm("actions.view_plan", action.plan)
    return render(
        request,
        "actions/plans/action_detail.html",
        {
            "page": selectors.action_page(action=action),
            "plan": action.plan,
            "lab": action.lab,
            # The board notes it came from are the lab's business.
            "origins": lineage_selectors.origins_of(action=action) if can_view_plan else None,
            "can_view_plan": can_view_plan,
            "hidden_lab": not can_view_plan,
            "can_change": user.has_perm("actions.change_action", action),
            "can_update": user.has_perm("actions.update_progress", action),
            "can_delete": user.has_perm("actions.change_plan", action.plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, perm="actions.change_action")
    supporting = list(action.supporting_agencies.order_by("name_th", "pk"))
    form = ActionForm(
        request.POST or None,
        plan=action.plan,
        action=action,
        supporting=supporting,
        whole=request.user.has_perm("actions.change_plan", action.plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(action)
    return _action_form_page(request, form, action.plan, action)


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk)
    if not request.user.has_perm("actions.change_plan", action.plan):
        raise PermissionDenied
    services.action_delete(action=action, by=request.user)
    messages.success(request, _("The action “%(title)s” was deleted.") % {"title": action.title})
    return redirect(action.plan)


# --- Progress ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, perm="actions.update_progress")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), None)
    form = ProgressForm(
        request.POST or None, request.FILES or None, action=action, initial={"next": next_url}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_add(
                action=action,
                by=request.user,
                by_organisation=selectors.reporting_organisation(user=request.user, action=action),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. The progress was recorded."))
            return redirect(next_url or action.get_absolute_url())
    return render(
        request,
        "actions/plans/progress_form.html",
        {"form": form, "action": action, "next_url": next_url},
        status=400 if form.is_bound else 200,
    )


@require_GET
def evidence(request: HttpRequest, pk: int, update_pk: int) -> FileResponse:
    action = get_action_for_user(request.user, pk)
    update = get_update_for_user(request.user, action, update_pk)
    if not update.evidence_file:
        raise Http404
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = update.evidence_content_type or "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type not in uploads.INLINE_TYPES,
        filename=uploads.display_name(str(update.evidence_file.name)),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Milestones ----------------------------------------------------------------------


def _milestone_page(
    request: HttpRequest, form: MilestoneForm, action: Action, milestone: Any
) -> HttpResponse:
    return render(
        request,
        "actions/plans/milestone_form.html",
        {
            "form": form,
            "action": action,
            "milestone": milestone,
            "plan": action.plan,
            "lab": action.lab,
            "hidden_lab": not request.user.has_perm("actions.view_plan", action.plan),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, perm="actions.change_action")
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect(f"{action.get_absolute_url()}#milestones-title")
    return _milestone_page(request, form, action, None)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, perm="actions.change_action")
    milestone = get_milestone_for_user(request.user, action, milestone_pk)
    form = MilestoneForm(
        request.POST or None,
        initial={
            "title": milestone.title,
            "due_date": milestone.due_date,
            "done_on": milestone.done_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                action=action, by=request.user, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(f"{action.get_absolute_url()}#milestones-title")
    return _milestone_page(request, form, action, milestone)


@login_required
@require_POST
def milestone_reached(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, perm="actions.change_action")
    milestone = get_milestone_for_user(request.user, action, milestone_pk)
    services.milestone_save(
        action=action,
        by=request.user,
        milestone=milestone,
        title=milestone.title,
        due_date=milestone.due_date,
        done_on=milestone.done_on or today(),
    )
    messages.success(request, _("“%(title)s” is marked reached.") % {"title": milestone.title})
    return redirect(f"{action.get_absolute_url()}#milestones-title")


@login_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, perm="actions.change_action")
    milestone = get_milestone_for_user(request.user, action, milestone_pk)
    services.milestone_delete(milestone=milestone, by=request.user)
    messages.success(request, _("The milestone was removed."))
    return redirect(f"{action.get_absolute_url()}#milestones-title")


urlpatterns: list[URLPattern] = [
    path("labs/<int:lab_pk>/plans/new/", plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", plan_delete, name="plan_delete"),
    path("plans/<int:pk>/actions/new/", action_create, name="action_create"),
    path("actions/<int:pk>/", action_detail, name="action"),
    path("actions/<int:pk>/edit/", action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", action_delete, name="action_delete"),
    path("actions/<int:pk>/progress/", progress_add, name="progress_add"),
    path("actions/<int:pk>/milestones/new/", milestone_add, name="milestone_add"),
    path("actions/<int:pk>/milestones/<int:milestone_pk>/", milestone_edit, name="milestone_edit"),
    path(
        "actions/<int:pk>/milestones/<int:milestone_pk>/reached/",
        milestone_reached,
        name="milestone_reached",
    ),
    path(
        "actions/<int:pk>/milestones/<int:milestone_pk>/delete/",
        milestone_delete,
        name="milestone_delete",
    ),
    path("actions/<int:pk>/updates/<int:update_pk>/evidence/", evidence, name="evidence"),
]
