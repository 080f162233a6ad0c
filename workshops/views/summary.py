"""The summary page: what a workshop came to, after the event.

Anyone who may read the workshop sees the figures; only those who run it
see who came (names are the participants' business, the counts are not).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from workshops import selectors
from workshops.access import get_workshop_for_user

MANAGE = "workshops.change_workshop"


@require_http_methods(["GET"])
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk)
    can_manage = request.user.has_perm(MANAGE, workshop)
    return render(
        request,
        "workshops/summary.html",
        {
            "workshop": workshop,
            "summary": selectors.workshop_summary(workshop=workshop, with_names=can_manage),
            "can_manage": can_manage,
        },
    )
