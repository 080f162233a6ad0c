"""Live board pages: join by code, the board on a phone or laptop, the projector.

Routes (names under the `boards` namespace):
    b/                      join_code   enter a code (any case, spaces ignored)
    b/<code>/               board       the live board (participant; facilitator controls)
    b/<code>/join/          join        display name + organisation, sets the participant cookie
    b/<code>/projector/     projector   the big screen (facilitators), with the QR code
    b/<code>/qr.svg         qr          QR code of the join URL (segno)

How a person gets onto a board
------------------------------
The code on the projector (or its QR code) is the invitation, so every page
here finds its board with `access.get_board_by_code`, whatever the lab's
visibility. A signed-in person is on the board as themselves: the page
renders straight away and the websocket consumer makes their participant
(`services.participant_for_user`). Anyone else joins once with a display
name and an organisation; `services.participant_join` gives a token that
this module stores in the board's own cookie (`services.cookie_name`,
httponly, SameSite=Lax), which the websocket reads on connect. A phone
without that cookie is sent to the join page.

When a facilitator moves the room to another board, phones go to
`/b/<new>/?from=<old>`: the join page of the new board reads the old
board's cookie and offers to continue with the same name and organisation,
so moving takes one tap.

The pages only render a shell and the facts the client needs (config as
JSON: the websocket path, URLs, the lab's open boards for facilitators);
everything live comes over the websocket and is drawn by static/js/board.js.
Nothing here writes except through services.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boards import selectors, services
from boards.access import get_board_by_code
from boards.forms_live import JoinCodeForm, JoinForm, normalise_code
from boards.models import Board, Participant
from lib.forms import add_service_errors


def _is_facilitator(request: HttpRequest, board: Board) -> bool:
    return bool(request.user.is_authenticated and request.user.has_perm("boards.run_board", board))


def _participant(request: HttpRequest, board: Board) -> Participant | None:
    return services.participant_from_token(board, request.COOKIES.get(services.cookie_name(board)))


def _from_code(request: HttpRequest) -> str:
    code = normalise_code(request.GET.get("from", ""))
    return code if 0 < len(code) <= 12 else ""


def _previous_participant(request: HttpRequest, code: str) -> Participant | None:
    """The participant this phone was on the board the room came from."""
    if not code:
        return None
    try:
        previous = get_board_by_code(code)
    except Http404:
        return None
    return _participant(request, previous)


def _with_from(url: str, code: str) -> str:
    return f"{url}?{urlencode({'from': code})}" if code else url


def _optional_url(name: str, *args: Any) -> str:
    """URLs of pages another part of the app serves; empty if not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- entering a code ----------------------------------------------------------


@require_GET
def join_code(request: HttpRequest) -> HttpResponse:
    """A big box for the code on the projector; /b/?code=abc 123 goes to the board."""
    form = JoinCodeForm(request.GET if "code" in request.GET else None)
    status = 200
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if Board.objects.filter(code=code).exists():
            return redirect("boards:board", code=code)
        form.add_error(
            "code",
            _("No board has the code %(code)s. Check the code on the screen and try again.")
            % {"code": code},
        )
        status = 404
    return render(request, "boards/live/join_code.html", {"form": form}, status=status)


# --- joining ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """A display name and an organisation, then the board's cookie."""
    board = get_board_by_code(code)
    if board.code != code:
        return redirect(_with_from(reverse("boards:join", args=[board.code]), _from_code(request)))
    if request.user.is_authenticated or _participant(request, board) is not None:
        return redirect("boards:board", code=board.code)
    from_code = _from_code(request)
    previous = _previous_participant(request, from_code)
    context: dict[str, Any] = {"board": board, "previous": previous, "from_code": from_code}
    if board.status != Board.Status.OPEN:
        context["closed"] = True
        return render(request, "boards/live/join.html", context)
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                _participant_made, token = services.participant_join(
                    board=board,
                    display_name=form.cleaned_data["display_name"],
                    organisation=form.cleaned_data.get("organisation"),
                    organisation_text=form.cleaned_data.get("organisation_text") or "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                response = redirect("boards:board", code=board.code)
                response.set_cookie(
                    services.cookie_name(board),
                    token,
                    max_age=services.COOKIE_MAX_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
                return response
    else:
        initial: dict[str, Any] = {}
        if previous is not None:
            initial = {
                "display_name": previous.display_name,
                "organisation": previous.organisation_id,
                "organisation_text": str(previous.organisation)
                if previous.organisation_id
                else previous.organisation_text,
            }
        form = JoinForm(initial=initial)
    context["form"] = form
    context["suggest_url"] = reverse("search:suggest")
    return render(request, "boards/live/join.html", context)


# --- the board ----------------------------------------------------------------------


def _config(request: HttpRequest, board: Board, *, mode: str, facilitator: bool) -> dict[str, Any]:
    """What board.js needs to start, rendered into the page as JSON."""
    config: dict[str, Any] = {
        "code": board.code,
        "mode": mode,
        "facilitator": facilitator,
        "ws": f"/ws/boards/{board.code}/" + ("?view=projector" if mode == "projector" else ""),
        "urls": {
            "board": reverse("boards:board", args=[board.code]),
            "join": reverse("boards:join", args=[board.code]),
            "suggest": reverse("search:suggest"),
            "board_pattern": reverse("boards:board", args=["CODE"]),
            "projector_pattern": reverse("boards:projector", args=["CODE"]),
        },
        "from": _from_code(request),
    }
    if facilitator:
        config["urls"]["projector"] = reverse("boards:projector", args=[board.code])
        config["urls"]["manage"] = _optional_url("boards:manage", board.pk)
        config["boards"] = [
            {"id": other.pk, "code": other.code, "title": other.title}
            for other in selectors.boards_of_lab(lab=board.lab)
            .filter(status=Board.Status.OPEN)
            .exclude(pk=board.pk)
            .order_by("-created_at", "-pk")[:100]
        ]
    return config


@require_GET
def board(request: HttpRequest, code: str) -> HttpResponse:
    """The live board: a shell that static/js/board.js fills over the websocket."""
    found = get_board_by_code(code)
    if found.code != code:
        return redirect(_with_from(reverse("boards:board", args=[found.code]), _from_code(request)))
    facilitator = _is_facilitator(request, found)
    if not request.user.is_authenticated and _participant(request, found) is None:
        return redirect(_with_from(reverse("boards:join", args=[found.code]), _from_code(request)))
    return render(
        request,
        "boards/live/board.html",
        {
            "board": found,
            "facilitator": facilitator,
            "config": _config(request, found, mode="board", facilitator=facilitator),
            "manage_url": _optional_url("boards:manage", found.pk) if facilitator else "",
        },
    )


@require_GET
def projector(request: HttpRequest, code: str) -> HttpResponse:
    """The big screen of the room: read-only, the code and QR code to join."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = get_board_by_code(code)
    if not _is_facilitator(request, found):
        raise PermissionDenied
    join_url = request.build_absolute_uri(reverse("boards:board", args=[found.code]))
    return render(
        request,
        "boards/live/projector.html",
        {
            "board": found,
            "join_url": join_url,
            "join_code_url": request.build_absolute_uri(reverse("boards:join_code")),
            "config": _config(request, found, mode="projector", facilitator=False),
        },
    )


@require_GET
def qr(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code of the board's address, for the projector (SVG)."""
    found = get_board_by_code(code)
    url = request.build_absolute_uri(reverse("boards:board", args=[found.code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=10,
        border=2,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title=_("Scan to join the board"),
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=3600)
    return response


urlpatterns = [
    path("b/", join_code, name="join_code"),
    path("b/<str:code>/", board, name="board"),
    path("b/<str:code>/join/", join, name="join"),
    path("b/<str:code>/projector/", projector, name="projector"),
    path("b/<str:code>/qr.svg", qr, name="qr"),
]
