"""The directory's pages. Views parse, check access, and call a selector to
read or a service to write; they never save a model themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directory import selectors, services
from directory.access import get_organisation_for_user, get_person_for_user
from directory.forms import (
    ACADEMIC_TITLES,
    HONORIFICS,
    AffiliationEndForm,
    AffiliationForm,
    FocalPointsForm,
    MergeSearchForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonCreateForm,
    PersonFilterForm,
    PersonForm,
)
from directory.models import Organisation, Person
from lib.forms import add_service_errors
from network import selectors as network_selectors
from network.models import Level
from search.selectors import search, search_ids

PER_PAGE = 50
# Search hits feeding a filtered list; beyond this the query is too vague to
# page through and the user narrows it.
SEARCH_LIMIT = 500


def _paginate(request: HttpRequest, queryset: QuerySet[Any]) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _search_ids(query: str, kind: str) -> list[int]:
    return search_ids(query=query, kind=kind, limit=SEARCH_LIMIT)


def _title_suggestions() -> dict[str, list[str]]:
    return {"honorifics": HONORIFICS, "academic_titles": ACADEMIC_TITLES}


# --- Browsing ------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.sector_counts()
    return render(
        request,
        "directory/home.html",
        {
            "sector_counts": counts,
            "organisation_total": sum(c.count for c in counts),
            "recent": selectors.recently_updated_organisations(),
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    queryset: QuerySet[Organisation]
    if "parent" in form.errors:
        # "Under X" where X is in no record: nothing can be under it.
        queryset = Organisation.objects.none()
    else:
        q = data.get("q") or ""
        queryset = selectors.organisation_list(
            ids=_search_ids(q, "organisation") if q else None,
            sector=data.get("sector") or "",
            kind=data.get("kind") or "",
            province=data.get("province"),
            parent=data.get("parent"),
            active=form.active(),
        )
    user = request.user
    return render(
        request,
        "directory/organisation_list.html",
        {
            "form": form,
            "page": _paginate(request, queryset),
            "parent": data.get("parent"),
            "filtered": any(data.get(k) for k in ("q", "sector", "kind", "province", "parent"))
            or data.get("status") not in ("", "active", None),
            "can_add": user.has_perm("directory.add_organisation"),
            "can_import": user.has_perm("directory.import"),
            "can_export": user.has_perm("directory.export"),
        },
    )


def _network_map_url(level: str, pk: int) -> str:
    """The map, centred on this node (the map's script reads `focus`)."""
    return f"{reverse('network:map')}?level={level}&focus={pk}"


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    user = request.user
    detail = selectors.organisation_detail(
        organisation=organisation, with_focal_points=user.is_authenticated
    )
    can_edit = user.has_perm("directory.change_organisation", organisation)
    # Its place in the network: stored measures and live ties, a fixed
    # number of queries (no graph is built for a page).
    place = network_selectors.node_detail(
        level=Level.ORGANISATION, pk=organisation.pk, user=user, item=organisation
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "detail": detail,
            "can_edit": can_edit,
            # Adding someone here is what a focal point of this organisation does.
            "can_add_person": can_edit,
            "can_merge": user.has_perm("directory.merge_organisation", organisation),
            "can_manage_focal_points": user.has_perm("directory.manage_focal_points", organisation),
            "place": place,
            "place_map_url": _network_map_url(Level.ORGANISATION, organisation.pk),
        },
    )


def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET, tags=selectors.tags_in_use())
    form.is_valid()
    data = form.cleaned_data
    queryset: QuerySet[Person]
    if "organisation" in form.errors or "tag" in form.errors:
        queryset = Person.objects.none()
    else:
        q = data.get("q") or ""
        queryset = selectors.person_list(
            ids=_search_ids(q, "person") if q else None,
            organisation=data.get("organisation"),
            tag=data.get("tag"),
            sector=data.get("sector") or "",
        )
    user = request.user
    return render(
        request,
        "directory/person_list.html",
        {
            "form": form,
            "page": _paginate(request, queryset),
            "organisation": data.get("organisation"),
            "filtered": any(data.get(k) for k in ("q", "organisation", "tag", "sector")),
            "can_add": user.has_perm("directory.add_person"),
            "can_import": user.has_perm("directory.import"),
            "can_export": user.has_perm("directory.export"),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    user = request.user
    can_edit = user.has_perm("directory.change_person", person)
    # Who met whom is personal data (PDPA): node_detail gives None to
    # anonymous visitors at the person level, and the section is left out.
    place = network_selectors.node_detail(level=Level.PERSON, pk=person.pk, user=user, item=person)
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "detail": selectors.person_detail(person=person),
            "can_view_contact": user.has_perm("directory.view_contact", person),
            "can_edit": can_edit,
            "can_add_affiliation": can_edit or user.has_perm("directory.add_person"),
            "can_merge": user.has_perm("directory.merge_person", person),
            "place": place,
            "place_map_url": _network_map_url(Level.PERSON, person.pk),
        },
    )


# --- Organisations: writes -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was added to the directory."))
            return redirect(organisation)
    return render(request, "directory/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, perm="directory.change_organisation")
    title = organisation.display_name
    form = OrganisationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(organisation)
    return render(
        request,
        "directory/organisation_form.html",
        {"form": form, "organisation": organisation, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_focal_points(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, perm="directory.manage_focal_points")
    current = list(organisation.focal_points.order_by("email"))
    form = FocalPointsForm(
        request.POST or None, initial={"emails": "\n".join(u.email for u in current)}
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_set_focal_points(
            organisation=organisation, users=form.cleaned_data["emails"], by=request.user
        )
        messages.success(request, _("The focal points were saved."))
        return redirect(organisation)
    return render(
        request,
        "directory/focal_points_form.html",
        {"form": form, "organisation": organisation, "current": current},
    )


def _merge_pick(
    request: HttpRequest, *, keep: Organisation | Person, kind: str, query: str
) -> HttpResponse:
    """Step 1 of a merge: find the duplicate of `keep` by search."""
    form = MergeSearchForm(request.GET or None, initial={"q": query})
    hits = []
    if form.is_bound and form.is_valid():
        hits = [
            h
            for h in search(
                query=form.cleaned_data["q"], kinds=[kind], limit=20, include_inactive=True
            )
            if h.object_id != keep.pk
        ]
    return render(
        request,
        "directory/merge_pick.html",
        {"form": form, "keep": keep, "hits": hits, "kind": kind, "searched": form.is_bound},
    )


def _merge_confirm(
    request: HttpRequest,
    *,
    keep: Any,
    duplicate: Any,
    merge: Callable[..., Any],
    merged: str,
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """Step 2 of a merge: both side by side; confirming folds `duplicate`
    into `keep`. `context` adds what the comparison shows, read only when
    the page is drawn."""
    if keep.pk == duplicate.pk:
        raise Http404
    if request.method == "POST":
        try:
            merge(keep=keep, duplicate=duplicate, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, merged)
            return redirect(keep)
    kind = keep._meta.model_name
    return render(
        request,
        template,
        {
            "keep": keep,
            "duplicate": duplicate,
            "pick_url": reverse(f"directory:{kind}_merge", args=[keep.pk]),
            "swap_url": reverse(f"directory:{kind}_merge_confirm", args=[duplicate.pk, keep.pk]),
            **context(),
        },
    )


@login_required
def organisation_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = get_organisation_for_user(request.user, pk, perm="directory.merge_organisation")
    return _merge_pick(request, keep=keep, kind="organisation", query=keep.name_th)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    keep = get_organisation_for_user(request.user, pk, perm="directory.merge_organisation")
    duplicate = get_organisation_for_user(request.user, other, perm="directory.merge_organisation")

    def context() -> dict[str, Any]:
        counts = selectors.organisation_link_counts([keep.pk, duplicate.pk])
        return {
            "keep_counts": counts.get(keep.pk, {}),
            "duplicate_counts": counts.get(duplicate.pk, {}),
            "keep_aliases": list(keep.aliases.all()),
            "duplicate_aliases": list(duplicate.aliases.all()),
        }

    return _merge_confirm(
        request,
        keep=keep,
        duplicate=duplicate,
        merge=services.organisation_merge,
        merged=_("The duplicate was merged into this organisation."),
        template="directory/organisation_merge.html",
        context=context,
    )


# --- People: writes ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("directory.add_person"):
        raise PermissionDenied
    own = (
        None
        if user.has_perm("directory.add_organisation")
        else selectors.organisations_of_focal_point(user)
    )
    initial: dict[str, Any] = {}
    wanted = request.GET.get("organisation", "")
    if wanted.isdigit():
        initial["organisation"] = int(wanted) if own is None else own.filter(pk=int(wanted)).first()
    form = PersonCreateForm(request.POST or None, own_organisations=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person was added to the directory."))
            return redirect(person)
    return render(
        request,
        "directory/person_form.html",
        {"form": form, "person": None, **_title_suggestions()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, perm="directory.change_person")
    title = person.full_name
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        tags = data.pop("tags")
        try:
            services.person_update(person=person, by=request.user, tags=tags, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(person)
    return render(
        request,
        "directory/person_form.html",
        {"form": form, "person": person, "title": title, **_title_suggestions()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = get_person_for_user(user, pk)
    if not (
        user.has_perm("directory.change_person", person) or user.has_perm("directory.add_person")
    ):
        raise PermissionDenied
    form = AffiliationForm(request.POST or None, user=user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_add(person=person, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The affiliation was added."))
            return redirect(person)
    return render(request, "directory/affiliation_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_end(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    user = request.user
    person = get_person_for_user(user, pk)
    affiliation = next((a for a in person.affiliations.all() if a.pk == affiliation_pk), None)
    if affiliation is None:
        raise Http404
    if not (
        user.has_perm("directory.change_person", person)
        or user.has_perm("directory.change_organisation", affiliation.organisation)
    ):
        raise PermissionDenied
    form = AffiliationEndForm(request.POST or None, affiliation=affiliation)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_end(
                affiliation=affiliation, by=user, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The affiliation was ended."))
            return redirect(person)
    return render(
        request,
        "directory/affiliation_end_form.html",
        {"form": form, "person": person, "affiliation": affiliation},
    )


@login_required
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = get_person_for_user(request.user, pk, perm="directory.merge_person")
    return _merge_pick(request, keep=keep, kind="person", query=keep.name_th or keep.name_en)


@login_required
@require_http_methods(["GET", "POST"])
def person_merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    keep = get_person_for_user(request.user, pk, perm="directory.merge_person")
    duplicate = get_person_for_user(request.user, other, perm="directory.merge_person")
    return _merge_confirm(
        request,
        keep=keep,
        duplicate=duplicate,
        merge=services.person_merge,
        merged=_("The duplicate was merged into this person."),
        template="directory/person_merge.html",
        context=lambda: {
            "keep_detail": selectors.person_detail(person=keep),
            "duplicate_detail": selectors.person_detail(person=duplicate),
        },
    )
