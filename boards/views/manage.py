"""Managing boards, methods and personas of a lab.

Routes (names under the `boards` namespace):
    labs/<lab_pk>/boards/                      lab_boards
    labs/<lab_pk>/boards/new/                  board_create   (?workshop=<pk>&session=&group=&challenge=)
    boards/<pk>/                               manage         settings, participants, exports
    boards/<pk>/edit/                          board_edit
    boards/<pk>/link/                          participant_link  (POST) a typed organisation → the directory
    boards/<pk>/export.<fmt>                   export         csv | xlsx | pdf
    labs/<lab_pk>/methods/                     methods
    labs/<lab_pk>/methods/new/                 method_create  (?copy=<pk>)
    labs/<lab_pk>/methods/<pk>/                method
    labs/<lab_pk>/methods/<pk>/edit/           method_edit
    labs/<lab_pk>/methods/<pk>/delete/         method_delete
    labs/<lab_pk>/personas/                    personas
    labs/<lab_pk>/personas/<pk>/               persona
    labs/<lab_pk>/personas/<pk>/edit/          persona_edit
    labs/<lab_pk>/personas/<pk>/delete/        persona_delete

Views parse, check access (boards.access, labs.access) and call a service
or a live operation; they never save a model themselves.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from boards import services
from boards.access import get_board_for_user, get_method_for_user, get_persona_for_user
from boards.exports import CONTENT_TYPES, EXPORTS, board_content, export_board, export_filename
from boards.forms import (
    BoardCreateForm,
    BoardEditForm,
    BoardFilterForm,
    MethodForm,
    ParticipantLinkForm,
    PersonaForm,
    local_name,
    method_initial,
    methods_for,
    persona_text_fields,
)
from boards.methods import VULNERABLE_GROUPS
from boards.models import Board, Method, Participant, Persona
from boards.selectors import boards_of_lab, contributions
from labs.access import get_lab_for_user
from labs.models import Lab, Stakeholder
from lib.forms import add_service_errors

# --- Methods in words ------------------------------------------------------------

LAYOUTS = {
    "columns": gettext_lazy("Columns side by side"),
    "grid": gettext_lazy("A grid of quadrants"),
    "layers": gettext_lazy("Layers, one below the other"),
    "canvas": gettext_lazy("A canvas of cards"),
    "free": gettext_lazy("A free board"),
}
NOTE_KINDS = {
    "note": gettext_lazy("Sticky notes"),
    "idea": gettext_lazy("Ideas"),
    "persona": gettext_lazy("Persona cards"),
    "story": gettext_lazy("Stories"),
    "stakeholder": gettext_lazy("Stakeholders"),
}
FIELD_TYPES = {
    "text": gettext_lazy("short text"),
    "textarea": gettext_lazy("longer text"),
    "tags": gettext_lazy("pick from a list"),
}
COLORS = {
    "yellow": gettext_lazy("yellow"),
    "green": gettext_lazy("green"),
    "red": gettext_lazy("red"),
    "blue": gettext_lazy("blue"),
    "orange": gettext_lazy("orange"),
    "purple": gettext_lazy("purple"),
    "pink": gettext_lazy("pink"),
    "grey": gettext_lazy("grey"),
    "white": gettext_lazy("white"),
    "black": gettext_lazy("black"),
}


def _names(items: list[dict[str, Any]]) -> str:
    return ", ".join(local_name(item) for item in items)


def describe_definition(definition: dict[str, Any]) -> dict[str, Any]:
    """A method's definition in words, for people rather than for JSON readers."""
    note = definition.get("note", {})
    rules = definition.get("rules", {})
    zones = [
        {
            "key": zone["key"],
            "name": local_name(zone),
            "color": zone.get("color", ""),
            "color_label": COLORS.get(zone.get("color", ""), ""),
            "power": zone.get("power"),
            "interest": zone.get("interest"),
        }
        for zone in definition.get("zones", [])
    ]
    fields = [
        {
            "key": field["key"],
            "name": local_name(field),
            "type": FIELD_TYPES.get(field.get("type", "text"), field.get("type", "")),
            "choices": [local_name(choice) for choice in field.get("choices", [])],
        }
        for field in note.get("fields", [])
    ]
    said: list[str] = []
    if rules.get("notes_per_person"):
        n = rules["notes_per_person"]
        said.append(
            ngettext(
                "Each person writes at most %(n)d note in each zone.",
                "Each person writes at most %(n)d notes in each zone.",
                n,
            )
            % {"n": n}
        )
    if rules.get("voting"):
        n = rules.get("dots_per_person", 3)
        said.append(
            ngettext(
                "Dot voting: %(n)d dot per person; totals shown when the facilitator reveals them.",
                "Dot voting: %(n)d dots per person; totals shown when the facilitator reveals them.",
                n,
            )
            % {"n": n}
        )
    if rules.get("links") == "next_zone":
        said.append(_("A note can be linked to notes in the layer below."))
    if rules.get("rounds"):
        said.append(
            _("Rounds, in order: %(rounds)s.")
            % {"rounds": " → ".join(local_name(r) for r in rules["rounds"])}
        )
    if rules.get("round_options"):
        said.append(
            _("Rounds a facilitator may add: %(rounds)s.")
            % {"rounds": _names(rules["round_options"])}
        )
    if rules.get("directory"):
        said.append(
            _(
                "A note can name an organisation or a person from the directory; on a board "
                "with a challenge, they become the challenge's stakeholders."
            )
        )
    if rules.get("revisit_zone"):
        zone = next((z for z in zones if z["key"] == rules["revisit_zone"]), None)
        said.append(
            _("At the close, the room revisits “%(zone)s”.")
            % {"zone": zone["name"] if zone else rules["revisit_zone"]}
        )
    if rules.get("draw_zones"):
        said.append(_("The facilitator draws, renames and removes zones."))
    if rules.get("private"):
        said.append(_("Starts in private mode: people see only their own notes until revealed."))
    if rules.get("anonymous"):
        said.append(_("Starts in anonymous mode: notes show no author."))
    return {
        "layout": LAYOUTS.get(definition.get("layout", "columns"), definition.get("layout")),
        "kind": NOTE_KINDS.get(note.get("kind", "note"), note.get("kind")),
        "max_length": note.get("max_length"),
        "zones": zones,
        "fields": fields,
        "tags": [local_name(tag) for tag in note.get("tags", [])],
        "rules": said,
    }


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


# --- Boards of a lab ---------------------------------------------------------------


def lab_boards(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    form = BoardFilterForm(request.GET or None, lab=lab)
    boards = boards_of_lab(lab=lab).select_related("session")
    workshop = None
    if form.is_valid() and form.cleaned_data.get("workshop"):
        workshop = form.cleaned_data["workshop"]
        boards = boards.filter(workshop=workshop)
    return render(
        request,
        "boards/manage/lab_boards.html",
        {
            "lab": lab,
            "boards": list(boards),
            "filter_form": form,
            "workshop": workshop,
            "can_run": request.user.has_perm("boards.run_board", lab),
            "can_add": request.user.has_perm("boards.add_board", lab),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk, perm="boards.add_board")
    initial = {
        name: value
        for name in ("workshop", "session", "group", "challenge")
        if (value := _int_param(request, name)) is not None
    }
    form = BoardCreateForm(request.POST or None, lab=lab, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            if form.cleaned_data.get("per_group"):
                kwargs.pop("group")
                made = services.boards_create_for_groups(lab=lab, by=request.user, **kwargs)
            else:
                made = [services.board_create(lab=lab, by=request.user, **kwargs)]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if len(made) == 1:
                messages.success(
                    request,
                    _("The board is ready. Its join code is %(code)s.") % {"code": made[0].code},
                )
                return redirect("boards:manage", pk=made[0].pk)
            messages.success(
                request,
                ngettext("%(n)d board was created.", "%(n)d boards were created.", len(made))
                % {"n": len(made)},
            )
            url = reverse("boards:lab_boards", args=[lab.pk])
            if made[0].workshop_id:
                url += f"?workshop={made[0].workshop_id}"
            return redirect(url)
    return render(
        request,
        "boards/manage/board_form.html",
        {"lab": lab, "form": form, "board": None},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- One board ------------------------------------------------------------------------


def _board_page(
    request: HttpRequest,
    board: Board,
    *,
    link_form: ParticipantLinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The facilitators' page of a board, in a fixed number of queries."""
    content = board_content(board)
    participants = list(
        Participant.objects.filter(board=board).select_related("organisation", "user")
    )
    by_participant = {participant.pk: participant for participant in participants}
    contributors: dict[str, dict[str, Any]] = {}
    for row in contributions(boards=Board.objects.filter(pk=board.pk)):
        participant = by_participant.get(row.participant_id)
        if participant is None:
            continue
        label = participant.organisation_label or _("No organisation given")
        entry = contributors.setdefault(
            label,
            {
                "label": label,
                "organisation": participant.organisation,
                "linked": participant.organisation_id is not None,
                "people": [],
                "notes": 0,
            },
        )
        entry["people"].append(participant.display_name)
        entry["notes"] += row.notes
    stakeholders = list(
        Stakeholder.objects.filter(board_notes__board=board, board_notes__deleted_at__isnull=True)
        .select_related("organisation", "person")
        .distinct()
        .order_by("pk")
    )
    hidden: dict[str, int] = defaultdict(int)
    for note in content.notes:
        if note.hidden:
            hidden[note.zone] += 1
    zones = [
        {"zone": zone, "count": len(zone.notes), "hidden": hidden.get(zone.key, 0)}
        for zone in content.zones
    ]
    typed = str(link_form.data.get("participant") or "") if link_form is not None else ""
    bound_id = int(typed) if typed.isdigit() else 0
    rows = []
    for participant in participants:
        form = None
        if participant.organisation_id is None and participant.user_id is None:
            form = (
                link_form
                if bound_id == participant.pk
                else ParticipantLinkForm(
                    initial={
                        "participant": participant.pk,
                        "organisation": participant.organisation_text,
                    },
                    auto_id=f"id_p{participant.pk}_%s",
                )
            )
        rows.append({"participant": participant, "form": form})
    return render(
        request,
        "boards/manage/manage.html",
        {
            "lab": board.lab,
            "board": board,
            "content": content,
            "description": describe_definition(board.definition),
            "zones": zones,
            "participants": rows,
            "contributors": sorted(contributors.values(), key=lambda e: -int(e["notes"])),
            "stakeholders": stakeholders,
            "formats": list(EXPORTS),
            "can_export": request.user.has_perm("boards.export_board", board),
        },
        status=status,
    )


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_board_for_user(request.user, pk, perm="boards.run_board")
    return _board_page(request, board)


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_board_for_user(request.user, pk, perm="boards.change_board")
    form = BoardEditForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_update(board=board, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("boards:manage", pk=board.pk)
    return render(
        request,
        "boards/manage/board_form.html",
        {"lab": board.lab, "form": form, "board": board},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def participant_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A facilitator links the organisation a participant typed to the directory."""
    board = get_board_for_user(request.user, pk, perm="boards.run_board")
    form = ParticipantLinkForm(request.POST)
    if not form.is_valid():
        return _board_page(request, board, link_form=form, status=400)
    organisation = form.cleaned_data["organisation"]
    participant = board.participants.filter(pk=form.cleaned_data["participant"]).first()
    if participant is None:
        messages.error(request, _("There is no such participant on this board."))
    else:
        services.participant_link(
            participant=participant, organisation=organisation, by=request.user
        )
        messages.success(
            request,
            _("Linked to %(organisation)s.") % {"organisation": organisation.display_name},
        )
    return redirect(reverse("boards:manage", args=[board.pk]) + "#participants")


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if fmt not in EXPORTS:
        raise Http404
    board = get_board_for_user(request.user, pk, perm="boards.export_board")
    return FileResponse(
        io.BytesIO(export_board(board, fmt)),
        as_attachment=True,
        filename=export_filename(board, fmt),
        content_type=CONTENT_TYPES[fmt],
    )


# --- Methods ----------------------------------------------------------------------------


def methods(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    builtin: list[dict[str, Any]] = []
    own: list[dict[str, Any]] = []
    for method in methods_for(lab):
        item = {"method": method, "description": describe_definition(method.definition)}
        (builtin if method.is_builtin else own).append(item)
    return render(
        request,
        "boards/manage/methods.html",
        {
            "lab": lab,
            "builtin": builtin,
            "own": own,
            "can_add": request.user.has_perm("boards.add_method", lab),
        },
    )


def method_detail(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    method = get_method_for_user(request.user, pk, lab=lab)
    can_change = method.lab_id is not None and request.user.has_perm("boards.change_method", method)
    return render(
        request,
        "boards/manage/method_detail.html",
        {
            "lab": lab,
            "method": method,
            "description": describe_definition(method.definition),
            "used_by": Board.objects.filter(method=method).count() if can_change else 0,
            "can_change": can_change,
            "can_add": request.user.has_perm("boards.add_method", lab),
        },
    )


def _method_form_page(
    request: HttpRequest, lab: Lab, form: MethodForm, method: Method | None
) -> HttpResponse:
    return render(
        request,
        "boards/manage/method_form.html",
        {"lab": lab, "form": form, "method": method},
        status=400 if form.is_bound and form.errors else 200,
    )


def _method_errors(form: MethodForm, error: ValidationError) -> None:
    """A definition's problems go next to the definition; the others where they belong."""
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        form.add_error("definition", error)


@login_required
@require_http_methods(["GET", "POST"])
def method_create(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk, perm="boards.add_method")
    initial: dict[str, Any] = {}
    if (copy_pk := _int_param(request, "copy")) is not None:
        source = get_method_for_user(request.user, copy_pk, lab=lab)
        initial = method_initial(source, copy=True)
    form = MethodForm(request.POST or None, lab=lab, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.method_create(lab=lab, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            _method_errors(form, error)
        else:
            messages.success(request, _("The method was saved."))
            return redirect("boards:method", lab_pk=lab.pk, pk=method.pk)
    return _method_form_page(request, lab, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def method_edit(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    method = get_method_for_user(request.user, pk, lab=lab, perm="boards.change_method")
    form = MethodForm(request.POST or None, lab=lab, method=method)
    if request.method == "POST" and form.is_valid():
        try:
            services.method_update(method=method, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            method.refresh_from_db()
            _method_errors(form, error)
        else:
            messages.success(request, _("The method was saved."))
            return redirect("boards:method", lab_pk=lab.pk, pk=method.pk)
    return _method_form_page(request, lab, form, method)


@login_required
@require_http_methods(["GET", "POST"])
def method_delete(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    method = get_method_for_user(request.user, pk, lab=lab, perm="boards.change_method")
    if request.method == "POST":
        try:
            services.method_delete(method=method, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("boards:method", lab_pk=lab.pk, pk=method.pk)
        messages.success(request, _("The method was deleted."))
        return redirect("boards:methods", lab_pk=lab.pk)
    return render(
        request,
        "boards/manage/confirm_delete.html",
        {
            "lab": lab,
            "what": method.name,
            "cancel_url": reverse("boards:method", args=[lab.pk, method.pk]),
            "section": _("Methods"),
            "section_url": reverse("boards:methods", args=[lab.pk]),
        },
    )


# --- Personas -----------------------------------------------------------------------------


def _group_names() -> dict[str, str]:
    return {group["key"]: local_name(group) for group in VULNERABLE_GROUPS}


def personas(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    names = _group_names()
    cards = [
        {
            "persona": persona,
            "segment": (persona.fields or {}).get("segment", ""),
            "quote": (persona.fields or {}).get("quote", ""),
            "groups": [names.get(key, key) for key in persona.vulnerable_groups or []],
        }
        for persona in Persona.objects.filter(lab=lab).select_related("board")
    ]
    return render(
        request,
        "boards/manage/personas.html",
        {
            "lab": lab,
            "cards": cards,
            "can_edit": request.user.has_perm("boards.change_persona", lab),
            "can_run": request.user.has_perm("boards.run_board", lab),
        },
    )


def persona_detail(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    persona = get_persona_for_user(request.user, pk, lab=lab)
    values = persona.fields or {}
    known = {spec["key"] for spec in persona_text_fields()} | {"vulnerable_groups"}
    rows = [
        {"label": local_name(spec), "value": values.get(spec["key"], ""), "key": spec["key"]}
        for spec in persona_text_fields()
    ]
    # Fields of a lab's own persona method that the standard canvas lacks,
    # named as that board's method names them.
    board_fields = (
        persona.board.definition.get("note", {}).get("fields", []) if persona.board else []
    )
    names = {spec["key"]: local_name(spec) for spec in board_fields}
    rows += [
        {"label": names.get(key, key), "value": value, "key": key}
        for key, value in values.items()
        if key not in known and isinstance(value, str)
    ]
    group_names = _group_names()
    return render(
        request,
        "boards/manage/persona_detail.html",
        {
            "lab": lab,
            "persona": persona,
            "rows": rows,
            "groups": [group_names.get(key, key) for key in persona.vulnerable_groups or []],
            "can_edit": request.user.has_perm("boards.change_persona", persona),
            "can_run": request.user.has_perm("boards.run_board", lab),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def persona_edit(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    persona = get_persona_for_user(request.user, pk, lab=lab, perm="boards.change_persona")
    form = PersonaForm(request.POST or None, persona=persona)
    if request.method == "POST" and form.is_valid():
        try:
            services.persona_update(persona=persona, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The persona was saved."))
            return redirect("boards:persona", lab_pk=lab.pk, pk=persona.pk)
    return render(
        request,
        "boards/manage/persona_form.html",
        {"lab": lab, "persona": persona, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def persona_delete(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    persona = get_persona_for_user(request.user, pk, lab=lab, perm="boards.change_persona")
    if request.method == "POST":
        services.persona_delete(persona=persona, by=request.user)
        messages.success(request, _("The persona was deleted."))
        return redirect("boards:personas", lab_pk=lab.pk)
    return render(
        request,
        "boards/manage/confirm_delete.html",
        {
            "lab": lab,
            "what": persona.name,
            "cancel_url": reverse("boards:persona", args=[lab.pk, persona.pk]),
            "section": _("Personas"),
            "section_url": reverse("boards:personas", args=[lab.pk]),
        },
    )


urlpatterns: list[URLPattern] = [
    path("labs/<int:lab_pk>/boards/", lab_boards, name="lab_boards"),
    path("labs/<int:lab_pk>/boards/new/", board_create, name="board_create"),
    path("boards/<int:pk>/", manage, name="manage"),
    path("boards/<int:pk>/edit/", board_edit, name="board_edit"),
    path("boards/<int:pk>/link/", participant_link, name="participant_link"),
    path("boards/<int:pk>/export.<str:fmt>", export, name="export"),
    path("labs/<int:lab_pk>/methods/", methods, name="methods"),
    path("labs/<int:lab_pk>/methods/new/", method_create, name="method_create"),
    path("labs/<int:lab_pk>/methods/<int:pk>/", method_detail, name="method"),
    path("labs/<int:lab_pk>/methods/<int:pk>/edit/", method_edit, name="method_edit"),
    path("labs/<int:lab_pk>/methods/<int:pk>/delete/", method_delete, name="method_delete"),
    path("labs/<int:lab_pk>/personas/", personas, name="personas"),
    path("labs/<int:lab_pk>/personas/<int:pk>/", persona_detail, name="persona"),
    path("labs/<int:lab_pk>/personas/<int:pk>/edit/", persona_edit, name="persona_edit"),
    path("labs/<int:lab_pk>/personas/<int:pk>/delete/", persona_delete, name="persona_delete"),
]
