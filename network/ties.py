"""Ties taken from the work itself.

Each piece of shared work is an *origin* with a key ("group:12"): a breakout
group, a board, a session, an action, a proposal's pledges, a challenge, a
person's affiliations, an organisation's people, the hierarchy. Extracting
an origin yields every pair it ties, at both levels where it makes sense
(people who sat in one group tie, and so do their organisations), dated
when the work happened and marked with its lab.

`rebuild()` replaces every tie; `refresh(origins)` replaces only those
origins' ties (what the signals call when a workshop, a board or a plan
changes), so new work shows up without recomputing the rest.

A crowd says little about who works with whom: a group-like origin with
more than `NETWORK_MAX_CLIQUE` members (a 300-seat plenary) ties no pairs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from lib.bulk import insert_rows
from network.models import Level, Tie, TieKind

# Standing ties (the hierarchy) hold in every window: they are dated here.
STANDING = dt.date(1900, 1, 1)
BATCH = 5_000
# The PostgreSQL advisory lock taken while ties are written (any fixed number).
TIE_LOCK = 7_406_301


@dataclass(frozen=True)
class Pair:
    level: str
    kind: str
    a: int
    b: int
    date: dt.date
    lab_id: int | None
    public: bool
    origin: str

    def as_row(self) -> tuple[object, ...]:
        """The values of `ROW_FIELDS`, for lib.bulk.insert_rows."""
        low, high = sorted((self.a, self.b))
        organisations = (low, high) if self.level == Level.ORGANISATION else (None, None)
        people = (low, high) if self.level == Level.PERSON else (None, None)
        return (
            self.level,
            self.kind,
            *organisations,
            *people,
            self.date,
            self.lab_id,
            self.public,
            self.origin,
        )


ROW_FIELDS = (
    "level",
    "kind",
    "organisation_a",
    "organisation_b",
    "person_a",
    "person_b",
    "date",
    "lab",
    "public",
    "origin",
)


def max_clique() -> int:
    return int(getattr(settings, "NETWORK_MAX_CLIQUE", 80))


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def today() -> dt.date:
    """Today where ties are dated (the site's time zone), whatever time zone
    a signed-in reader's page is shown in: a window "up to today" must hold
    the ties made today."""
    from django.utils import timezone

    return local_day(timezone.now())


# --- Who belonged where, on a day -------------------------------------------------


class Affiliations:
    """People's organisations over time, read once for a batch of people."""

    def __init__(self, person_ids: Iterable[int]) -> None:
        from directory.models import Affiliation

        self._by_person: dict[int, list[tuple[int, dt.date | None, dt.date | None]]] = defaultdict(
            list
        )
        ids = set(person_ids)
        if ids:
            rows = Affiliation.objects.filter(person_id__in=ids).values_list(
                "person_id", "organisation_id", "start_date", "end_date"
            )
            for person_id, organisation_id, start, end in rows:
                self._by_person[person_id].append((organisation_id, start, end))

    def on(self, person_id: int, day: dt.date) -> set[int]:
        """The organisations a person belonged to on `day`; failing that,
        the last one they had joined by then; failing that (the directory
        often records a post only from when it was typed in), the first
        one they joined after. A record with no dates is taken as current."""
        rows = self._by_person.get(person_id, [])
        current = {
            org
            for org, start, end in rows
            if (start is None or start <= day) and (end is None or day <= end)
        }
        if current or not rows:
            return current
        before = [row for row in rows if row[1] is None or row[1] <= day]
        if before:
            return {max(before, key=lambda row: row[1] or dt.date.min)[0]}
        return {min(rows, key=lambda row: row[1] or dt.date.min)[0]}


# --- Origins -------------------------------------------------------------------


def _cliques(
    *,
    kind: str,
    origin: str,
    day: dt.date,
    lab: tuple[int | None, bool],
    people: set[int],
    organisations: set[int],
) -> Iterator[Pair]:
    """Everyone in one piece of work with everyone else in it: the people
    and their organisations. A crowd (more people, or more organisations,
    than NETWORK_MAX_CLIQUE) ties nobody at either level: sixty agencies in
    one plenary hall have not worked together."""
    lab_id, public = lab
    limit = max_clique()
    if len(people) > limit or len(organisations) > limit:
        return
    if len(people) > 1:
        for a, b in itertools.combinations(sorted(people), 2):
            yield Pair(Level.PERSON, kind, a, b, day, lab_id, public, origin)
    if len(organisations) > 1:
        for a, b in itertools.combinations(sorted(organisations), 2):
            yield Pair(Level.ORGANISATION, kind, a, b, day, lab_id, public, origin)


def _labs(lab_ids: Iterable[int | None]) -> dict[int | None, tuple[int | None, bool]]:
    from labs.models import Lab

    ids = {pk for pk in lab_ids if pk is not None}
    found: dict[int | None, tuple[int | None, bool]] = {
        pk: (pk, visibility == Lab.Visibility.PUBLIC)
        for pk, visibility in Lab.objects.filter(pk__in=ids).values_list("pk", "visibility")
    }
    found[None] = (None, True)
    return found


def _sessions_like(kind: str, rows: list[tuple[int, int, dt.datetime, int]]) -> Iterator[Pair]:
    """rows: (origin id, person id, when, lab id) for groups and sessions."""
    members: dict[int, set[int]] = defaultdict(set)
    when: dict[int, tuple[dt.date, int]] = {}
    for origin_id, person_id, moment, lab_id in rows:
        members[origin_id].add(person_id)
        when[origin_id] = (local_day(moment), lab_id)
    affiliations = Affiliations(p for people in members.values() for p in people)
    labs = _labs(lab for _, lab in when.values())
    for origin_id, people in members.items():
        day, lab_id = when[origin_id]
        organisations = set().union(*(affiliations.on(p, day) for p in people))
        yield from _cliques(
            kind=kind,
            origin=f"{kind}:{origin_id}",
            day=day,
            lab=labs[lab_id],
            people=people,
            organisations=organisations,
        )


def groups(ids: set[int] | None) -> Iterator[Pair]:
    from workshops.models import GroupMember

    rows = GroupMember.objects.all()
    if ids is not None:
        rows = rows.filter(group_id__in=ids)
    yield from _sessions_like(
        TieKind.GROUP,
        list(
            rows.values_list(
                "group_id",
                "person_id",
                "group__session__starts_at",
                "group__session__workshop__lab_id",
            )
        ),
    )


def sessions(ids: set[int] | None) -> Iterator[Pair]:
    from workshops.models import Attendance

    rows = Attendance.objects.all()
    if ids is not None:
        rows = rows.filter(session_id__in=ids)
    yield from _sessions_like(
        TieKind.SESSION,
        list(
            rows.values_list(
                "session_id", "person_id", "session__starts_at", "session__workshop__lab_id"
            )
        ),
    )


def boards(ids: set[int] | None) -> Iterator[Pair]:
    """Everyone who wrote on one board (boards.selectors.contributions)."""
    from boards.models import Board
    from boards.selectors import contributions

    queryset = Board.objects.all() if ids is None else Board.objects.filter(pk__in=ids)
    info = {
        pk: (local_day(session_start or created), lab_id)
        for pk, session_start, created, lab_id in queryset.values_list(
            "pk", "session__starts_at", "created_at", "lab_id"
        )
    }
    people: dict[int, set[int]] = defaultdict(set)
    organisations: dict[int, set[int]] = defaultdict(set)
    for row in contributions(boards=queryset):
        if row.person_id:
            people[row.board_id].add(row.person_id)
        if row.organisation_id:
            organisations[row.board_id].add(row.organisation_id)
    labs = _labs(lab for _, lab in info.values())
    for board_id in people.keys() | organisations.keys():
        day, lab_id = info[board_id]
        yield from _cliques(
            kind=TieKind.BOARD,
            origin=f"board:{board_id}",
            day=day,
            lab=labs[lab_id],
            people=people[board_id],
            organisations=organisations[board_id],
        )


def actions(ids: set[int] | None) -> Iterator[Pair]:
    """The lead and the supporting agencies of one action."""
    from actions.models import Action, ActionAgency

    queryset = Action.objects.all() if ids is None else Action.objects.filter(pk__in=ids)
    rows = list(queryset.values_list("pk", "lead_agency_id", "start_date", "created_at", "lab_id"))
    supporting: dict[int, set[int]] = defaultdict(set)
    links = ActionAgency.objects.all()
    if ids is not None:
        links = links.filter(action_id__in=ids)
    for action_id, organisation_id in links.values_list("action_id", "organisation_id"):
        supporting[action_id].add(organisation_id)
    labs = _labs(row[4] for row in rows)
    for pk, lead, start, created, lab_id in rows:
        yield from _cliques(
            kind=TieKind.ACTION,
            origin=f"action:{pk}",
            day=start or local_day(created),
            lab=labs[lab_id],
            people=set(),
            organisations=supporting[pk] | {lead},
        )


def proposals(ids: set[int] | None) -> Iterator[Pair]:
    """Agencies that pledged support to one proposal (withdrawn pledges do
    not count), tied from the day the later of the two pledged."""
    from actions.models import Pledge

    rows = Pledge.objects.exclude(status=Pledge.Status.WITHDRAWN)
    if ids is not None:
        rows = rows.filter(proposal_id__in=ids)
    first: dict[int, dict[int, dt.date]] = defaultdict(dict)
    lab_of: dict[int, int | None] = {}
    for proposal_id, organisation_id, created, lab_id in rows.values_list(
        "proposal_id", "organisation_id", "created_at", "proposal__lab_id"
    ):
        day = local_day(created)
        known = first[proposal_id].get(organisation_id)
        first[proposal_id][organisation_id] = min(day, known) if known else day
        lab_of[proposal_id] = lab_id
    labs = _labs(lab_of.values())
    for proposal_id, pledged in first.items():
        owner, public = labs[lab_of[proposal_id]]
        if len(pledged) > max_clique():
            continue
        for a, b in itertools.combinations(sorted(pledged), 2):
            day = max(pledged[a], pledged[b])
            yield Pair(
                Level.ORGANISATION,
                TieKind.PLEDGE,
                a,
                b,
                day,
                owner,
                public,
                f"proposal:{proposal_id}",
            )


def challenges(ids: set[int] | None) -> Iterator[Pair]:
    """Agencies involved in, and stakeholders of, one challenge."""
    from labs.models import Challenge, ChallengeAgency, Stakeholder

    queryset = Challenge.objects.all() if ids is None else Challenge.objects.filter(pk__in=ids)
    info = {
        pk: (local_day(created), lab_id)
        for pk, created, lab_id in queryset.values_list("pk", "created_at", "lab_id")
    }
    organisations: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    agencies = ChallengeAgency.objects.filter(challenge__in=queryset)
    for challenge_id, organisation_id in agencies.values_list("challenge_id", "organisation_id"):
        organisations[challenge_id].add(organisation_id)
    stakes = Stakeholder.objects.filter(challenge__in=queryset)
    for challenge_id, organisation_id, person_id in stakes.values_list(
        "challenge_id", "organisation_id", "person_id"
    ):
        if organisation_id:
            organisations[challenge_id].add(organisation_id)
        if person_id:
            people[challenge_id].add(person_id)
    labs = _labs(lab for _, lab in info.values())
    for challenge_id in organisations.keys() | people.keys():
        day, lab_id = info[challenge_id]
        yield from _cliques(
            kind=TieKind.CHALLENGE,
            origin=f"challenge:{challenge_id}",
            day=day,
            lab=labs[lab_id],
            people=people[challenge_id],
            organisations=organisations[challenge_id],
        )


def hierarchy(ids: set[int] | None) -> Iterator[Pair]:
    """An organisation and its parent: a standing tie, in every window."""
    from directory.models import Organisation

    rows = Organisation.objects.filter(parent__isnull=False)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for pk, parent_id in rows.values_list("pk", "parent_id"):
        yield Pair(
            Level.ORGANISATION,
            TieKind.HIERARCHY,
            pk,
            parent_id,
            STANDING,
            None,
            True,
            f"hierarchy:{pk}",
        )


def people(ids: set[int] | None) -> Iterator[Pair]:
    """A person who belonged to two organisations ties them (from the day
    they joined the second); colleagues at one organisation tie each other,
    unless it is a crowd (see `organisations`)."""
    from directory.models import Affiliation

    rows = Affiliation.objects.all()
    if ids is not None:
        rows = rows.filter(person_id__in=ids)
    by_person: dict[int, dict[int, dt.date]] = defaultdict(dict)
    for person_id, organisation_id, start in rows.values_list(
        "person_id", "organisation_id", "start_date"
    ):
        day = start or STANDING
        known = by_person[person_id].get(organisation_id)
        by_person[person_id][organisation_id] = min(day, known) if known else day
    for person_id, joined in by_person.items():
        for a, b in itertools.combinations(sorted(joined), 2):
            yield Pair(
                Level.ORGANISATION,
                TieKind.AFFILIATION,
                a,
                b,
                max(joined[a], joined[b]),
                None,
                True,
                f"person:{person_id}",
            )


def organisations(ids: set[int] | None) -> Iterator[Pair]:
    """Colleagues: the people of one organisation whose time there overlapped,
    from the day the later one joined."""
    from directory.models import Affiliation

    rows = Affiliation.objects.all()
    if ids is not None:
        rows = rows.filter(organisation_id__in=ids)
    staff: dict[int, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
    for organisation_id, person_id, start, end in rows.values_list(
        "organisation_id", "person_id", "start_date", "end_date"
    ):
        staff[organisation_id].append((person_id, start or STANDING, end or dt.date.max))
    limit = max_clique()
    for organisation_id, members in staff.items():
        # People, not records: someone who left and came back is one colleague.
        if not 1 < len({person_id for person_id, _, _ in members}) <= limit:
            continue
        met: dict[tuple[int, int], dt.date] = {}
        for (a, a_start, a_end), (b, b_start, b_end) in itertools.combinations(members, 2):
            if a != b and a_start <= b_end and b_start <= a_end:
                pair = (a, b) if a < b else (b, a)
                day = max(a_start, b_start)
                met[pair] = min(day, met.get(pair, day))
        for (a, b), day in met.items():
            yield Pair(
                Level.PERSON,
                TieKind.AFFILIATION,
                a,
                b,
                day,
                None,
                True,
                f"organisation:{organisation_id}",
            )


# Origin prefix -> extractor over a set of ids (None: all of them).
EXTRACTORS = {
    "group": groups,
    "session": sessions,
    "board": boards,
    "action": actions,
    "proposal": proposals,
    "challenge": challenges,
    "hierarchy": hierarchy,
    "person": people,
    "organisation": organisations,
}


def parse(origins: Iterable[str]) -> dict[str, set[int] | None]:
    """{"group": {1, 2}, "hierarchy": None, ...} from ["group:1", "group:2",
    "hierarchy:*"] ("*": every origin of that kind); unknown kinds refused."""
    wanted: dict[str, set[int] | None] = {}
    for origin in origins:
        prefix, _, pk = origin.partition(":")
        if prefix not in EXTRACTORS or not (pk == "*" or (pk.isascii() and pk.isdigit())):
            raise ValueError(f"unknown tie origin {origin!r}")
        if pk == "*":
            wanted[prefix] = None
        elif prefix not in wanted:
            wanted[prefix] = {int(pk)}
        elif (known := wanted[prefix]) is not None:
            known.add(int(pk))
    return wanted


def _save(pairs: Iterable[Pair]) -> int:
    """Write the pairs as ties, leaving out the person-level ties of people
    whose accounts were erased (PDPA): their attendance and groups stay the
    labs' record, but who met whom is not extracted from it again."""
    from network.personal_data import erased_people

    erased = erased_people()
    count = 0
    batch: list[tuple[object, ...]] = []
    for pair in pairs:
        if erased and pair.level == Level.PERSON and (pair.a in erased or pair.b in erased):
            continue
        batch.append(pair.as_row())
        if len(batch) >= BATCH:
            insert_rows(Tie, ROW_FIELDS, batch)
            count += len(batch)
            batch = []
    insert_rows(Tie, ROW_FIELDS, batch)
    from network import graph

    graph.ties_changed()
    return count + len(batch)


def _exclusive() -> None:
    """One writer of ties at a time (a refresh after a commit and the
    nightly rebuild would otherwise both insert an origin's ties). SQLite
    serialises writers anyway; PostgreSQL takes a transaction-level lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TIE_LOCK])


@transaction.atomic
def rebuild() -> int:
    """Every tie again, from every origin; returns how many."""
    _exclusive()
    Tie.objects.all().delete()
    return _save(itertools.chain.from_iterable(extract(None) for extract in EXTRACTORS.values()))


@transaction.atomic
def refresh(origins: Iterable[str], *, whole_kind_beyond: int | None = None) -> int:
    """Replace the ties of these origins ("group:12", ...) with what their
    work says now (none, if it is gone); returns how many were written.
    A kind with more than `whole_kind_beyond` stale origins (an import) is
    extracted whole, in fewer and smaller queries."""
    wanted = parse(origins)
    _exclusive()
    written = 0
    for prefix, ids in wanted.items():
        if ids is not None and whole_kind_beyond is not None and len(ids) > whole_kind_beyond:
            ids = None
        if ids is None:
            Tie.objects.filter(origin__startswith=f"{prefix}:").delete()
        else:
            for chunk in _chunks(sorted(ids), 500):
                Tie.objects.filter(origin__in=[f"{prefix}:{pk}" for pk in chunk]).delete()
        written += _save(EXTRACTORS[prefix](ids))
    return written


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
