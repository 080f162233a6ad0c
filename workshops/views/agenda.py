"""Editing a workshop's agenda: sessions, speakers and links to read.

Times are typed in the event's own time zone (workshops.forms.SessionForm);
the page lists them the same way, so what the organisers typed is what
they see.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lib.forms import add_service_errors
from workshops import selectors, services
from workshops.access import (
    get_link_for_user,
    get_session_for_user,
    get_speaker_for_user,
    get_workshop_for_user,
)
from workshops.forms import LinkForm, SessionForm, SpeakerForm
from workshops.models import Session, Workshop

CHANGE = "workshops.change_workshop"
# The service names the times' fields; the form has a date and two times.
SESSION_FIELD_NAMES = {"starts_at": "starts", "ends_at": "ends"}


def _agenda_page(
    request: HttpRequest, workshop: Workshop, *, link_form: LinkForm | None = None
) -> HttpResponse:
    # Times on this page are in the event's zone: the zone forms take them in.
    detail = selectors.workshop_detail(workshop, viewer_zone=workshop.time_zone)
    return render(
        request,
        "workshops/agenda_edit.html",
        {
            "workshop": workshop,
            "detail": detail,
            "link_form": link_form or LinkForm(workshop=workshop),
        },
    )


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, perm=CHANGE)
    return _agenda_page(request, workshop)


def _session_form_page(
    request: HttpRequest, workshop: Workshop, form: SessionForm, session: Session | None
) -> HttpResponse:
    return render(
        request,
        "workshops/session_form.html",
        {"workshop": workshop, "form": form, "session": session},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, perm=CHANGE)
    form = SessionForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_add(workshop=workshop, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, fields=SESSION_FIELD_NAMES)
        else:
            messages.success(request, _("The session was added to the agenda."))
            if "another" in request.POST:
                return redirect("workshops:session_create", pk=workshop.pk)
            return redirect("workshops:agenda", pk=workshop.pk)
    return _session_form_page(request, workshop, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=CHANGE)
    workshop = session.workshop
    form = SessionForm(request.POST or None, workshop=workshop, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, fields=SESSION_FIELD_NAMES)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("workshops:agenda", pk=workshop.pk)
    return _session_form_page(request, workshop, form, session)


@login_required
@require_POST
def session_remove(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=CHANGE)
    services.session_remove(session=session, by=request.user)
    messages.success(request, _("The session was removed from the agenda."))
    return redirect("workshops:agenda", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_speakers(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=CHANGE)
    form = SpeakerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaker_add(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The speaker was added."))
            return redirect("workshops:session_speakers", pk=pk, session_pk=session.pk)
    context: dict[str, Any] = {
        "workshop": session.workshop,
        "session": session,
        "speakers": list(session.speakers.select_related("person").order_by("order", "pk")),
        "form": form,
    }
    return render(request, "workshops/speakers.html", context)


@login_required
@require_POST
def speaker_remove(request: HttpRequest, pk: int, session_pk: int, speaker_pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, session_pk, perm=CHANGE)
    speaker = get_speaker_for_user(request.user, session, speaker_pk)
    services.speaker_remove(speaker=speaker, by=request.user)
    messages.success(request, _("The speaker was removed."))
    return redirect("workshops:session_speakers", pk=pk, session_pk=session.pk)


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, perm=CHANGE)
    form = LinkForm(request.POST, workshop=workshop)
    if form.is_valid():
        try:
            services.link_add(workshop=workshop, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The link was added."))
            return redirect("workshops:agenda", pk=workshop.pk)
    return _agenda_page(request, workshop, link_form=form)


@login_required
@require_POST
def link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, perm=CHANGE)
    link = get_link_for_user(request.user, workshop, link_pk)
    services.link_remove(link=link, by=request.user)
    messages.success(request, _("The link was removed."))
    return redirect("workshops:agenda", pk=workshop.pk)
