"""get_<thing>_for_user: every boards object a URL names is fetched here.

A board of a lab the user may not see is a 404. Joining by code is the one
way in without an account: `get_board_by_code` finds an open board by its
code, whatever the lab's visibility, because the code was shown in the room.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from boards.models import Board, Method, Persona


def _check(user: Any, obj: Any, *, view: str, perm: str | None) -> None:
    if not user.has_perm(view, obj):
        raise Http404
    if perm and perm != view and not user.has_perm(perm, obj):
        raise PermissionDenied


def _boards() -> Any:
    return Board.objects.select_related("lab", "workshop", "method", "challenge", "group")


def get_board_for_user(user: Any, pk: int, *, perm: str | None = None) -> Board:
    board = get_object_or_404(_boards(), pk=pk)
    _check(user, board, view="boards.view_board", perm=perm)
    return board


def get_board_by_code(code: str) -> Board:
    """The board a join code names (any case, spaces ignored); 404 if none."""
    code = "".join(str(code).split()).upper()
    if not code or len(code) > 12:
        raise Http404
    return get_object_or_404(_boards(), code=code)


def get_method_for_user(user: Any, pk: int, *, lab: Any = None, perm: str | None = None) -> Method:
    """A built-in method, or a lab's own (of `lab` when the URL names one)."""
    method = get_object_or_404(Method.objects.select_related("lab"), pk=pk)
    if method.lab_id is None:
        if perm and perm != "boards.view_method":
            raise PermissionDenied  # built-in methods change only by migration
        return method
    if lab is not None and method.lab_id != lab.pk:
        raise Http404
    _check(user, method, view="boards.view_method", perm=perm)
    return method


def get_persona_for_user(user: Any, pk: int, *, lab: Any, perm: str | None = None) -> Persona:
    persona = get_object_or_404(Persona.objects.select_related("lab", "board"), pk=pk, lab=lab)
    _check(user, persona, view="boards.view_persona", perm=perm)
    return persona
