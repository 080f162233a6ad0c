"""A session's breakout groups: automatic assignment, moving people by hand
(a select per person, or dragging with JavaScript), adding and removing
groups. The page shows how mixed each group is."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Person
from lib.forms import add_service_errors
from workshops import selectors, services
from workshops.access import get_group_for_user, get_session_for_user
from workshops.forms import AutoAssignForm, GroupForm, MoveForm
from workshops.models import Session

MANAGE = "workshops.manage_groups"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _page(
    request: HttpRequest,
    session: Session,
    *,
    auto_form: AutoAssignForm | None = None,
    group_form: GroupForm | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = selectors.session_groups(session)
    return render(
        request,
        "workshops/groups.html",
        {
            "workshop": session.workshop,
            "session": session,
            "overview": overview,
            "auto_form": auto_form
            or AutoAssignForm(initial={"number": max(1, len(overview.groups)) or 1}),
            "group_form": group_form or GroupForm(),
        },
        status=status,
    )


@login_required
def groups(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=MANAGE)
    return _page(request, session)


@login_required
@require_POST
def groups_auto_assign(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=MANAGE)
    form = AutoAssignForm(request.POST)
    if form.is_valid():
        try:
            result = services.groups_auto_assign(
                session=session, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(
                form, error, fields={"group_count": "number", "group_size": "number"}
            )
        else:
            messages.success(
                request,
                _(
                    "%(people)s people were put in %(groups)s groups. Pairs from the same organisation: "
                    "%(pairs)s (fewest possible: %(fewest)s)."
                )
                % {
                    "people": result.people,
                    "groups": len(result.groups),
                    "pairs": result.same_organisation_pairs,
                    "fewest": result.fewest_possible,
                },
            )
            return redirect("workshops:groups", pk=pk, session_pk=session.pk)
    return _page(request, session, auto_form=form, status=400)


@login_required
@require_POST
def group_move(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=MANAGE)
    form = MoveForm(request.POST, session=session, people=Person.objects.all())
    if form.is_valid():
        services.group_member_move(
            session=session,
            person=form.cleaned_data["person"],
            to_group=form.cleaned_data["group"],
            by=request.user,
        )
        if _wants_json(request):
            return JsonResponse({"ok": True})
        messages.success(
            request, _("%(person)s was moved.") % {"person": form.cleaned_data["person"]}
        )
        return redirect("workshops:groups", pk=pk, session_pk=session.pk)
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    messages.error(request, _("That move could not be made: choose a group of this session."))
    return redirect("workshops:groups", pk=pk, session_pk=session.pk)


@login_required
@require_POST
def group_add(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=MANAGE)
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            services.group_create(session=session, by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group was added."))
            return redirect("workshops:groups", pk=pk, session_pk=session.pk)
    return _page(request, session, group_form=form, status=400)


@login_required
@require_POST
def group_remove(request: HttpRequest, pk: int, session_pk: int, group_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=MANAGE)
    group = get_group_for_user(request.user, session, group_pk)
    services.group_remove(group=group, by=request.user)
    messages.success(request, _("The group was removed; its members are now without a group."))
    return redirect("workshops:groups", pk=pk, session_pk=session.pk)
