"""get_<thing>_for_user: every workshops object a URL names is fetched here.

As for labs, a workshop of a members-only lab the user may not see is a
404 (its existence is the members' business); one the user may see but not
change is a 403 for the write `perm`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from workshops.models import BreakoutGroup, Link, Session, Speaker, Workshop

VIEW = "workshops.view_workshop"


def _check(user: Any, workshop: Workshop, perm: str | None) -> None:
    if not user.has_perm(VIEW, workshop):
        raise Http404
    if perm and perm != VIEW and not user.has_perm(perm, workshop):
        raise PermissionDenied


def get_workshop_for_user(user: Any, pk: int, *, perm: str | None = None) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.select_related("lab"), pk=pk)
    _check(user, workshop, perm)
    return workshop


def get_session_for_user(
    user: Any, workshop_pk: int, pk: int, *, perm: str | None = None
) -> Session:
    """The session `pk` of the workshop `workshop_pk` (a URL names both)."""
    session = get_object_or_404(
        Session.objects.select_related("workshop__lab"), workshop_id=workshop_pk, pk=pk
    )
    _check(user, session.workshop, perm)
    return session


def get_speaker_for_user(user: Any, session: Session, pk: int) -> Speaker:
    """A speaker of a session already fetched through get_session_for_user."""
    return get_object_or_404(Speaker.objects.select_related("person"), session=session, pk=pk)


def get_link_for_user(user: Any, workshop: Workshop, pk: int) -> Link:
    return get_object_or_404(Link.objects.all(), workshop=workshop, pk=pk)


def get_group_for_user(user: Any, session: Session, pk: int) -> BreakoutGroup:
    return get_object_or_404(BreakoutGroup.objects.all(), session=session, pk=pk)
