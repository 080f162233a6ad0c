"""get_<thing>_for_user: every actions object a URL names is fetched here.

As in labs: an object of a lab the user may not see is a 404, not a 403;
one the user may see but not change is a 403 for the write `perm`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from actions.models import (
    Action,
    ActionPlan,
    Community,
    Curriculum,
    CurriculumModule,
    Milestone,
    Pledge,
    ProgressUpdate,
    Proposal,
)


def _check(user: Any, obj: Any, *, view: str, perm: str | None) -> None:
    if not user.has_perm(view, obj):
        raise Http404
    if perm and perm != view and not user.has_perm(perm, obj):
        raise PermissionDenied


def get_proposal_for_user(user: Any, pk: int, *, perm: str | None = None) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("lab", "challenge", "created_by"), pk=pk
    )
    _check(user, proposal, view="actions.view_proposal", perm=perm)
    return proposal


def get_pledge_for_user(user: Any, proposal: Proposal, pk: int) -> Pledge:
    """A pledge of a proposal already fetched through get_proposal_for_user."""
    return get_object_or_404(
        Pledge.objects.select_related("organisation"), proposal=proposal, pk=pk
    )


def get_plan_for_user(user: Any, pk: int, *, perm: str | None = None) -> ActionPlan:
    plan = get_object_or_404(
        ActionPlan.objects.select_related("lab", "challenge", "proposal"), pk=pk
    )
    _check(user, plan, view="actions.view_plan", perm=perm)
    return plan


def get_action_for_user(user: Any, pk: int, *, perm: str | None = None) -> Action:
    action = get_object_or_404(
        Action.objects.select_related("plan", "lab", "lead_agency", "owner"), pk=pk
    )
    _check(user, action, view="actions.view_action", perm=perm)
    return action


def get_milestone_for_user(user: Any, action: Action, pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.all(), action=action, pk=pk)


def get_update_for_user(user: Any, action: Action, pk: int) -> ProgressUpdate:
    return get_object_or_404(ProgressUpdate.objects.all(), action=action, pk=pk)


def get_community_for_user(user: Any, pk: int, *, perm: str | None = None) -> Community:
    community = get_object_or_404(Community.objects.select_related("lab"), pk=pk)
    _check(user, community, view="actions.view_output", perm=perm)
    return community


def get_curriculum_for_user(user: Any, pk: int, *, perm: str | None = None) -> Curriculum:
    curriculum = get_object_or_404(Curriculum.objects.select_related("lab"), pk=pk)
    _check(user, curriculum, view="actions.view_output", perm=perm)
    return curriculum


def get_module_for_user(user: Any, curriculum: Curriculum, pk: int) -> CurriculumModule:
    """A module of a curriculum already fetched through get_curriculum_for_user."""
    return get_object_or_404(CurriculumModule.objects.all(), curriculum=curriculum, pk=pk)
