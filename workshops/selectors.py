"""Reads for the workshops' pages and API.

Every selector builds its select_related/prefetch_related in, so the
workshop page costs the same number of queries with three sessions or
thirty, and ten group members or five hundred (the view tests assert it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from directory.models import Affiliation, Organisation, Person, Sector
from directory.selectors import current_on
from labs.models import Member, Role
from workshops.grouping import Participant, evaluate, fewest_same_org_pairs
from workshops.models import (
    Attendance,
    BreakoutGroup,
    GroupMember,
    Link,
    Registration,
    Session,
    Speaker,
    Workshop,
)
from workshops.times import SpanInZones, span_in_zones

# --- Who represents what ----------------------------------------------------------


def representing(workshop: Workshop, person_ids: Iterable[int]) -> dict[int, Organisation | None]:
    """The organisation each person represents at the workshop (two queries).

    The organisation the lab recorded for its member comes first (people
    represent one agency in a lab); else the person's current affiliation,
    the latest started first; else None.
    """
    ids = set(person_ids)
    result: dict[int, Organisation | None] = dict.fromkeys(ids)
    if not ids:
        return result
    for person_id, organisation in (
        (m.person_id, m.organisation)
        for m in Member.objects.filter(
            lab_id=workshop.lab_id, person_id__in=ids, organisation__isnull=False
        ).select_related("organisation")
    ):
        result[person_id] = organisation
    missing = [pk for pk, org in result.items() if org is None]
    if missing:
        affiliations = (
            Affiliation.objects.filter(current_on(timezone.localdate()), person_id__in=missing)
            .select_related("organisation")
            .order_by("person_id", "-start_date", "pk")
        )
        for affiliation in affiliations:
            if result.get(affiliation.person_id) is None:
                result[affiliation.person_id] = affiliation.organisation
    return result


# --- Mix of a group ---------------------------------------------------------------


@dataclass(frozen=True)
class SectorShare:
    sector: str
    label: str
    count: int


@dataclass(frozen=True)
class GroupMix:
    """How mixed a group is: distinct organisations and sectors, and how
    many pairs of its members come from the same organisation."""

    size: int
    organisations: int
    sectors: list[SectorShare]
    same_organisation_pairs: int
    unknown: int

    @property
    def is_mixed(self) -> bool:
        return self.same_organisation_pairs == 0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def group_mix(organisations: Sequence[Organisation | None]) -> GroupMix:
    known = [o for o in organisations if o is not None]
    per_org = Counter(o.pk for o in known)
    sectors = Counter(o.sector for o in known)
    labels = dict(Sector.choices)
    return GroupMix(
        size=len(organisations),
        organisations=len(per_org),
        sectors=[
            SectorShare(sector=s, label=str(labels.get(s, s)), count=n)
            for s, n in sorted(sectors.items(), key=lambda item: (-item[1], item[0]))
        ],
        same_organisation_pairs=sum(_pairs(n) for n in per_org.values()),
        unknown=len(organisations) - len(known),
    )


def fewest_same_organisation_pairs(organisation_ids: Iterable[int | None], group_count: int) -> int:
    """The fewest same-organisation pairs possible over `group_count` groups
    (workshops.grouping proves it exact); people without an organisation
    make no pairs."""
    if group_count < 1:
        return 0
    sizes = Counter(pk for pk in organisation_ids if pk is not None).values()
    return fewest_same_org_pairs(list(sizes), group_count)


# --- Workshop lists -------------------------------------------------------------


def _sessions_prefetch() -> Prefetch[Any]:
    return Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "order", "pk"))


def visible_workshops(user: Any) -> QuerySet[Workshop]:
    """Workshops of public labs, of the user's labs, or all for administrators."""
    queryset = Workshop.objects.select_related("lab").prefetch_related(_sessions_prefetch())
    if user.is_authenticated and user.is_superuser and user.is_active:
        return queryset
    visible = Q(lab__visibility="public")
    if user.is_authenticated:
        visible |= Q(lab__members__person__user=user)
    return queryset.filter(visible).distinct()


def workshop_list(user: Any) -> list[Workshop]:
    """Newest first by first session; workshops without sessions last."""
    workshops = list(visible_workshops(user))
    far_past = dt.datetime.min.replace(tzinfo=dt.UTC)
    workshops.sort(key=lambda w: (w.starts_at or far_past, w.pk), reverse=True)
    return workshops


# --- The workshop page ------------------------------------------------------------


@dataclass(frozen=True)
class GroupMemberView:
    membership: GroupMember | None  # None for someone not in a group yet
    person: Person
    organisation: Organisation | None


@dataclass(frozen=True)
class GroupView:
    group: BreakoutGroup
    members: list[GroupMemberView]
    mix: GroupMix


@dataclass(frozen=True)
class AgendaSession:
    session: Session
    span: SpanInZones
    speakers: list[Speaker]
    facilitators: list[Person]
    invited_organisations: list[Organisation]
    links: list[Link]
    groups: list[GroupView]

    @property
    def pk(self) -> int:
        return self.session.pk


@dataclass(frozen=True)
class AgendaDay:
    """The sessions of one day, the day counted in the event's zone."""

    date: dt.date
    number: int
    sessions: list[AgendaSession]


@dataclass
class WorkshopDetail:
    workshop: Workshop
    days: list[AgendaDay]
    links: list[Link]
    challenges: list[Any]
    event_zone: str
    viewer_zone: str
    registered: int = 0
    waitlisted: int = 0
    zones_differ: bool = False
    sessions: list[AgendaSession] = field(default_factory=list)


def _group_views(
    groups: Iterable[BreakoutGroup], orgs: dict[int, Organisation | None]
) -> list[GroupView]:
    views = []
    for group in groups:
        members = [
            GroupMemberView(membership=m, person=m.person, organisation=orgs.get(m.person_id))
            for m in group.members.all()
        ]
        views.append(
            GroupView(
                group=group, members=members, mix=group_mix([m.organisation for m in members])
            )
        )
    return views


def agenda_sessions() -> QuerySet[Session]:
    """Sessions in agenda order with everything the agenda shows of them."""
    return Session.objects.order_by("starts_at", "order", "pk").prefetch_related(
        Prefetch(
            "speakers",
            queryset=Speaker.objects.select_related("person").order_by("order", "pk"),
        ),
        "facilitators",
        "invited_organisations",
        Prefetch("links", queryset=Link.objects.order_by("pk")),
        Prefetch(
            "groups",
            queryset=BreakoutGroup.objects.select_related("facilitator")
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=GroupMember.objects.select_related("person").order_by("pk"),
                )
            ),
        ),
    )


def prefetch_agenda(workshop: Workshop) -> list[Session]:
    """Fetches the workshop's agenda onto it (Workshop.starts_at and the
    like then read it) and returns the sessions."""
    prefetch_related_objects([workshop], Prefetch("sessions", queryset=agenda_sessions()))
    return list(workshop.sessions.all())


def workshop_detail(workshop: Workshop, *, viewer_zone: Any = None) -> WorkshopDetail:
    """Everything the workshop page shows, in a fixed number of queries.

    Sessions are grouped into days by the event's own calendar; each session
    carries its times in the reader's zone and in the event's.
    """
    sessions = prefetch_agenda(workshop)
    person_ids = {m.person_id for s in sessions for g in s.groups.all() for m in g.members.all()}
    orgs = representing(workshop, person_ids)
    viewer_tz = viewer_zone or timezone.get_current_timezone()
    agenda = [
        AgendaSession(
            session=s,
            span=span_in_zones(
                s.starts_at, s.ends_at, event_zone=workshop.time_zone, viewer_zone=viewer_tz
            ),
            speakers=list(s.speakers.all()),
            facilitators=list(s.facilitators.all()),
            invited_organisations=list(s.invited_organisations.all()),
            links=list(s.links.all()),
            groups=_group_views(s.groups.all(), orgs),
        )
        for s in sessions
    ]
    days: list[AgendaDay] = []
    for item in agenda:
        day = item.span.event.date
        if not days or days[-1].date != day:
            days.append(AgendaDay(date=day, number=len(days) + 1, sessions=[]))
        days[-1].sessions.append(item)
    counts = Counter(
        Registration.objects.filter(workshop=workshop)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("status", flat=True)
    )
    return WorkshopDetail(
        workshop=workshop,
        days=days,
        sessions=agenda,
        links=list(Link.objects.filter(workshop=workshop, session__isnull=True).order_by("pk")),
        challenges=list(workshop.challenges.select_related("stage").order_by("pk")),
        event_zone=workshop.time_zone,
        viewer_zone=getattr(viewer_tz, "key", str(viewer_tz)),
        registered=counts.get(Registration.Status.REGISTERED, 0),
        waitlisted=counts.get(Registration.Status.WAITLISTED, 0),
        zones_differ=any(item.span.differs for item in agenda),
    )


# --- The groups page -----------------------------------------------------------------


@dataclass
class SessionGroups:
    session: Session
    groups: list[GroupView]
    unassigned: list[GroupMemberView]
    same_organisation_pairs: int
    fewest_possible: int
    pool_size: int


def session_pool(session: Session) -> list[Person]:
    """Who is grouped in a session (one query).

    Those checked in to the session when anyone is (people leave early),
    else those registered for the workshop, else the lab's participants.
    Facilitators of the session are not in the pool: they are spread over
    the groups separately.
    """
    facilitator_ids = set(session.facilitators.values_list("pk", flat=True))
    attended = Person.objects.filter(attendances__session=session)
    if attended.exists():
        pool = attended
    else:
        registered = Person.objects.filter(
            registrations__workshop_id=session.workshop_id,
            registrations__status=Registration.Status.REGISTERED,
        )
        pool = (
            registered
            if registered.exists()
            else Person.objects.filter(
                lab_memberships__lab_id=session.workshop.lab_id,
                lab_memberships__role=Role.PARTICIPANT,
            )
        )
    return [p for p in pool.distinct().order_by("pk") if p.pk not in facilitator_ids]


def session_groups(session: Session) -> SessionGroups:
    groups = list(
        BreakoutGroup.objects.filter(session=session)
        .select_related("facilitator")
        .prefetch_related(
            Prefetch(
                "members", queryset=GroupMember.objects.select_related("person").order_by("pk")
            )
        )
        .order_by("pk")
    )
    pool = session_pool(session)
    grouped = {m.person_id for g in groups for m in g.members.all()}
    orgs = representing(session.workshop, grouped | {p.pk for p in pool})
    views = _group_views(groups, orgs)
    unassigned = [
        GroupMemberView(membership=None, person=p, organisation=orgs.get(p.pk))
        for p in pool
        if p.pk not in grouped
    ]
    everyone = [orgs.get(pk) for pk in grouped]
    return SessionGroups(
        session=session,
        groups=views,
        unassigned=unassigned,
        same_organisation_pairs=sum(v.mix.same_organisation_pairs for v in views),
        fewest_possible=fewest_same_organisation_pairs(
            (o.pk if o is not None else None for o in everyone), len(groups)
        ),
        pool_size=len(pool),
    )


# --- The summary page -----------------------------------------------------------------

# Organisations listed by name on the summary; the rest are counted together.
SUMMARY_TOP_ORGANISATIONS = 10


@dataclass(frozen=True)
class SummaryBar:
    """One bar of a chart: a count and its share of `of` (whole percent)."""

    key: str
    label: str
    count: int
    of: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.of) if self.of else 0


@dataclass(frozen=True)
class SummarySession:
    session: Session
    span: SpanInZones
    bar: SummaryBar  # who attended, out of those registered


@dataclass(frozen=True)
class SummaryAttendee:
    person: Person
    sessions: int  # how many of the workshop's sessions they attended


@dataclass(frozen=True)
class SummaryOrganisation:
    """Who attended from one organisation (for those who run the workshop)."""

    key: str
    label: str
    sector: str
    people: list[SummaryAttendee]


@dataclass(frozen=True)
class SummaryGroups:
    """The breakout groups of one session and how mixed they were."""

    session: Session
    groups: list[tuple[BreakoutGroup, GroupMix]]
    people: int
    same_organisation_pairs: int
    fewest_possible: int
    groups_with_same_organisation: int
    # grouping.Report.sector_spread: below 1, no group is a whole person off
    # its even share of any sector.
    sector_spread: float


@dataclass
class WorkshopSummary:
    workshop: Workshop
    first_day: dt.date | None
    last_day: dt.date | None
    days: int
    registered: int
    waitlisted: int
    cancelled: int
    attended: int
    walk_ins: int
    per_session: list[SummarySession]
    by_sector: list[SummaryBar]
    by_organisation: list[SummaryBar]
    other_organisations: int  # organisations beyond the top ones
    other_people: int  # and the people who came from them
    organisations: int  # distinct organisations among those who came
    sectors: int  # and their distinct sectors
    groups: list[SummaryGroups]
    # Names, only when asked for (those who run the workshop): None otherwise.
    attendees: list[SummaryOrganisation] | None = None


def _summary_groups(workshop: Workshop, sessions: list[Session]) -> list[SummaryGroups]:
    """Each session's groups with their mix, measured as the groups page
    measures it (grouping.evaluate), in four queries at most."""
    groups = list(
        BreakoutGroup.objects.filter(session__workshop=workshop)
        .order_by("pk")
        .prefetch_related(Prefetch("members", queryset=GroupMember.objects.order_by("pk")))
    )
    if not groups:
        return []
    orgs = representing(workshop, {m.person_id for g in groups for m in g.members.all()})
    people = [
        Participant(
            id=pk,
            organisation_id=org.pk if org is not None else None,
            sector=org.sector if org is not None else None,
        )
        for pk, org in orgs.items()
    ]
    result = []
    for session in sessions:
        mine = [g for g in groups if g.session_id == session.pk]
        if not mine:
            continue
        member_ids = [[m.person_id for m in g.members.all()] for g in mine]
        report = evaluate(people=people, groups=member_ids)
        result.append(
            SummaryGroups(
                session=session,
                groups=[
                    (g, group_mix([orgs.get(pk) for pk in ids]))
                    for g, ids in zip(mine, member_ids, strict=True)
                ],
                people=sum(len(ids) for ids in member_ids),
                same_organisation_pairs=report.same_org_pairs,
                fewest_possible=report.fewest_possible_same_org_pairs,
                groups_with_same_organisation=report.groups_with_same_org,
                sector_spread=report.sector_spread,
            )
        )
    return result


def _summary_attendees(workshop: Workshop) -> list[SummaryOrganisation]:
    """Who came, by the organisation they represented (three queries)."""
    attendances = list(
        Attendance.objects.filter(session__workshop=workshop)
        .select_related("person")
        .order_by("person__first_name_th", "person__first_name_en", "person_id")
    )
    sessions_of: Counter[int] = Counter(a.person_id for a in attendances)
    people = {a.person_id: a.person for a in attendances}
    orgs = representing(workshop, people)
    by_org: dict[int | None, list[SummaryAttendee]] = {}
    for pk, someone in people.items():
        org = orgs.get(pk)
        by_org.setdefault(org.pk if org is not None else None, []).append(
            SummaryAttendee(person=someone, sessions=sessions_of[pk])
        )
    labels = {o.pk: o for o in orgs.values() if o is not None}
    rows = [
        SummaryOrganisation(
            key=str(key) if key is not None else "unknown",
            label=labels[key].display_name if key is not None else "",
            sector=labels[key].sector if key is not None else "",
            people=attendees,
        )
        for key, attendees in by_org.items()
    ]
    # The largest delegations first; people without an organisation last.
    rows.sort(key=lambda r: (r.key == "unknown", -len(r.people), r.label))
    return rows


def workshop_summary(*, workshop: Workshop, with_names: bool = False) -> WorkshopSummary:
    """The after-the-event figures: registrations, attendance per session,
    by sector and by organisation, and how mixed the breakout groups were.

    The attendance figures are those of the attendance page
    (services.registration.attendance_sheet), so the two pages agree; the
    organisation is the one a person represents (`representing`). A fixed
    number of queries: ten at most, three more `with_names`.
    """
    # Imported here: the services import this module.
    from workshops.services.registration import attendance_sheet

    sheet = attendance_sheet(workshop)
    sessions = sheet.sessions
    statuses = Counter(
        Registration.objects.filter(workshop=workshop).values_list("status", flat=True)
    )
    zone = workshop.zone
    days = sorted({s.starts_at.astimezone(zone).date() for s in sessions})
    came = [f for f in sheet.by_organisation if f.attended]
    top, rest = came[:SUMMARY_TOP_ORGANISATIONS], came[SUMMARY_TOP_ORGANISATIONS:]
    known_sectors = {f.key for f in sheet.by_sector if f.attended and f.key != "unknown"}
    return WorkshopSummary(
        workshop=workshop,
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        days=len(days),
        registered=statuses.get(Registration.Status.REGISTERED, 0),
        waitlisted=statuses.get(Registration.Status.WAITLISTED, 0),
        cancelled=statuses.get(Registration.Status.CANCELLED, 0),
        attended=sheet.attended,
        walk_ins=sheet.walk_ins,
        per_session=[
            SummarySession(
                session=f.session,
                span=span_in_zones(
                    f.session.starts_at, f.session.ends_at, event_zone=workshop.time_zone
                ),
                bar=SummaryBar(
                    key=str(f.session.pk),
                    label=f.session.title,
                    count=f.attended,
                    of=sheet.registered,
                ),
            )
            for f in sheet.per_session
        ],
        by_sector=[
            SummaryBar(key=f.key, label=f.label, count=f.attended, of=sheet.attended)
            for f in sheet.by_sector
            if f.attended
        ],
        by_organisation=[
            SummaryBar(key=f.key, label=f.label, count=f.attended, of=sheet.attended) for f in top
        ],
        other_organisations=len(rest),
        other_people=sum(f.attended for f in rest),
        organisations=sum(1 for f in came if f.key != "unknown"),
        sectors=len(known_sectors),
        groups=_summary_groups(workshop, sessions),
        attendees=_summary_attendees(workshop) if with_names else None,
    )
