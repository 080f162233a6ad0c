"""Dashboards by agency and by lab, their index, and the focal point's
commitments (phone-first). Reads only: each view checks access and calls
actions.selectors.dashboards."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from actions.forms.plans import PERCENT_STEPS
from actions.models import DUE_SOON_DAYS
from actions.selectors import dashboards as selectors
from directory.access import get_organisation_for_user
from labs.access import get_lab_for_user
from search.selectors import search_ids

PER_PAGE = 50
# Search hits feeding the agency ranking; a vaguer query is narrowed instead.
SEARCH_LIMIT = 500
MAX_QUERY = 200


@login_required
@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    agency = request.GET.get("agency", "")
    data = selectors.commitments(
        user=request.user, agency=agency, group=request.GET.get("group", "")
    )
    return render(
        request,
        "actions/dashboards/commitments.html",
        {
            "data": data,
            "agency": agency,
            "show_filter": len(data.organisations) + int(data.owns_any) > 1,
            "here": request.get_full_path(),
            "due_soon_days": DUE_SOON_DAYS,
            # The steps the progress form accepts (actions:progress_add).
            "percent_steps": PERCENT_STEPS,
        },
    )


@require_GET
def dashboards(request: HttpRequest) -> HttpResponse:
    tab = "labs" if request.GET.get("view") == "labs" else "agencies"
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    late_only = request.GET.get("late") == "1"
    viewer = selectors.viewer_of(request.user)
    if tab == "agencies":
        ids = search_ids(query=q, kind="organisation", limit=SEARCH_LIMIT) if q else None
        rows = selectors.agency_index(viewer=viewer, ids=ids, late_only=late_only)
    else:
        rows = selectors.lab_index(viewer=viewer, q=q, late_only=late_only)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    if tab == "agencies":
        selectors.attach_organisations(list(page.object_list))
    return render(
        request,
        "actions/dashboards/index.html",
        {
            "tab": tab,
            "q": q,
            "late_only": late_only,
            "page": page,
            "first_rank": page.start_index(),
        },
    )


@require_GET
def agency_dashboard(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, org_pk)
    dashboard = selectors.agency_dashboard(
        organisation=organisation, viewer=selectors.viewer_of(request.user)
    )
    return render(
        request,
        "actions/dashboards/agency.html",
        {
            "organisation": organisation,
            "dashboard": dashboard,
            "figures": dashboard.figures,
            "due_soon_days": DUE_SOON_DAYS,
        },
    )


@require_GET
def lab_dashboard(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk, perm="actions.view_lab_dashboard")
    dashboard = selectors.lab_dashboard(lab=lab)
    return render(
        request,
        "actions/dashboards/lab.html",
        {
            "lab": lab,
            "dashboard": dashboard,
            "figures": dashboard.figures,
            "due_soon_days": DUE_SOON_DAYS,
        },
    )


urlpatterns = [
    path("my/commitments/", commitments, name="commitments"),
    path("dashboards/", dashboards, name="dashboards"),
    path("dashboards/agencies/<int:org_pk>/", agency_dashboard, name="agency_dashboard"),
    path("dashboards/labs/<int:lab_pk>/", lab_dashboard, name="lab_dashboard"),
]
