"""Workshop list, workshop page, create and edit.

Views parse, check access, and call a selector to read or a service to
write; they never save a model themselves.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boards.selectors import boards_of_workshop
from labs.models import Lab, Member, Role
from lib.forms import add_service_errors
from workshops import selectors, services
from workshops.access import get_workshop_for_user
from workshops.forms import COMMON_ZONES, WorkshopForm


def _labs_run_by(user: Any) -> QuerySet[Lab]:
    """The labs a user may add workshops to."""
    labs = Lab.objects.order_by("name_th")
    if getattr(user, "is_superuser", False):
        return labs
    return labs.filter(
        pk__in=Member.objects.filter(
            person__user=user, role__in=[Role.LEAD, Role.FACILITATOR]
        ).values("lab_id")
    )


def workshop_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "workshops": selectors.workshop_list(user),
            "can_add": user.is_authenticated and _labs_run_by(user).exists(),
        },
    )


def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk)
    user = request.user
    can_manage = user.has_perm("workshops.change_workshop", workshop)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "detail": selectors.workshop_detail(workshop),
            "can_manage": can_manage,
            "boards": boards_of_workshop(workshop=workshop),
            # boards.add_board is the same rule as workshops.change_workshop (can_run_lab).
            "can_add_board": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest) -> HttpResponse:
    labs = _labs_run_by(request.user)
    if not labs.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("lab", "").isdigit():
        initial["lab"] = int(request.GET["lab"])
    form = WorkshopForm(request.POST or None, labs=labs, initial=initial)
    if request.method == "POST" and form.is_valid():
        lab = form.cleaned_data["lab"]
        # The form offers only labs the user runs; the rule is checked again
        # against the lab itself, as for every write.
        if not request.user.has_perm("workshops.add_workshop", lab):
            raise PermissionDenied
        try:
            workshop = services.workshop_create(by=request.user, lab=lab, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workshop was created. Now add its sessions."))
            return redirect("workshops:agenda", pk=workshop.pk)
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "workshop": None, "zones": COMMON_ZONES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, perm="workshops.change_workshop")
    form = WorkshopForm(request.POST or None, labs=Lab.objects.none(), workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(workshop=workshop, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "workshop": workshop, "zones": COMMON_ZONES},
    )
