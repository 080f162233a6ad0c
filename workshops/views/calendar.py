"""Calendar files and the printable agenda of workshops.

GET /workshops/<pk>/calendar.ics    the workshop's sessions            (workshops:ics)
GET /workshops/me/calendar.ics      the user's own schedule            (workshops:my_ics)
GET /workshops/<pk>/agenda.pdf      the printable agenda, A4 PDF       (workshops:agenda_pdf)

Calendar apps that subscribe to a feed send no cookies, so both calendars
also accept `?token=` (workshops.calendar.feed_token) in place of a session;
`?lang=th|en` chooses the language of the file, else the reader's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from workshops import calendar
from workshops.access import get_workshop_for_user
from workshops.agenda_pdf import agenda_pdf as render_agenda_pdf


def _language(request: HttpRequest, default: str | None) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return default if default in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _token_user(request: HttpRequest) -> Any | None:
    """The user named by ?token=, None without one; a bad token is refused
    outright, so a calendar app shows an error instead of an empty calendar."""
    token = request.GET.get("token")
    if not token:
        return None
    user = calendar.user_for_feed_token(token)
    if user is None:
        raise PermissionDenied
    return user


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal or members-only content: no shared caches.
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
def ics(request: HttpRequest, pk: int) -> HttpResponse:
    token_user = _token_user(request)
    user = token_user or request.user
    workshop = get_workshop_for_user(user, pk)
    language = _language(request, token_user.language if token_user else get_language())
    body = calendar.workshop_calendar(calendar.workshop_for_calendar(workshop), language=language)
    return _calendar_response(body, f"saphan-workshop-{workshop.pk}.ics")


@require_GET
def my_ics(request: HttpRequest) -> HttpResponse:
    user = _token_user(request)
    language = _language(request, user.language if user else get_language())
    if user is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
    body = calendar.personal_calendar(calendar.registrations_for_feed(user), language=language)
    return _calendar_response(body, "saphan-my-workshops.ics")


@require_GET
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk)
    language = _language(request, get_language())
    pdf = render_agenda_pdf(
        workshop, language=language, viewer_zone=timezone.get_current_timezone_name()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="saphan-agenda-{workshop.pk}-{language}.pdf"'
    )
    response["Cache-Control"] = "private, max-age=0"
    return response
