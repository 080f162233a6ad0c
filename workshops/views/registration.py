"""Registration, the waiting list, attendance and QR self check-in.

Views parse, check access and call workshops.services.registration; the
rules for places, the waiting list and check-in are written there.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from directory.forms import DirectoryForm
from labs.forms import PersonField
from workshops.access import get_session_for_user, get_workshop_for_user
from workshops.models import Attendance, Registration, Session
from workshops.services import registration as services
from workshops.times import span_in_zones

MANAGE = "workshops.change_workshop"


class RegisterSomeoneForm(DirectoryForm):
    person = PersonField(
        label=gettext_lazy("Person"),
        help_text=gettext_lazy("Start typing a name and choose from the suggestions."),
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _registered_message(registration: Registration, *, own: bool) -> str:
    name = registration.person.full_name
    if registration.status == Registration.Status.WAITLISTED:
        position = services.waitlist_position(registration)
        if own:
            return _(
                "The workshop is full: you are number %(position)d on the waiting list. "
                "You will get a place if someone cancels."
            ) % {"position": position}
        return _("The workshop is full: %(name)s is number %(position)d on the waiting list.") % {
            "name": name,
            "position": position,
        }
    if own:
        return _("You are registered for “%(title)s”.") % {"title": registration.workshop.title}
    return _("%(name)s is registered.") % {"name": name}


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: places, your registration and, for those who run the workshop,
    the lists. POST: register yourself, or (`person`) someone else."""
    workshop = get_workshop_for_user(request.user, pk)
    user = request.user
    can_manage = user.has_perm(MANAGE, workshop)
    form = RegisterSomeoneForm()
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            if "person" in request.POST:
                if not can_manage:
                    raise PermissionDenied
                form = RegisterSomeoneForm(request.POST)
                if form.is_valid():
                    registration = services.registration_create(
                        workshop=workshop, person=form.cleaned_data["person"], by=user
                    )
                    messages.success(request, _registered_message(registration, own=False))
                    return redirect("workshops:register", pk=workshop.pk)
            else:
                registration = services.register_user(workshop=workshop, user=user)
                messages.success(request, _registered_message(registration, own=True))
                return redirect("workshops:register", pk=workshop.pk)
        except ValidationError as error:
            if "person" in request.POST:
                form.add_error("person", error)
            else:
                messages.error(request, _error_text(error))
                return redirect("workshops:register", pk=workshop.pk)
    own = services.registration_of(workshop, user)
    overview = services.registration_overview(workshop) if can_manage else None
    return render(
        request,
        "workshops/registration/register.html",
        {
            "workshop": workshop,
            "own": own,
            "own_position": services.waitlist_position(own) if own is not None else None,
            "counts": services.registration_counts(workshop),
            "is_open": services.registration_is_open(workshop),
            "can_manage": can_manage,
            "overview": overview,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel your own registration, or (`registration`, for those who run
    the workshop) someone else's."""
    workshop = get_workshop_for_user(request.user, pk)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(reverse("workshops:register", args=[workshop.pk]))
    raw = request.POST.get("registration", "")
    if raw:
        if not raw.isdigit():
            messages.error(request, _("That registration does not exist."))
            return redirect("workshops:register", pk=workshop.pk)
        registration = get_object_or_404(
            Registration.objects.select_related("person"), workshop=workshop, pk=int(raw)
        )
        own = registration.person.user_id == user.pk
        if not own and not user.has_perm(MANAGE, workshop):
            raise PermissionDenied
    else:
        found = services.registration_of(workshop, user)
        if found is None:
            messages.error(request, _("You are not registered for this workshop."))
            return redirect("workshops:register", pk=workshop.pk)
        registration, own = found, True
    registration.workshop = workshop
    try:
        promoted = services.registration_cancel(registration=registration, by=user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("workshops:register", pk=workshop.pk)
    if own:
        messages.success(request, _("Your registration is cancelled."))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.")
            % {"name": registration.person.full_name},
        )
    if promoted is not None:
        messages.info(
            request,
            _("%(name)s moved up from the waiting list and has a place.")
            % {"name": promoted.person.full_name},
        )
    return redirect("workshops:register", pk=workshop.pk)


# --- Attendance -------------------------------------------------------------------


def _cells(values: list[str]) -> set[tuple[int, int]]:
    """ "<session id>-<person id>" values of the sheet's checkboxes."""
    cells = set()
    for value in values:
        session_id, _sep, person_id = value.partition("-")
        if not (session_id.isdigit() and person_id.isdigit()):
            raise ValidationError(_("The attendance sheet sent something unexpected."))
        cells.add((int(session_id), int(person_id)))
    return cells


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Registered people × sessions, ticked in by the facilitator; with
    `?session=` one session only, which suits a phone. Below: the figures
    by session, sector and organisation."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workshop = get_workshop_for_user(request.user, pk, perm=MANAGE)
    session = None
    raw = request.GET.get("session", "")
    if raw.isdigit():
        session = Session.objects.filter(workshop=workshop, pk=int(raw)).first()
    if request.method == "POST":
        try:
            # Only the cells the facilitator changed: a self check-in made
            # while the sheet was open is neither removed nor doubled.
            ticked = _cells(request.POST.getlist("present"))
            shown_ticked = _cells(request.POST.getlist("was"))
            added, removed = services.attendance_apply(
                workshop=workshop,
                add=ticked - shown_ticked,
                remove=shown_ticked - ticked,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Attendance saved: %(added)d ticked in, %(removed)d removed.")
                % {"added": added, "removed": removed},
            )
        url = reverse("workshops:attendance", args=[workshop.pk])
        return redirect(f"{url}?session={session.pk}" if session else url)
    sheet = services.attendance_sheet(workshop, session=session)
    all_sessions = list(
        Session.objects.filter(workshop=workshop).order_by("starts_at", "order", "pk")
    )
    return render(
        request,
        "workshops/registration/attendance.html",
        {
            "workshop": workshop,
            "sheet": sheet,
            "session": session,
            "all_sessions": [
                (s, span_in_zones(s.starts_at, s.ends_at, event_zone=workshop.time_zone))
                for s in all_sessions
            ],
        },
    )


# --- QR self check-in ------------------------------------------------------------


def checkin_url(request: HttpRequest, session: Session) -> str:
    return request.build_absolute_uri(
        reverse("workshops:checkin", args=[session.workshop_id, services.checkin_token(session)])
    )


@require_http_methods(["GET"])
def checkin_qr(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """The QR code a facilitator shows at the venue for one session."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = get_session_for_user(request.user, pk, session_pk, perm=MANAGE)
    workshop = session.workshop
    url = checkin_url(request, session)
    opens, closes = services.checkin_window(session)
    # Drawn here, as inline SVG: no image service sees the signed URL.
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", title=_("Check-in QR code"))
    sessions = list(Session.objects.filter(workshop=workshop).order_by("starts_at", "order", "pk"))
    return render(
        request,
        "workshops/registration/checkin_qr.html",
        {
            "workshop": workshop,
            "session": session,
            "span": span_in_zones(
                session.starts_at, session.ends_at, event_zone=workshop.time_zone
            ),
            "window": span_in_zones(opens, closes, event_zone=workshop.time_zone),
            "is_open": opens <= timezone.now() <= closes,
            "qr_svg": svg,
            "url": url,
            "sessions": sessions,
            "checked_in": Attendance.objects.filter(session=session).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Where the QR code leads. GET checks the code and asks to confirm;
    POST checks the signed-in person in. A bad code records nothing."""
    workshop = get_workshop_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context: dict[str, Any] = {"workshop": workshop, "token": token}
    if request.method == "POST":
        try:
            result = services.checkin_user(workshop=workshop, token=token, user=request.user)
        except ValidationError as error:
            context["error"] = _error_text(error)
            return render(request, "workshops/registration/checkin.html", context, status=400)
        if result.registered_on_the_spot:
            messages.info(
                request, _("There was a free place: you are now registered for this workshop.")
            )
        if result.created:
            messages.success(
                request, _("You are checked in for “%(title)s”.") % {"title": result.session.title}
            )
        return redirect("workshops:checkin", pk=workshop.pk, token=token)
    try:
        session = services.checkin_session(workshop=workshop, token=token)
    except ValidationError as error:
        context["error"] = _error_text(error)
        return render(request, "workshops/registration/checkin.html", context, status=400)
    own = services.registration_of(workshop, request.user)
    context.update(
        {
            "session": session,
            "span": span_in_zones(
                session.starts_at, session.ends_at, event_zone=workshop.time_zone
            ),
            "own": own,
            "checked_in": Attendance.objects.filter(
                session=session, person__user_id=request.user.pk
            ).first(),
        }
    )
    return render(request, "workshops/registration/checkin.html", context)
