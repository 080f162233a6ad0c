"""Writes to a workshop and its agenda: the workshop itself, sessions,
speakers and links to read beforehand.

Each service: keyword-only arguments, one transaction, an audit entry. Bad
input raises a ValidationError with a translated message and, the
transaction rolling back, changes nothing.

Times: aware datetimes are taken as they are; naive ones are read as
wall-clock time in the workshop's own time zone (how organisers write an
agenda). The database stores UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record, diff, snapshot
from directory.models import Organisation, Person
from labs.models import Challenge, Lab
from lib.service_fields import check_known, cleaned
from lib.thai.text import clean
from workshops.models import Link, Session, Speaker, Workshop
from workshops.times import ensure_aware, in_zone, is_valid_zone

WORKSHOP_FIELDS = (
    "title_th",
    "title_en",
    "description",
    "format",
    "venue",
    "online_url",
    "time_zone",
    "capacity",
)
SESSION_FIELDS = ("title_th", "title_en", "description", "starts_at", "ends_at", "order")
SPEAKER_FIELDS = ("title_shown", "organisation_shown", "order")
_TEXT_FIELDS = {"title_th", "title_en", "venue", "title_shown", "organisation_shown", "title"}


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    return cleaned(fields, _TEXT_FIELDS)


# --- Workshops -----------------------------------------------------------------


def _check_workshop(workshop: Workshop) -> None:
    if not is_valid_zone(workshop.time_zone):
        raise ValidationError(
            {
                "time_zone": _("“%(zone)s” is not a time zone; use a name such as Asia/Bangkok.")
                % {"zone": workshop.time_zone}
            }
        )
    if workshop.capacity is not None and workshop.capacity < 1:
        raise ValidationError(
            {"capacity": _("Capacity must be at least one, or empty for no limit.")}
        )
    workshop.full_clean(exclude=["lab"])


def _check_challenges(lab: Lab, challenges: Iterable[Challenge]) -> list[Challenge]:
    chosen = list(challenges)
    if any(c.lab_id != lab.pk for c in chosen):
        raise ValidationError(
            {"challenges": _("A workshop can only address challenges of its own lab.")}
        )
    return chosen


def _workshop_state(workshop: Workshop) -> dict[str, Any]:
    return {
        **snapshot(workshop, WORKSHOP_FIELDS),
        "challenges": sorted(c.pk for c in workshop.challenges.all()),
    }


@transaction.atomic
def workshop_create(
    *,
    by: Any,
    lab: Lab,
    title_th: str,
    challenges: Iterable[Challenge] = (),
    **fields: Any,
) -> Workshop:
    check_known(fields, WORKSHOP_FIELDS, "workshop_create")
    workshop = Workshop(lab=lab, **_cleaned({"title_th": title_th, **fields}))
    _check_workshop(workshop)
    chosen = _check_challenges(lab, challenges)
    workshop.save()
    workshop.challenges.set(chosen)
    audit_record(
        actor=by,
        action="workshops.workshop.create",
        obj=workshop,
        changes={"lab": lab.pk, **_workshop_state(workshop)},
    )
    return workshop


@transaction.atomic
def workshop_update(
    *,
    workshop: Workshop,
    by: Any,
    challenges: Iterable[Challenge] | None = None,
    **fields: Any,
) -> Workshop:
    """Changing the time zone keeps the sessions' instants (stored in UTC);
    their wall-clock times in the new zone follow from them."""
    check_known(fields, WORKSHOP_FIELDS, "workshop_update")
    before = _workshop_state(workshop)
    for name, value in _cleaned(fields).items():
        setattr(workshop, name, value)
    _check_workshop(workshop)
    workshop.save()
    if challenges is not None:
        workshop.challenges.set(_check_challenges(workshop.lab, challenges))
    changes = diff(before, _workshop_state(workshop))
    if changes:
        audit_record(actor=by, action="workshops.workshop.update", obj=workshop, changes=changes)
    if "capacity" in changes:
        # More places (or no limit any more): the waiting list moves up now,
        # not at the next registration.
        from workshops.services.registration import waitlist_fill

        waitlist_fill(workshop=workshop, by=by)
    return workshop


# --- Sessions ------------------------------------------------------------------


def _format_span(session: Session, zone_name: str) -> str:
    start, end = in_zone(session.starts_at, zone_name), in_zone(session.ends_at, zone_name)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _check_session(session: Session) -> None:
    workshop = session.workshop
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    # Sessions that only touch (one ends at 10:30, the next starts at 10:30) are fine.
    clash = (
        Session.objects.filter(
            workshop=workshop, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
        )
        .exclude(pk=session.pk)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": _("This session overlaps “%(title)s” (%(times)s, %(zone)s).")
                % {
                    "title": clash.title,
                    "times": _format_span(clash, workshop.time_zone),
                    "zone": workshop.time_zone,
                }
            }
        )
    session.full_clean(exclude=["workshop"])


def _session_state(session: Session) -> dict[str, Any]:
    return {
        **snapshot(session, SESSION_FIELDS),
        "facilitators": sorted(p.pk for p in session.facilitators.all()),
        "invited_organisations": sorted(o.pk for o in session.invited_organisations.all()),
    }


@transaction.atomic
def session_add(
    *,
    workshop: Workshop,
    by: Any,
    title_th: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    facilitators: Iterable[Person] = (),
    invited_organisations: Iterable[Organisation] = (),
    **fields: Any,
) -> Session:
    check_known(fields, SESSION_FIELDS, "session_add")
    session = Session(
        workshop=workshop,
        **_cleaned(
            {
                "title_th": title_th,
                "starts_at": ensure_aware(starts_at, workshop.time_zone),
                "ends_at": ensure_aware(ends_at, workshop.time_zone),
                **fields,
            }
        ),
    )
    _check_session(session)
    session.save()
    session.facilitators.set(list(facilitators))
    session.invited_organisations.set(list(invited_organisations))
    audit_record(
        actor=by, action="workshops.session.add", obj=session, changes=_session_state(session)
    )
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    by: Any,
    facilitators: Iterable[Person] | None = None,
    invited_organisations: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Session:
    check_known(fields, SESSION_FIELDS, "session_update")
    zone_name = session.workshop.time_zone
    for name in ("starts_at", "ends_at"):
        if name in fields:
            fields[name] = ensure_aware(fields[name], zone_name)
    before = _session_state(session)
    for name, value in _cleaned(fields).items():
        setattr(session, name, value)
    _check_session(session)
    session.save()
    if facilitators is not None:
        session.facilitators.set(list(facilitators))
    if invited_organisations is not None:
        session.invited_organisations.set(list(invited_organisations))
    changes = diff(before, _session_state(session))
    if changes:
        audit_record(actor=by, action="workshops.session.update", obj=session, changes=changes)
    return session


@transaction.atomic
def session_remove(*, session: Session, by: Any) -> None:
    """Removes the session with its speakers, links, groups and attendance."""
    workshop = session.workshop
    state = {"id": session.pk, **_session_state(session)}
    session.delete()
    audit_record(
        actor=by, action="workshops.session.remove", obj=workshop, changes={"session": state}
    )


# --- Speakers ------------------------------------------------------------------


@transaction.atomic
def speaker_add(
    *,
    session: Session,
    person: Person,
    by: Any,
    title_shown: str = "",
    organisation_shown: str = "",
    order: int | None = None,
) -> Speaker:
    if session.speakers.filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(person)s already speaks in this session.") % {"person": person}}
        )
    if order is None:
        order = session.speakers.count()
    speaker = Speaker(
        session=session,
        person=person,
        **_cleaned({"title_shown": title_shown, "organisation_shown": organisation_shown}),
        order=order,
    )
    speaker.full_clean(exclude=["session", "person"])
    speaker.save()
    audit_record(
        actor=by,
        action="workshops.speaker.add",
        obj=speaker,
        changes={"session": session.pk, "person": person.pk, **snapshot(speaker, SPEAKER_FIELDS)},
    )
    return speaker


@transaction.atomic
def speaker_update(*, speaker: Speaker, by: Any, **fields: Any) -> Speaker:
    check_known(fields, SPEAKER_FIELDS, "speaker_update")
    before = snapshot(speaker, SPEAKER_FIELDS)
    for name, value in _cleaned(fields).items():
        setattr(speaker, name, value)
    speaker.full_clean(exclude=["session", "person"])
    speaker.save()
    changes = diff(before, snapshot(speaker, SPEAKER_FIELDS))
    if changes:
        audit_record(actor=by, action="workshops.speaker.update", obj=speaker, changes=changes)
    return speaker


@transaction.atomic
def speaker_remove(*, speaker: Speaker, by: Any) -> None:
    session = speaker.session
    state = {"person": speaker.person_id, **snapshot(speaker, SPEAKER_FIELDS)}
    speaker.delete()
    audit_record(
        actor=by, action="workshops.speaker.remove", obj=session, changes={"speaker": state}
    )


# --- Links to read beforehand ------------------------------------------------------


@transaction.atomic
def link_add(
    *, workshop: Workshop, by: Any, title: str, url: str, session: Session | None = None
) -> Link:
    if session is not None and session.workshop_id != workshop.pk:
        raise ValidationError({"session": _("That session belongs to another workshop.")})
    link = Link(workshop=workshop, session=session, title=clean(title), url=url.strip())
    link.full_clean(exclude=["workshop", "session"])
    link.save()
    audit_record(
        actor=by,
        action="workshops.link.add",
        obj=link,
        changes={
            "workshop": workshop.pk,
            "session": session.pk if session else None,
            "title": link.title,
            "url": link.url,
        },
    )
    return link


@transaction.atomic
def link_remove(*, link: Link, by: Any) -> None:
    workshop = link.workshop
    state = {"title": link.title, "url": link.url, "session": link.session_id}
    link.delete()
    audit_record(actor=by, action="workshops.link.remove", obj=workshop, changes={"link": state})
