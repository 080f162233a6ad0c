"""Proposal pages, and the page that turns a board's notes into outputs.

Routes (names under the `actions` namespace):
    labs/<lab_pk>/proposals/                    lab_proposals   (?kind=&status=)
    labs/<lab_pk>/proposals/new/                proposal_create (?kind=policy|project&notes=1,2&personas=3)
    proposals/<pk>/                             proposal
    proposals/<pk>/edit/                        proposal_edit
    proposals/<pk>/history/                     proposal_history
    proposals/<pk>/status/                      proposal_status   (POST)
    proposals/<pk>/comments/                    proposal_comment  (POST)
    proposals/<pk>/endorsements/                proposal_endorse  (POST)
    proposals/<pk>/pledges/new/                 pledge_add
    proposals/<pk>/pledges/<pledge_pk>/         pledge_edit
    boards/<board_pk>/outputs/                  from_board  (?notes=&personas=&go=policy|project|action&plan=)

Views parse, check access (actions.access, labs.access, boards.access) and
call a service; they never save a model themselves.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import is_administrator
from actions.access import get_pledge_for_user, get_proposal_for_user
from actions.forms.proposals import (
    CommentForm,
    EndorseForm,
    PledgeForm,
    ProposalForm,
    StatusForm,
)
from actions.models import Pledge, Proposal
from actions.selectors import lineage as lineage_selectors
from actions.selectors import proposals as selectors
from actions.services import proposals as services
from actions.views import query_ids
from boards.access import get_board_for_user
from labs.access import get_lab_for_user
from labs.models import Lab
from labs.rules import can_run_lab
from lib.forms import add_service_errors


def _status(form: Form) -> int:
    return 400 if form.is_bound and form.errors else 200


# --- A lab's proposals -----------------------------------------------------------------


def lab_proposals(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Proposal.Kind.values else ""
    status = request.GET.get("status", "")
    status = status if status in Proposal.Status.values else ""
    return render(
        request,
        "actions/proposals/list.html",
        {
            "lab": lab,
            "proposals": selectors.lab_proposals(lab=lab, kind=kind, status=status),
            "kind": kind,
            "status": status,
            "kinds": Proposal.Kind.choices,
            "statuses": Proposal.Status.choices,
            "can_add": request.user.has_perm("actions.add_proposal", lab),
        },
    )


# --- Create and edit ---------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    *,
    lab: Lab,
    kind: str,
    form: ProposalForm | None,
    proposal: Proposal | None = None,
    origins: Any = None,
) -> HttpResponse:
    return render(
        request,
        "actions/proposals/form.html",
        {
            "lab": lab,
            "kind": kind,
            "kind_label": Proposal.Kind(kind).label if kind else "",
            "form": form,
            "proposal": proposal,
            "origins": origins,
            "can_run_boards": request.user.has_perm("boards.run_board", lab),
        },
        status=_status(form) if form is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk, perm="actions.add_proposal")
    kind = request.GET.get("kind", "")
    notes, personas = lineage_selectors.picked(
        lab_id=lab.pk,
        note_ids=query_ids(request, "notes"),
        persona_ids=query_ids(request, "personas"),
    )
    origins = {"notes": notes, "personas": personas}
    if kind not in Proposal.Kind.values:
        # No kind yet: the page asks which (and keeps the picked notes).
        return _form_page(request, lab=lab, kind="", form=None, origins=origins)
    initial = lineage_selectors.proposal_prefill(kind=kind, notes=notes, personas=personas)
    form = ProposalForm(request.POST or None, lab=lab, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                lab=lab,
                by=request.user,
                kind=kind,
                from_notes=notes,
                from_personas=personas,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal was saved as a draft."))
            return redirect(proposal)
    return _form_page(request, lab=lab, kind=kind, form=form, origins=origins)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, perm="actions.change_proposal")
    form = ProposalForm(
        request.POST or None, lab=proposal.lab, kind=proposal.kind, proposal=proposal
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.proposal_update(
                proposal=proposal,
                by=request.user,
                base_version=form.cleaned_data.get("base_version"),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            proposal.refresh_from_db()
            add_service_errors(form, error)
        else:
            if version is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(
                    request, _("Saved as version %(number)d.") % {"number": version.number}
                )
            return redirect(proposal)
    return _form_page(request, lab=proposal.lab, kind=proposal.kind, form=form, proposal=proposal)


# --- One proposal ---------------------------------------------------------------------------


def _proposal_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    status_form: StatusForm | None = None,
    comment_form: CommentForm | None = None,
    endorse_form: EndorseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The proposal page with its forms (bound ones when a POST failed)."""
    user: Any = request.user
    detail = selectors.proposal_detail(proposal=proposal)
    own = user.focal_point_of.order_by("name_th") if user.is_authenticated else None
    own_ids = {o.pk for o in own} if own is not None else set()
    admin = bool(is_administrator(user))
    runs = admin or bool(can_run_lab(user, proposal))
    endorsed = {e.organisation_id for e in detail.endorsements}
    can_set_status = user.has_perm("actions.set_proposal_status", proposal)
    if can_set_status and status_form is None and services.TRANSITIONS[proposal.status]:
        status_form = StatusForm(proposal=proposal)
    can_comment = user.has_perm("actions.comment_proposal", proposal)
    if can_comment and comment_form is None:
        comment_form = CommentForm(own=own)  # type: ignore[arg-type]
    can_endorse = user.has_perm("actions.endorse_proposal", proposal) and (
        admin or bool(own_ids - endorsed)
    )
    if can_endorse and endorse_form is None:
        endorse_form = EndorseForm(
            own=own.exclude(pk__in=endorsed),  # type: ignore[union-attr]
            any_organisation=admin,
        )
    can_pledge = proposal.is_project and user.has_perm("actions.pledge", proposal)
    return render(
        request,
        "actions/proposals/detail.html",
        {
            "lab": proposal.lab,
            "proposal": proposal,
            "detail": detail,
            "can_edit": user.has_perm("actions.change_proposal", proposal),
            "can_set_status": can_set_status,
            "status_form": status_form,
            "comment_form": comment_form if can_comment else None,
            "endorse_form": endorse_form if can_endorse else None,
            "can_pledge": can_pledge,
            "pledge_statuses": Pledge.Status.choices,
            "editable_pledges": {
                p.pk
                for p in detail.pledges
                if can_pledge and (runs or p.organisation_id in own_ids)
            },
            "can_run_boards": user.has_perm("boards.run_board", proposal.lab),
            "can_add_plan": user.has_perm("actions.change_plan", proposal.lab),
        },
        status=status,
    )


def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, get_proposal_for_user(request.user, pk))


def proposal_history(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    return render(
        request,
        "actions/proposals/history.html",
        {
            "lab": proposal.lab,
            "proposal": proposal,
            "versions": selectors.version_history(proposal=proposal),
        },
    )


@login_required
@require_POST
def proposal_status(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, perm="actions.set_proposal_status")
    form = StatusForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            services.proposal_set_status(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            proposal.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The proposal is now: %(status)s.") % {"status": proposal.get_status_display()},
            )
            return redirect(reverse("actions:proposal", args=[proposal.pk]) + "#status")
    return _proposal_page(request, proposal, status_form=form, status=400)


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, perm="actions.comment_proposal")
    form = CommentForm(request.POST, own=request.user.focal_point_of.order_by("name_th"))  # type: ignore[union-attr]
    if form.is_valid():
        try:
            services.comment_add(
                proposal=proposal,
                by=request.user,
                text=form.cleaned_data["text"],
                organisation=form.cleaned_data.get("organisation"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(reverse("actions:proposal", args=[proposal.pk]) + "#comments")
    return _proposal_page(request, proposal, comment_form=form, status=400)


@login_required
@require_POST
def proposal_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, perm="actions.endorse_proposal")
    form = EndorseForm(
        request.POST,
        own=request.user.focal_point_of.order_by("name_th"),  # type: ignore[union-attr]
        any_organisation=bool(is_administrator(request.user)),
    )
    if form.is_valid():
        try:
            endorsement = services.endorsement_add(
                proposal=proposal, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s endorsed the proposal.")
                % {"organisation": endorsement.organisation.display_name},
            )
            return redirect(reverse("actions:proposal", args=[proposal.pk]) + "#endorsements")
    return _proposal_page(request, proposal, endorse_form=form, status=400)


# --- Pledges ----------------------------------------------------------------------------------


def _pledge_page(
    request: HttpRequest, proposal: Proposal, form: PledgeForm, pledge: Pledge | None
) -> HttpResponse:
    return render(
        request,
        "actions/proposals/pledge_form.html",
        {"lab": proposal.lab, "proposal": proposal, "form": form, "pledge": pledge},
        status=_status(form),
    )


def _acts_for_any(user: Any, proposal: Proposal) -> bool:
    return bool(is_administrator(user) or can_run_lab(user, proposal))


@login_required
@require_http_methods(["GET", "POST"])
def pledge_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, perm="actions.pledge")
    if not proposal.is_project:
        messages.error(request, _("Only project proposals receive pledges."))
        return redirect(proposal)
    form = PledgeForm(
        request.POST or None,
        own=request.user.focal_point_of.order_by("name_th"),  # type: ignore[union-attr]
        any_organisation=_acts_for_any(request.user, proposal),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_add(proposal=proposal, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pledge was recorded."))
            return redirect(reverse("actions:proposal", args=[proposal.pk]) + "#pledges")
    return _pledge_page(request, proposal, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pk: int, pledge_pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, perm="actions.pledge")
    pledge = get_pledge_for_user(request.user, proposal, pledge_pk)
    if not services.acts_for(request.user, pledge.organisation, proposal=proposal, runners=True):
        messages.error(request, _("You can change the pledges of your own organisations only."))
        return redirect(reverse("actions:proposal", args=[proposal.pk]) + "#pledges")
    form = PledgeForm(
        request.POST or None,
        own=request.user.focal_point_of.none(),  # type: ignore[union-attr]
        any_organisation=False,
        pledge=pledge,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(pledge=pledge, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pledge was saved."))
            return redirect(reverse("actions:proposal", args=[proposal.pk]) + "#pledges")
    return _pledge_page(request, proposal, form, pledge)


# --- From a board to outputs --------------------------------------------------------------------


@login_required
def from_board(request: HttpRequest, board_pk: int) -> HttpResponse:
    """Pick a board's notes and the lab's personas, then start a proposal or
    an action from them. The choice comes back here (GET) and is sent on as
    the agreed `?notes=1,2&personas=3` of the page that creates the output."""
    board = get_board_for_user(request.user, board_pk, perm="boards.run_board")
    picks = lineage_selectors.board_picks(board)
    note_ids = set(query_ids(request, "notes")) & {p.note.pk for g in picks.groups for p in g.notes}
    persona_ids = set(query_ids(request, "personas")) & {p.persona.pk for p in picks.personas}
    go = request.GET.get("go", "")
    error = ""
    if go:
        query = {
            "notes": ",".join(str(pk) for pk in sorted(note_ids)),
            "personas": ",".join(str(pk) for pk in sorted(persona_ids)),
        }
        query = {name: value for name, value in query.items() if value}
        plan_ids = {plan.pk for plan in picks.plans}
        plan = request.GET.get("plan", "")
        if not query:
            error = _("Tick at least one note or persona.")
        elif go in Proposal.Kind.values:
            url = reverse("actions:proposal_create", args=[board.lab_id])
            return redirect(f"{url}?{urlencode({'kind': go, **query})}")
        elif go == "action" and plan.isdigit() and int(plan) in plan_ids:
            url = reverse("actions:action_create", args=[int(plan)])
            return redirect(f"{url}?{urlencode(query)}")
        else:
            error = _("Choose the joint action plan the new action belongs to.")
    return render(
        request,
        "actions/from_board.html",
        {
            "lab": board.lab,
            "board": board,
            "picks": picks,
            "checked_notes": note_ids,
            "checked_personas": persona_ids,
            "error": error,
            "can_add_plan": request.user.has_perm("actions.change_plan", board.lab),
        },
        status=400 if error else 200,
    )


urlpatterns: list[URLPattern] = [
    path("labs/<int:lab_pk>/proposals/", lab_proposals, name="lab_proposals"),
    path("labs/<int:lab_pk>/proposals/new/", proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal, name="proposal"),
    path("proposals/<int:pk>/edit/", proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/history/", proposal_history, name="proposal_history"),
    path("proposals/<int:pk>/status/", proposal_status, name="proposal_status"),
    path("proposals/<int:pk>/comments/", proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/endorsements/", proposal_endorse, name="proposal_endorse"),
    path("proposals/<int:pk>/pledges/new/", pledge_add, name="pledge_add"),
    path("proposals/<int:pk>/pledges/<int:pledge_pk>/", pledge_edit, name="pledge_edit"),
    path("boards/<int:board_pk>/outputs/", from_board, name="from_board"),
]
