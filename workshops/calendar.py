"""Calendar files (.ics, RFC 5545) for a workshop and for a person's schedule.

Times are written in UTC (``DTSTART:20220209T090000Z``), not as local time
with a ``TZID`` and a ``VTIMEZONE``. A UTC instant means the same moment to
every client: Google Calendar, Outlook and Apple Calendar all show it in
the reader's own zone, which is what a participant joining the TIPC session
from Bangkok needs (09:00–11:00 in London appears as 16:00–18:00). A TZID
form depends on each client understanding the VTIMEZONE we would generate,
which Outlook in particular has mishandled for zones it does not know by a
Windows name, and it gains the reader nothing: the event's own wall-clock
time is written in the description instead ("09:00–11:00 Europe/London").

A person's schedule is a feed that calendar apps subscribe to. They send no
cookies, so the feed URL carries a signed token (django.core.signing) naming
the user; the token also holds a fingerprint of the user's password hash, so
changing the password (or erasing the account) revokes every old link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event, vText

from workshops.models import Registration, Session, Speaker, Workshop
from workshops.selectors import visible_workshops
from workshops.times import in_zone, offset_label

PRODID = "-//Saphan//Workshops//TH"
TOKEN_SALT = "workshops.calendar.feed"
CONTENT_TYPE = "text/calendar; charset=utf-8"


# --- Reads ---------------------------------------------------------------------


def _session_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "sessions",
        queryset=Session.objects.order_by("starts_at", "order", "pk").prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("person"))
        ),
    )


def workshop_for_calendar(workshop: Workshop) -> Workshop:
    """The workshop again with its sessions and speakers (three queries)."""
    return (
        Workshop.objects.select_related("lab")
        .prefetch_related(_session_prefetch())
        .get(pk=workshop.pk)
    )


def registrations_for_feed(user: Any) -> list[Registration]:
    """The user's current registrations (registered or on the waiting list)
    for workshops they may still see, with sessions and speakers: four
    queries whatever the number of workshops."""
    return list(
        Registration.objects.filter(
            person__user_id=user.pk,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
            # The labs rule (public lab | administrator | member) as one
            # filter, so a long feed does not ask the rule per workshop.
            workshop__in=visible_workshops(user).values("pk"),
        )
        .select_related("workshop__lab")
        .prefetch_related(
            Prefetch(
                "workshop__sessions",
                queryset=Session.objects.order_by("starts_at", "order", "pk").prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.select_related("person"))
                ),
            )
        )
        .order_by("workshop_id")
    )


# --- Personal feed tokens ------------------------------------------------------


def _password_fingerprint(user: Any) -> str:
    return salted_hmac(TOKEN_SALT, user.password or "", algorithm="sha256").hexdigest()[:16]


def feed_token(user: Any) -> str:
    return signing.dumps(
        {"u": user.pk, "p": _password_fingerprint(user)}, salt=TOKEN_SALT, compress=True
    )


def user_for_feed_token(token: str) -> Any | None:
    """The active user a token names, or None if it is forged, altered or revoked."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None or not constant_time_compare(
        str(data.get("p", "")), _password_fingerprint(user)
    ):
        return None
    return user


def feed_url(user: Any, *, language: str | None = None) -> str:
    """The absolute URL a calendar app subscribes to (secret: it shows the
    user's schedule to whoever holds it)."""
    query = {"token": feed_token(user)}
    if language:
        query["lang"] = language
    return absolute_url(reverse("workshops:my_ics")) + "?" + urlencode(query)


# --- Building the calendar -----------------------------------------------------


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "saphan.local"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def session_uid(session: Session) -> str:
    # Stable across downloads and languages, so re-importing updates the
    # event instead of duplicating it.
    return f"session-{session.pk}@{site_host()}"


def _location(workshop: Workshop) -> str:
    parts = []
    if workshop.is_onsite and workshop.venue:
        parts.append(workshop.venue)
    if workshop.is_online and workshop.online_url:
        parts.append(workshop.online_url)
    if not parts:
        parts = [p for p in (workshop.venue, workshop.online_url) if p]
    return " / ".join(parts)


def _speaker_line(speaker: Speaker) -> str:
    shown = ", ".join(p for p in (speaker.title_shown, speaker.organisation_shown) if p)
    name = speaker.person.full_name
    return f"- {name} — {shown}" if shown else f"- {name}"


def _event_time_line(session: Session, zone_name: str) -> str:
    start, end = in_zone(session.starts_at, zone_name), in_zone(session.ends_at, zone_name)
    end_text = (
        end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
    )
    return _("Time at the event: %(start)s–%(end)s %(zone)s (%(offset)s)") % {
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": end_text,
        "zone": zone_name,
        "offset": offset_label(start),
    }


def _description(session: Session, workshop: Workshop, url: str) -> str:
    blocks = []
    if session.description.strip():
        blocks.append(session.description.strip())
    speakers = list(session.speakers.all())
    if speakers:
        blocks.append(_("Speakers:") + "\n" + "\n".join(_speaker_line(s) for s in speakers))
    blocks.append(_event_time_line(session, workshop.time_zone))
    if workshop.is_online and workshop.online_url:
        blocks.append(_("Join online: %(url)s") % {"url": workshop.online_url})
    blocks.append(url)
    return "\n\n".join(blocks)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def session_event(
    session: Session, workshop: Workshop, *, status: str, stamp: dt.datetime
) -> Event:
    url = absolute_url(session.get_absolute_url())
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", f"{workshop.title}: {session.title}")
    location = _location(workshop)
    if location:
        event.add("location", location)
    event.add("description", _description(session, workshop, url))
    event.add("url", url)
    event.add("status", status)
    event.add("last-modified", _utc(workshop.updated_at))
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))
    return calendar


def workshop_calendar(workshop: Workshop, *, language: str) -> bytes:
    """The workshop's agenda, one event per session. `workshop` should come
    from workshop_for_calendar() so that no session costs a query."""
    stamp = timezone.now()
    with override(language):
        calendar = _calendar(workshop.title)
        for session in workshop.sessions.all():
            calendar.add_component(
                session_event(session, workshop, status="CONFIRMED", stamp=stamp)
            )
    return calendar.to_ical()


def personal_calendar(registrations: Iterable[Registration], *, language: str) -> bytes:
    """Every session of the workshops a person is registered for; sessions of
    workshops where they are on the waiting list are TENTATIVE."""
    stamp = timezone.now()
    with override(language):
        calendar = _calendar(_("My workshops — Saphan"))
        for registration in registrations:
            status = (
                "TENTATIVE"
                if registration.status == Registration.Status.WAITLISTED
                else "CONFIRMED"
            )
            workshop = registration.workshop
            for session in workshop.sessions.all():
                calendar.add_component(session_event(session, workshop, status=status, stamp=stamp))
    return calendar.to_ical()
