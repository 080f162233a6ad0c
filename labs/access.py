"""get_<thing>_for_user: every labs object a URL names is fetched here.

A members-only lab the user may not see is a 404, not a 403: its name and
existence are the members' business. A lab the user may see but not change
is a 403 for the write `perm`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from labs.models import Challenge, ChallengeAttachment, Lab, Member, Stakeholder, Team


def _check(user: Any, obj: Any, *, view: str, perm: str | None) -> None:
    if not user.has_perm(view, obj):
        raise Http404
    if perm and perm != view and not user.has_perm(perm, obj):
        raise PermissionDenied


def get_lab_for_user(user: Any, pk: int, *, perm: str | None = None) -> Lab:
    lab = get_object_or_404(Lab.objects.select_related("process"), pk=pk)
    _check(user, lab, view="labs.view_lab", perm=perm)
    return lab


def get_challenge_for_user(
    user: Any, pk: int, *, lab_pk: int | None = None, perm: str | None = None
) -> Challenge:
    """The challenge `pk` (of the lab `lab_pk` when a URL names both)."""
    queryset = Challenge.objects.select_related("lab__process", "stage__process", "facet")
    if lab_pk is not None:
        queryset = queryset.filter(lab_id=lab_pk)
    challenge = get_object_or_404(queryset, pk=pk)
    _check(user, challenge, view="labs.view_challenge", perm=perm)
    return challenge


def get_member_for_user(user: Any, lab: Lab, pk: int) -> Member:
    """A member of a lab already fetched through get_lab_for_user."""
    return get_object_or_404(
        Member.objects.select_related("person", "organisation"), lab=lab, pk=pk
    )


def get_team_for_user(user: Any, challenge: Challenge, pk: int) -> Team:
    return get_object_or_404(Team.objects.all(), challenge=challenge, pk=pk)


def get_stakeholder_for_user(user: Any, challenge: Challenge, pk: int) -> Stakeholder:
    return get_object_or_404(
        Stakeholder.objects.select_related("organisation", "person"), challenge=challenge, pk=pk
    )


def get_attachment_for_user(user: Any, challenge: Challenge, pk: int) -> ChallengeAttachment:
    """An attachment of a challenge already fetched through get_challenge_for_user."""
    return get_object_or_404(ChallengeAttachment.objects.all(), challenge=challenge, pk=pk)
