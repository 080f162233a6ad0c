"""Registration, the waiting list and attendance (per session).

Places. A workshop with a capacity has that many places. A registration
past it goes to the waiting list, in order of arrival; a place freed by a
cancellation (or by a larger capacity, through waitlist_fill) goes to the
first in line in the same transaction. There are never more people
registered than the capacity. Registration closes when the workshop's last
session has ended: after the event the list is the record of who was
expected.

Concurrency. Every write that takes or frees a place first locks the
workshop row (`select_for_update`), so two registrations or cancellations
for the same workshop at once run one after the other, and the second
counts the places the first has just taken. SQLite has no row locks but
lets one transaction write at a time; there the lock is taken by writing
to the row as the transaction's first statement, so the second transaction
waits (the busy timeout) instead of failing on a stale snapshot.

Attendance is per session, since people leave early: a facilitator ticks
registered people in on the attendance sheet, or participants check
themselves in by scanning the QR code shown at the venue.

Self check-in. The QR code encodes the URL of `workshops:checkin` with a
token signed by django.core.signing, salted with the workshop and session,
so a code is valid for that session only. It is accepted from an hour
before the session starts until half an hour after it ends (late scans
while people leave the room). The policy for who may check in:

- someone registered is checked in (again: nothing changes, it is idempotent);
- someone not registered, or who cancelled, is registered on the spot when
  there is a free place: an empty seat at the venue is a place;
- someone on the waiting list, or not registered when the workshop is
  full, is refused and asked to see the facilitator, who may free a place.

A code from another workshop or session, an expired or an altered code is
refused with a message saying which, and nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from directory.models import Organisation, Person, Sector
from labs.services import person_for_user
from workshops.models import Attendance, Registration, Session, Workshop
from workshops.selectors import representing

Status = Registration.Status

CHECKIN_OPENS_BEFORE = dt.timedelta(hours=1)
CHECKIN_CLOSES_AFTER = dt.timedelta(minutes=30)


# --- Places ---------------------------------------------------------------------


def _lock_workshop(workshop_id: int) -> Workshop:
    """The workshop row, locked until the end of the caller's transaction.
    Call it first in the transaction, with the id (not a lazy relation)."""
    if connection.vendor == "sqlite":
        # A no-op write takes SQLite's write lock before anything is read:
        # a transaction that read first could not wait for the lock (its
        # snapshot would be stale) and would fail with "database is locked".
        Workshop.objects.filter(pk=workshop_id).update(capacity=F("capacity"))
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def _registered_count(workshop: Workshop) -> int:
    return Registration.objects.filter(workshop=workshop, status=Status.REGISTERED).count()


def _has_room(workshop: Workshop) -> bool:
    return workshop.capacity is None or _registered_count(workshop) < workshop.capacity


def registration_is_open(workshop: Workshop) -> bool:
    """Open until the last session has ended (a workshop without sessions is open)."""
    return not workshop.is_past


def _check_open(workshop: Workshop) -> None:
    if not registration_is_open(workshop):
        raise ValidationError(_("Registration is closed: this workshop has ended."), code="closed")


def _waiting(workshop: Workshop) -> list[Registration]:
    return list(
        Registration.objects.filter(workshop=workshop, status=Status.WAITLISTED)
        .select_related("person")
        .order_by("created_at", "pk")
    )


def _fill(workshop: Workshop, by: Any) -> list[Registration]:
    """Move the first in line up while there are free places (workshop locked)."""
    if workshop.capacity is None:
        free = len(_waiting(workshop))
    else:
        free = workshop.capacity - _registered_count(workshop)
    promoted: list[Registration] = []
    if free <= 0:
        return promoted
    for registration in _waiting(workshop)[:free]:
        registration.status = Status.REGISTERED
        registration.save(update_fields=["status"])
        audit_record(
            actor=by,
            action="workshops.registration.promote",
            obj=registration,
            changes={"status": [Status.WAITLISTED, Status.REGISTERED], "workshop": workshop.pk},
        )
        promoted.append(registration)
    return promoted


@transaction.atomic
def waitlist_fill(*, workshop: Workshop, by: Any) -> list[Registration]:
    """Give free places to the waiting list, first come first served; call
    after raising a workshop's capacity. Returns those moved up."""
    locked = _lock_workshop(workshop.pk)
    if not registration_is_open(locked):
        return []
    return _fill(locked, by)


@transaction.atomic
def registration_create(*, workshop: Workshop, person: Person, by: Any) -> Registration:
    """Register `person`; past capacity they go to the waiting list.

    Raises ValidationError, changing nothing, when registration is closed or
    the person is already registered or waiting.
    """
    locked = _lock_workshop(workshop.pk)
    _check_open(locked)
    # A place freed without a cancellation (a larger capacity) goes to those
    # already waiting before a newcomer.
    _fill(locked, by)
    existing = Registration.objects.filter(workshop=locked, person=person).first()
    if existing is not None and existing.status == Status.REGISTERED:
        raise ValidationError(
            _("%(name)s is already registered for this workshop.") % {"name": person.full_name},
            code="registered",
        )
    if existing is not None and existing.status == Status.WAITLISTED:
        raise ValidationError(
            _("%(name)s is already on the waiting list.") % {"name": person.full_name},
            code="waitlisted",
        )
    status = Status.REGISTERED if _has_room(locked) else Status.WAITLISTED
    now = timezone.now()
    if existing is not None:
        # Registering again after cancelling: back of the queue, as a newcomer.
        registration = existing
        registration.status, registration.created_at, registration.cancelled_at = status, now, None
        registration.save(update_fields=["status", "created_at", "cancelled_at"])
    else:
        registration = Registration.objects.create(
            workshop=locked, person=person, status=status, created_at=now
        )
    audit_record(
        actor=by,
        action="workshops.registration.create",
        obj=registration,
        changes={"workshop": locked.pk, "person": person.pk, "status": status},
    )
    registration.workshop = locked
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: Any) -> Registration | None:
    """Cancel; the place freed goes to the first on the waiting list, who is
    returned (None when no one moved up).

    Raises ValidationError, changing nothing, for a registration already
    cancelled or a workshop that has ended (the list is then the record).
    """
    locked = _lock_workshop(registration.workshop_id)
    _check_open(locked)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    before = current.status
    current.status, current.cancelled_at = Status.CANCELLED, timezone.now()
    current.save(update_fields=["status", "cancelled_at"])
    audit_record(
        actor=by,
        action="workshops.registration.cancel",
        obj=current,
        changes={"status": [before, Status.CANCELLED], "workshop": locked.pk},
    )
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    promoted = _fill(locked, by)
    return promoted[0] if promoted else None


@transaction.atomic
def register_user(*, workshop: Workshop, user: Any) -> Registration:
    """Register a signed-in user: their directory person, created from the
    account when there is none (and not kept if the registration is refused)."""
    _lock_workshop(workshop.pk)
    person = person_for_user(user=user, by=user)
    return registration_create(workshop=workshop, person=person, by=user)


# --- Attendance -----------------------------------------------------------------


def _check_registered(session: Session, person: Person) -> None:
    if not Registration.objects.filter(
        workshop_id=session.workshop_id, person=person, status=Status.REGISTERED
    ).exists():
        raise ValidationError(
            _("%(name)s is not registered for this workshop.") % {"name": person.full_name},
            code="not_registered",
        )


def _mark(session: Session, person: Person, method: str, by: Any) -> tuple[Attendance, bool]:
    attendance, created = Attendance.objects.get_or_create(
        session=session, person=person, defaults={"method": method}
    )
    if created:
        audit_record(
            actor=by,
            action="workshops.attendance.add",
            obj=attendance,
            changes={"session": session.pk, "person": person.pk, "method": method},
        )
    return attendance, created


@transaction.atomic
def attendance_mark(
    *, session: Session, person: Person, by: Any, method: str = Attendance.Method.FACILITATOR
) -> tuple[Attendance, bool]:
    """Tick a registered person in for one session; ticking twice changes
    nothing. Returns the attendance and whether it is new."""
    _lock_workshop(session.workshop_id)
    _check_registered(session, person)
    return _mark(session, person, method, by)


@transaction.atomic
def attendance_unmark(*, session: Session, person: Person, by: Any) -> bool:
    _lock_workshop(session.workshop_id)
    attendance = Attendance.objects.filter(session=session, person=person).first()
    if attendance is None:
        return False
    audit_record(
        actor=by,
        action="workshops.attendance.remove",
        obj=attendance,
        changes={"session": session.pk, "person": person.pk, "method": attendance.method},
    )
    attendance.delete()
    return True


@transaction.atomic
def attendance_apply(
    *,
    workshop: Workshop,
    add: Iterable[tuple[int, int]],
    remove: Iterable[tuple[int, int]],
    by: Any,
) -> tuple[int, int]:
    """Apply the changes of an attendance sheet: (session id, person id)
    pairs ticked and unticked. Only cells the facilitator changed are sent,
    so self check-ins made while the sheet was open are kept.

    Raises ValidationError, changing nothing, for a session of another
    workshop or someone not registered. Returns (added, removed).
    """
    _lock_workshop(workshop.pk)
    add, remove = set(add), set(remove)
    sessions = {s.pk: s for s in Session.objects.filter(workshop=workshop)}
    registered = set(
        Registration.objects.filter(workshop=workshop, status=Status.REGISTERED).values_list(
            "person_id", flat=True
        )
    )
    if any(s not in sessions for s, _p in add | remove):
        raise ValidationError(_("That session is not part of this workshop."), code="session")
    if any(p not in registered for _s, p in add):
        raise ValidationError(
            _("Only people registered for the workshop can be ticked in."), code="not_registered"
        )
    people = Person.objects.in_bulk({p for _s, p in add | remove})
    added = sum(
        1
        for s, p in sorted(add)
        if _mark(sessions[s], people[p], Attendance.Method.FACILITATOR, by)[1]
    )
    removed = 0
    for s, p in sorted(remove):
        if p in people:
            removed += attendance_unmark(session=sessions[s], person=people[p], by=by)
    return added, removed


# --- Self check-in with the QR code ---------------------------------------------


def _salt(workshop_id: int, session_id: int) -> str:
    return f"saphan.workshops.checkin:{workshop_id}:{session_id}"


def checkin_token(session: Session) -> str:
    """The token in the QR code of a session: signed, valid for it alone."""
    payload = {"w": session.workshop_id, "s": session.pk}
    # No timestamp: the window comes from the session's own times, so the
    # code stays the same (and short, for a sparse QR code) all session long.
    return signing.Signer(salt=_salt(session.workshop_id, session.pk)).sign_object(payload)


def checkin_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - CHECKIN_OPENS_BEFORE, session.ends_at + CHECKIN_CLOSES_AFTER


def _claimed(token: str) -> dict[str, Any]:
    """What an unverified token says, only to tell which error to show:
    nothing is accepted before the signature is checked."""
    try:
        data = json.loads(signing.b64_decode(token.split(":", 1)[0].encode()))
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def checkin_session(*, workshop: Workshop, token: str, now: dt.datetime | None = None) -> Session:
    """The session a scanned token checks in to, if the token is good now.

    Raises ValidationError with a code: `invalid` (not a check-in code, or
    altered), `other_workshop`, `expired`, `not_yet`.
    """
    claimed = _claimed(token)
    invalid = ValidationError(
        _("This check-in code is not valid: it may have been copied incompletely or altered."),
        code="invalid",
    )
    session_id, workshop_id = claimed.get("s"), claimed.get("w")
    if not isinstance(session_id, int) or not isinstance(workshop_id, int):
        raise invalid
    if workshop_id != workshop.pk:
        raise ValidationError(
            _("This QR code is for another workshop, not “%(title)s”.") % {"title": workshop.title},
            code="other_workshop",
        )
    session = Session.objects.filter(workshop=workshop, pk=session_id).first()
    if session is None:
        raise ValidationError(
            _("This QR code is for a session that is not part of this workshop."),
            code="other_workshop",
        )
    try:
        payload = signing.Signer(salt=_salt(workshop.pk, session.pk)).unsign_object(token)
    except signing.BadSignature:
        raise invalid from None
    if payload != {"w": workshop.pk, "s": session.pk}:
        raise invalid
    opens, closes = checkin_window(session)
    now = now or timezone.now()
    if now > closes:
        raise ValidationError(
            _("This QR code has expired: check-in for “%(title)s” has closed.")
            % {"title": session.title},
            code="expired",
        )
    if now < opens:
        raise ValidationError(
            _("Check-in for “%(title)s” has not opened yet; it opens an hour before the session.")
            % {"title": session.title},
            code="not_yet",
        )
    session.workshop = workshop
    return session


@dataclass(frozen=True)
class CheckIn:
    session: Session
    attendance: Attendance
    created: bool  # False when the person had already checked in
    registered_on_the_spot: bool


@transaction.atomic
def self_checkin(
    *, workshop: Workshop, token: str, person: Person, by: Any, now: dt.datetime | None = None
) -> CheckIn:
    """Check `person` in with a scanned token (the policy is in the module's
    docstring). Raises ValidationError, recording nothing, for a bad token
    or someone who has no place."""
    locked = _lock_workshop(workshop.pk)
    session = checkin_session(workshop=workshop, token=token, now=now)
    # Free places go to the waiting list first, then to walk-ins.
    _fill(locked, by)
    registration = Registration.objects.filter(workshop=locked, person=person).first()
    on_the_spot = False
    if registration is not None and registration.status == Status.WAITLISTED:
        raise ValidationError(
            _("You are on the waiting list and the workshop is full. Please see the facilitator."),
            code="full",
        )
    if registration is None or registration.status == Status.CANCELLED:
        if not _has_room(locked):
            raise ValidationError(
                _("You are not registered and the workshop is full. Please see the facilitator."),
                code="full",
            )
        registration_create(workshop=locked, person=person, by=by)
        on_the_spot = True
    attendance, created = _mark(session, person, Attendance.Method.QR, by)
    return CheckIn(
        session=session, attendance=attendance, created=created, registered_on_the_spot=on_the_spot
    )


@transaction.atomic
def checkin_user(
    *, workshop: Workshop, token: str, user: Any, now: dt.datetime | None = None
) -> CheckIn:
    """Self check-in of a signed-in user (see self_checkin)."""
    _lock_workshop(workshop.pk)
    # The token first: a bad code must not create a person on the way.
    checkin_session(workshop=workshop, token=token, now=now)
    person = person_for_user(user=user, by=user)
    return self_checkin(workshop=workshop, token=token, person=person, by=user, now=now)


# --- Reads for the registration and attendance pages ----------------------------
# (beside the writes they mirror; they fetch related rows up front, so a page
# costs the same number of queries whatever the number of people.)


@dataclass(frozen=True)
class RegistrationRow:
    registration: Registration
    organisation: Organisation | None
    position: int | None = None  # on the waiting list, from 1


@dataclass
class RegistrationOverview:
    workshop: Workshop
    registered: list[RegistrationRow]
    waitlisted: list[RegistrationRow]
    cancelled: list[RegistrationRow]

    @property
    def places_left(self) -> int | None:
        if self.workshop.capacity is None:
            return None
        return max(self.workshop.capacity - len(self.registered), 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0


def registration_overview(workshop: Workshop) -> RegistrationOverview:
    registrations = list(
        Registration.objects.filter(workshop=workshop)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    orgs = representing(workshop, {r.person_id for r in registrations})
    rows: dict[str, list[RegistrationRow]] = {s: [] for s in Status.values}
    for registration in registrations:
        bucket = rows[registration.status]
        position = len(bucket) + 1 if registration.status == Status.WAITLISTED else None
        bucket.append(RegistrationRow(registration, orgs.get(registration.person_id), position))
    return RegistrationOverview(
        workshop=workshop,
        registered=rows[Status.REGISTERED],
        waitlisted=rows[Status.WAITLISTED],
        cancelled=sorted(rows[Status.CANCELLED], key=lambda r: r.registration.person.full_name),
    )


@dataclass(frozen=True)
class RegistrationCounts:
    registered: int
    waitlisted: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)


def registration_counts(workshop: Workshop) -> RegistrationCounts:
    counts = Counter(
        Registration.objects.filter(workshop=workshop)
        .exclude(status=Status.CANCELLED)
        .values_list("status", flat=True)
    )
    return RegistrationCounts(
        registered=counts.get(Status.REGISTERED, 0),
        waitlisted=counts.get(Status.WAITLISTED, 0),
        capacity=workshop.capacity,
    )


def registration_of(workshop: Workshop, user: Any) -> Registration | None:
    """The signed-in user's own registration, if any."""
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(workshop=workshop, person__user_id=user.pk).first()


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(workshop_id=registration.workshop_id, status=Status.WAITLISTED)
        .filter(created_at__lt=registration.created_at)
        .count()
    )
    same_time = Registration.objects.filter(
        workshop_id=registration.workshop_id,
        status=Status.WAITLISTED,
        created_at=registration.created_at,
        pk__lt=registration.pk,
    ).count()
    return ahead + same_time + 1


@dataclass(frozen=True)
class SheetRow:
    person: Person
    organisation: Organisation | None
    cells: list[tuple[Session, bool]]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    registered: int
    attended: int  # at least one session

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.registered) if self.registered else 0


@dataclass(frozen=True)
class SessionFigure:
    session: Session
    attended: int
    by_qr: int


@dataclass
class AttendanceSheet:
    workshop: Workshop
    sessions: list[Session]
    rows: list[SheetRow]
    per_session: list[SessionFigure]
    by_sector: list[Figure]
    by_organisation: list[Figure]
    registered: int
    attended: int
    walk_ins: int = 0  # checked in, not (or no longer) registered
    ticked: set[tuple[int, int]] = field(default_factory=set)


def attendance_sheet(workshop: Workshop, *, session: Session | None = None) -> AttendanceSheet:
    """Registered people × sessions with who attended, and the figures by
    sector and organisation, in a fixed number of queries (five).

    `session` narrows the columns to one (the phone view); the figures
    always cover the whole workshop.
    """
    sessions = list(
        Session.objects.filter(workshop=workshop)
        .order_by("starts_at", "order", "pk")
        .prefetch_related(
            Prefetch(
                "attendances", queryset=Attendance.objects.only("session_id", "person_id", "method")
            )
        )
    )
    registrations = list(
        Registration.objects.filter(workshop=workshop, status=Status.REGISTERED)
        .select_related("person")
        .order_by("person__first_name_th", "person__first_name_en", "pk")
    )
    ticked = {(s.pk, a.person_id) for s in sessions for a in s.attendances.all()}
    attended_ids = {p for _s, p in ticked}
    registered_ids = {r.person_id for r in registrations}
    orgs = representing(workshop, registered_ids | attended_ids)
    shown = [s for s in sessions if session is None or s.pk == session.pk]
    rows = [
        SheetRow(
            person=r.person,
            organisation=orgs.get(r.person_id),
            cells=[(s, (s.pk, r.person_id) in ticked) for s in shown],
        )
        for r in registrations
    ]
    sector_labels = dict(Sector.choices)
    by_sector: Counter[str] = Counter()
    by_sector_attended: Counter[str] = Counter()
    by_org: Counter[int | None] = Counter()
    by_org_attended: Counter[int | None] = Counter()
    org_objects: dict[int | None, Organisation | None] = {None: None}
    # Everyone registered, plus walk-ins the facilitator unregistered after
    # they came: the figures count who was in the room.
    for person_id in registered_ids | attended_ids:
        org = orgs.get(person_id)
        sector = org.sector if org is not None else ""
        key = org.pk if org is not None else None
        org_objects[key] = org
        came = person_id in attended_ids
        if person_id in registered_ids:
            by_sector[sector] += 1
            by_org[key] += 1
        by_sector_attended[sector] += came
        by_org_attended[key] += came
    unknown = _("Not known")
    sectors = [
        Figure(
            key=s or "unknown",
            label=str(sector_labels.get(s, unknown)) if s else unknown,
            registered=by_sector[s],
            attended=by_sector_attended[s],
        )
        for s in set(by_sector) | set(by_sector_attended)
    ]
    organisations = [
        Figure(
            key=str(k) if k is not None else "unknown",
            label=(org_objects[k].display_name if org_objects[k] is not None else unknown),  # type: ignore[union-attr]
            registered=by_org[k],
            attended=by_org_attended[k],
        )
        for k in set(by_org) | set(by_org_attended)
    ]
    order = {s: i for i, s in enumerate(Sector.values)}
    sectors.sort(key=lambda f: (order.get(f.key, len(order)), f.label))
    organisations.sort(key=lambda f: (-f.attended, -f.registered, f.label))
    return AttendanceSheet(
        workshop=workshop,
        sessions=shown,
        rows=rows,
        per_session=[
            SessionFigure(
                session=s,
                attended=len(s.attendances.all()),
                by_qr=sum(1 for a in s.attendances.all() if a.method == Attendance.Method.QR),
            )
            for s in sessions
        ],
        by_sector=sectors,
        by_organisation=organisations,
        registered=len(registered_ids),
        attended=len(attended_ids),
        walk_ins=len(attended_ids - registered_ids),
        ticked=ticked,
    )
