"""The labs pages. Views parse, check access through labs.access, and call a
selector to read or a service to write; they never save a model themselves."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards.selectors import boards_of_lab
from directory.forms import ACADEMIC_TITLES, HONORIFICS
from labs import selectors, services
from labs.access import (
    get_attachment_for_user,
    get_challenge_for_user,
    get_lab_for_user,
    get_member_for_user,
    get_stakeholder_for_user,
    get_team_for_user,
)
from labs.forms import (
    AgenciesForm,
    AttachmentForm,
    ChallengeForm,
    GridPositionForm,
    InvitationAcceptForm,
    InviteForm,
    LabForm,
    MemberAddForm,
    MemberEditForm,
    MemberNewForm,
    StakeholderForm,
    TeamForm,
)
from labs.models import Challenge, Lab, Role
from lib import uploads
from lib.forms import add_service_errors
from network import selectors as network_selectors
from network.models import Scope

LATEST_BOARDS = 10  # on the lab page; the boards page lists them all
# New cross-agency ties listed on the lab page, those that lasted first; the
# figures count them all and the map shows every tie of the lab.
NEW_TIES_SHOWN = 50


def _lab_caps(user: Any, lab: Lab) -> dict[str, bool]:
    return {
        "can_edit": user.has_perm("labs.change_lab", lab),
        "can_manage_members": user.has_perm("labs.manage_members", lab),
        "can_add_challenge": user.has_perm("labs.add_challenge", lab),
    }


# --- Labs ------------------------------------------------------------------------


def lab_list(request: HttpRequest) -> HttpResponse:
    labs = list(selectors.lab_list(user=request.user))
    for lab in labs:
        role = getattr(lab, "my_role", None)
        lab.my_role_label = str(Role(role).label) if role else ""  # type: ignore[attr-defined]
    return render(
        request,
        "labs/lab_list.html",
        {"labs": labs, "can_add": request.user.has_perm("labs.add_lab")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lab_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("labs.add_lab"):
        raise PermissionDenied
    form = LabForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lab = services.lab_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lab was created. You are its lead."))
            return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form, "lab": None})


def _new_ties(user: Any, lab: Lab) -> network_selectors.LabTies:
    """The cross-agency ties the lab's work created (the evidence for the
    "networking" outcome), read from the tie rows in a fixed number of
    queries. Whoever sees the lab sees its own ties; other labs' history
    only as far as their scope allows."""
    return network_selectors.lab_new_ties(lab=lab, scope=network_selectors.scope_for(user))


def _new_ties_shown(new_ties: network_selectors.LabTies | None) -> list[network_selectors.NewTie]:
    """Those that lasted first (the evidence), then those too recent to
    tell, then those that did not; each group by the day they first met."""
    if new_ties is None:
        return []
    order = {True: 0, None: 1, False: 2}
    return sorted(new_ties.new, key=lambda tie: (order[tie.lasted], tie.first))[:NEW_TIES_SHOWN]


def lab_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk)
    caps = _lab_caps(request.user, lab)
    new_ties = _new_ties(request.user, lab)
    return render(
        request,
        "labs/lab_detail.html",
        {
            "lab": lab,
            "detail": selectors.lab_detail(lab=lab),
            **caps,
            "boards": boards_of_lab(lab=lab)[:LATEST_BOARDS],
            # boards.add_board is the same rule as labs.add_challenge (can_run_lab).
            "can_add_board": caps["can_add_challenge"],
            "new_ties": new_ties,
            "new_ties_too_early": new_ties.new_count - new_ties.can_tell if new_ties else 0,
            "new_ties_shown": _new_ties_shown(new_ties),
            "new_ties_map_url": f"{reverse('network:map')}?lab={lab.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lab_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.change_lab")
    form = LabForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        try:
            services.lab_update(lab=lab, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form, "lab": lab})


# --- Members ----------------------------------------------------------------------


def _members_page(
    request: HttpRequest,
    lab: Lab,
    *,
    add_form: Form | None = None,
    new_form: Form | None = None,
    invite_form: Form | None = None,
) -> HttpResponse:
    bound = add_form or new_form or invite_form
    return render(
        request,
        "labs/members.html",
        {
            "lab": lab,
            "members": selectors.lab_members(lab=lab),
            "add_form": add_form or MemberAddForm(),
            "new_form": new_form or MemberNewForm(),
            "invite_form": invite_form or InviteForm(),
            "open_form": "add" if add_form else "new" if new_form else "invite" if invite_form else "",
            "can_view_contacts": request.user.has_perm("labs.view_member_contacts", lab),
            "honorifics": HONORIFICS,
            "academic_titles": ACADEMIC_TITLES,
        },
        status=400 if bound is not None else 200,
    )


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.manage_members")
    return _members_page(request, lab)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.manage_members")
    form = MemberAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                lab=lab,
                by=request.user,
                person=data["person"],
                organisation=data["organisation"],
                role=data["role"],
                tags=data["tags"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s joined the lab.") % {"name": member.person.full_name})
            return redirect("labs:members", pk=lab.pk)
    return _members_page(request, lab, add_form=form)


@login_required
@require_POST
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.manage_members")
    form = MemberNewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                lab=lab,
                by=request.user,
                new_person=form.person_fields(),
                organisation=data["organisation"],
                role=data["role"],
                tags=data["tags"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added to the directory and joined the lab.") % {"name": member.person.full_name},
            )
            return redirect("labs:members", pk=lab.pk)
    return _members_page(request, lab, new_form=form)


@login_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.manage_members")
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _token = services.invitation_send(
                lab=lab,
                by=request.user,
                email=data["email"],
                new_person=form.new_person(),
                organisation=data["organisation"],
                role=data["role"],
                tags=data["tags"],
                language=data["language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("labs:members", pk=lab.pk)
    return _members_page(request, lab, invite_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.manage_members")
    member = get_member_for_user(request.user, lab, member_pk)
    form = MemberEditForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_update(
                member=member, by=request.user, role=data["role"], organisation=data["organisation"], tags=data["tags"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("labs:members", pk=lab.pk)
    return render(request, "labs/member_form.html", {"lab": lab, "member": member, "form": form})


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.manage_members")
    member = get_member_for_user(request.user, lab, member_pk)
    try:
        services.member_remove(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s left the lab.") % {"name": member.person.full_name})
    return redirect("labs:members", pk=lab.pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    is_open = invitation is not None and services.invitation_is_open(invitation)
    signed_in = request.user.is_authenticated
    form = None if signed_in or not is_open else InvitationAcceptForm(request.POST or None)
    error = ""
    if request.method == "POST" and invitation is not None and is_open and (form is None or form.is_valid()):
        try:
            user = services.invitation_accept(
                invitation=invitation,
                user=request.user if signed_in else None,
                password=form.cleaned_data["password1"] if form is not None else None,
            )
        except ValidationError as exc:
            if form is not None:
                add_service_errors(form, exc)
            else:
                error = " ".join(exc.messages)
        else:
            if not signed_in:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(lab)s.") % {"lab": invitation.lab.name})
            return redirect(invitation.lab)
    return render(
        request,
        "labs/invitation_accept.html",
        {"invitation": invitation, "is_open": is_open, "form": form, "error": error},
        status=200 if is_open else 404,
    )


# --- Challenges ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest, pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, pk, perm="labs.add_challenge")
    form = ChallengeForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(lab=lab, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The challenge was added."))
            return redirect(challenge)
    return render(request, "labs/challenge_form.html", {"form": form, "lab": lab, "challenge": None})


def _agency_suggestions(user: Any, challenge: Challenge) -> list[Any]:
    """Agencies that similar challenges involved and this one does not, each
    with the similar challenges it came from, only those the user may see
    (public labs, this lab, or any for administrators); an agency left with
    none is left out."""
    every_lab = network_selectors.scope_for(user) == Scope.ALL
    shown = []
    for suggestion in network_selectors.challenge_suggestions(challenge=challenge, user=user):
        via = [
            other
            for other in suggestion.via
            if every_lab or other.lab_id == challenge.lab_id or other.lab.visibility == Lab.Visibility.PUBLIC
        ]
        if via:
            shown.append(dataclasses.replace(suggestion, via=via))
    return shown


def _challenge_page(
    request: HttpRequest,
    challenge: Challenge,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = request.user.has_perm("labs.change_challenge", challenge)
    if can_edit and attachment_form is None:
        attachment_form = AttachmentForm()
    return render(
        request,
        "labs/challenge_detail.html",
        {
            "lab": challenge.lab,
            "challenge": challenge,
            "detail": selectors.challenge_detail(challenge=challenge),
            "boards": boards_of_lab(lab=challenge.lab_id).filter(challenge=challenge),
            "can_edit": can_edit,
            # boards.add_board is the same rule as labs.change_challenge (can_run_lab).
            "can_add_board": can_edit,
            "attachment_form": attachment_form if can_edit else None,
            "agency_suggestions": _agency_suggestions(request.user, challenge),
        },
        status=status,
    )


def challenge_detail(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk)
    return _challenge_page(request, challenge)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    form = ChallengeForm(request.POST or None, lab=challenge.lab, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(challenge=challenge, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(challenge)
    return render(
        request, "labs/challenge_form.html", {"form": form, "lab": challenge.lab, "challenge": challenge}
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_agencies(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    agencies = list(challenge.agencies.select_related("organisation"))
    form = AgenciesForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_set_agencies(challenge=challenge, by=request.user, agencies=form.agencies())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agencies were saved."))
            return redirect(challenge)
    return render(request, "labs/agencies_form.html", {"form": form, "lab": challenge.lab, "challenge": challenge})


# --- Teams -------------------------------------------------------------------------------


def _team_form_page(request: HttpRequest, challenge: Challenge, team: Any = None) -> HttpResponse:
    form = TeamForm(request.POST or None, members=selectors.members_for_choice(lab=challenge.lab), team=team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if team is None:
                services.team_create(challenge=challenge, by=request.user, name=data["name"], members=data["members"])
            else:
                services.team_update(team=team, by=request.user, name=data["name"], members=data["members"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The team was saved."))
            return redirect(challenge)
    return render(
        request, "labs/team_form.html", {"form": form, "lab": challenge.lab, "challenge": challenge, "team": team}
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    return _team_form_page(request, challenge)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, lab_pk: int, pk: int, team_pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    return _team_form_page(request, challenge, get_team_for_user(request.user, challenge, team_pk))


@login_required
@require_POST
def team_remove(request: HttpRequest, lab_pk: int, pk: int, team_pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    team = get_team_for_user(request.user, challenge, team_pk)
    services.team_remove(team=team, by=request.user)
    messages.success(request, _("The team was removed."))
    return redirect(challenge)


# --- Stakeholders ---------------------------------------------------------------------------


def _stakeholders_page(request: HttpRequest, challenge: Challenge, form: StakeholderForm, status: int = 200) -> HttpResponse:
    stakeholders = selectors.stakeholders_of(challenge)
    return render(
        request,
        "labs/stakeholders.html",
        {
            "lab": challenge.lab,
            "challenge": challenge,
            "form": form,
            "stakeholders": stakeholders,
            "quadrants": selectors.quadrants(stakeholders),
            "can_edit": True,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholders(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    form = StakeholderForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                stakeholder = services.stakeholder_add(challenge=challenge, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s is on the grid.") % {"name": stakeholder.label})
                return redirect("labs:stakeholders", lab_pk=challenge.lab_id, pk=challenge.pk)
        return _stakeholders_page(request, challenge, form, status=400)
    return _stakeholders_page(request, challenge, form)


def _wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def stakeholder_move(request: HttpRequest, lab_pk: int, pk: int, stakeholder_pk: int) -> HttpResponse:
    """A drop on the grid (JSON, from static/js/grid.js) or the numbers
    typed in the table (a plain form, without JavaScript)."""
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    stakeholder = get_stakeholder_for_user(request.user, challenge, stakeholder_pk)
    as_json = _wants_json(request)
    data: Any = request.POST
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"errors": {"__all__": [_("The request could not be read.")]}}, status=400)
        if not isinstance(data, dict):
            data = {}
    form = GridPositionForm(data)
    if form.is_valid():
        try:
            services.stakeholder_move(
                stakeholder=stakeholder, by=request.user, power=form.cleaned_data["power"],
                interest=form.cleaned_data["interest"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        if as_json:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        messages.error(
            request,
            _("%(name)s was not moved: %(errors)s")
            % {"name": stakeholder.label, "errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
        return redirect("labs:stakeholders", lab_pk=challenge.lab_id, pk=challenge.pk)
    if as_json:
        return JsonResponse(
            {
                "id": stakeholder.pk,
                "power": stakeholder.power,
                "interest": stakeholder.interest,
                "quadrant": stakeholder.quadrant,
                "quadrant_label": stakeholder.quadrant_label,
            }
        )
    messages.success(request, _("%(name)s was moved.") % {"name": stakeholder.label})
    return redirect(reverse("labs:stakeholders", args=[challenge.lab_id, challenge.pk]))


@login_required
@require_POST
def stakeholder_remove(request: HttpRequest, lab_pk: int, pk: int, stakeholder_pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    stakeholder = get_stakeholder_for_user(request.user, challenge, stakeholder_pk)
    services.stakeholder_remove(stakeholder=stakeholder, by=request.user)
    messages.success(request, _("%(name)s was removed from the grid.") % {"name": stakeholder.label})
    return redirect("labs:stakeholders", lab_pk=challenge.lab_id, pk=challenge.pk)


# --- Attachments ----------------------------------------------------------------------------
# Files are read through attachment_download, which checks that the reader
# may see the challenge (a members-only lab's files are the members'), never
# straight from MEDIA_URL, which production does not serve.


@login_required
@require_POST
def attachment_add(request: HttpRequest, lab_pk: int, pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                challenge=challenge,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("file", error)
        else:
            name = attachment.title or uploads.display_name(str(attachment.file.name))
            messages.success(request, _("“%(name)s” is attached.") % {"name": name})
            return redirect(f"{challenge.get_absolute_url()}#attachments-title")
    return _challenge_page(request, challenge, attachment_form=form, status=400)


@require_GET
def attachment_download(request: HttpRequest, lab_pk: int, pk: int, attachment_pk: int) -> FileResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk)
    attachment = get_attachment_for_user(request.user, challenge, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=attachment.content_type not in uploads.INLINE_TYPES,
        filename=uploads.display_name(str(attachment.file.name)),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, lab_pk: int, pk: int, attachment_pk: int) -> HttpResponse:
    challenge = get_challenge_for_user(request.user, pk, lab_pk=lab_pk, perm="labs.change_challenge")
    attachment = get_attachment_for_user(request.user, challenge, attachment_pk)
    name = attachment.title or uploads.display_name(str(attachment.file.name))
    services.attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, _("“%(name)s” is removed.") % {"name": name})
    return redirect(f"{challenge.get_absolute_url()}#attachments-title")
