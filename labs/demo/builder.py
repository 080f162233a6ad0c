"""Builds the five seed events (labs.demo.events) through the labs and
workshops services, on top of the demo directory (directory.demo).

Idempotent, like directory.demo.builder: labs are found again by the
compact form of their Thai name, challenges and workshops by their title
within their lab, sessions by their start within their workshop, speakers
and members by person, groups by name. What exists is left as it is (a demo
someone has been editing is not overwritten); only what is missing is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from directory.demo.data import ORGANISATIONS, PEOPLE, Someone
from directory.models import Organisation, OrganisationAlias, Person, Province
from labs.demo.events import EVENTS, ChallengeData, LabData, SessionData, WorkshopData
from labs.models import Challenge, Facet, Goal, Lab, Process
from labs.services import challenge_create, challenge_set_agencies, lab_create, member_add
from lib.thai.text import compact
from workshops.models import Session, Workshop
from workshops.services import group_create, session_add, speaker_add, workshop_create
from workshops.times import make_event_time


class Writer(Protocol):
    """A text stream or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


@dataclass
class EventsSummary:
    created: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, *, created: bool) -> None:
        counts = self.created if created else self.found
        counts[kind] = counts.get(kind, 0) + 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def __str__(self) -> str:
        kinds = (
            "lab",
            "member",
            "challenge",
            "agency list",
            "workshop",
            "session",
            "speaker",
            "group",
        )
        parts = [
            f"{kind}s: {self.created.get(kind, 0)} created, {self.found.get(kind, 0)} already there"
            for kind in kinds
        ]
        return "Seed events. " + "; ".join(parts) + "."


class MissingDirectoryData(ImproperlyConfigured):
    """The demo directory is not (fully) loaded: run manage.py loaddemo first."""


class _Directory:
    """The demo directory's organisations and people, found by compact name."""

    def __init__(self) -> None:
        self._orgs_by_key = {o.key: o for o in ORGANISATIONS}
        self._people_by_key = {p.key: p for p in PEOPLE}
        index: dict[str, Organisation] = {}
        organisations = {o.pk: o for o in Organisation.objects.all()}
        for organisation_id, name in OrganisationAlias.objects.values_list(
            "organisation_id", "name"
        ):
            index.setdefault(compact(name), organisations[organisation_id])
        for organisation in organisations.values():
            index[compact(organisation.name_th)] = organisation
        self._organisations = index
        people: dict[str, int] = {}
        rows = Person.objects.values_list(
            "pk", "first_name_th", "last_name_th", "first_name_en", "last_name_en"
        )
        for pk, first_th, last_th, first_en, last_en in rows:
            for key in self._person_keys(first_th, last_th, first_en, last_en):
                people.setdefault(key, pk)
        self._people = people
        self._person_cache: dict[str, Person] = {}

    @staticmethod
    def _person_keys(first_th: str, last_th: str, first_en: str, last_en: str) -> list[str]:
        keys = []
        if first_th:
            keys.append("th:" + compact(first_th + last_th))
        if first_en:
            keys.append("en:" + compact(first_en + last_en))
        return keys

    def organisation(self, key: str) -> Organisation:
        org = self._orgs_by_key[key]
        found = self._organisations.get(compact(org.name_th))
        if found is None:
            raise MissingDirectoryData(
                f"{org.name_th} ({key}) is not in the directory: run manage.py loaddemo first."
            )
        return found

    def organisations(self, keys: Iterable[str]) -> list[Organisation]:
        return [self.organisation(key) for key in keys]

    def person(self, key: str) -> Person:
        if key not in self._person_cache:
            someone: Someone = self._people_by_key[key]
            for name_key in self._person_keys(
                someone.first_name_th,
                someone.last_name_th,
                someone.first_name_en,
                someone.last_name_en,
            ):
                if name_key in self._people:
                    self._person_cache[key] = Person.objects.get(pk=self._people[name_key])
                    break
            else:
                raise MissingDirectoryData(
                    f"{someone.seen_as[0]} ({key}) is not in the directory: run manage.py loaddemo first."
                )
        return self._person_cache[key]


def _lab(data: LabData, directory: _Directory, by: Any, summary: EventsSummary) -> Lab:
    existing = {compact(lab.name_th): lab for lab in Lab.objects.all()}
    lab = existing.get(compact(data.name_th))
    if lab is not None:
        summary.add("lab", created=False)
        return lab
    lab = lab_create(
        by=by,
        name_th=data.name_th,
        name_en=data.name_en,
        kind=data.kind,
        purpose=data.purpose,
        description=data.description,
        start_date=data.start_date,
        end_date=data.end_date,
        visibility=data.visibility,
        process=Process.objects.get(key=data.process),
        hosts=directory.organisations(data.hosts),
        # The leads are the pages' people, added with the other members
        # (with the organisation they represent). Should `by` be a signed-in
        # account, lab_create also makes its person a lead: whoever sets a
        # lab up can run it.
        lead=None,
    )
    summary.add("lab", created=True)
    return lab


def _members(
    lab: Lab, data: LabData, directory: _Directory, by: Any, summary: EventsSummary
) -> None:
    present = set(lab.members.values_list("person_id", flat=True))
    for member in data.members:
        person = directory.person(member.person)
        if person.pk in present:
            summary.add("member", created=False)
            continue
        member_add(
            lab=lab,
            by=by,
            person=person,
            organisation=directory.organisation(member.organisation),
            role=member.role,
        )
        present.add(person.pk)
        summary.add("member", created=True)


def _challenges(
    lab: Lab, data: LabData, directory: _Directory, by: Any, summary: EventsSummary
) -> dict[str, Challenge]:
    existing = {compact(c.title_th): c for c in lab.challenges.all()}
    made: dict[str, Challenge] = {}
    for item in data.challenges:
        challenge = existing.get(compact(item.title_th))
        if challenge is None:
            challenge = _challenge_create(lab, item, by)
            summary.add("challenge", created=True)
        else:
            summary.add("challenge", created=False)
        made[item.title_th] = challenge
        wanted = [(directory.organisation(a.organisation), a.role) for a in item.agencies]
        current = set(challenge.agencies.values_list("organisation_id", "role"))
        if current == {(o.pk, role) for o, role in wanted}:
            summary.add("agency list", created=False)
        elif not current:
            challenge_set_agencies(challenge=challenge, by=by, agencies=wanted)
            summary.add("agency list", created=True)
        else:
            # Someone has changed the agencies since: theirs stand.
            summary.add("agency list", created=False)
    return made


def _challenge_create(lab: Lab, item: ChallengeData, by: Any) -> Challenge:
    stage = lab.process.stages.get(key=item.stage) if item.stage else None
    return challenge_create(
        lab=lab,
        by=by,
        title_th=item.title_th,
        title_en=item.title_en,
        problem=item.problem,
        goals="\n".join(item.goals),
        target_groups="\n".join(item.target_groups),
        is_national=item.is_national,
        facet=Facet.objects.get(key=item.facet) if item.facet else None,
        stage=stage,
        provinces=list(Province.objects.filter(name_th__in=item.provinces)),
        sdgs=list(Goal.objects.filter(number__in=item.sdgs)),
    )


def _workshops(
    lab: Lab,
    data: LabData,
    challenges: dict[str, Challenge],
    directory: _Directory,
    by: Any,
    summary: EventsSummary,
) -> None:
    existing = {compact(w.title_th): w for w in lab.workshops.all()}
    for item in data.workshops:
        workshop = existing.get(compact(item.title_th))
        if workshop is None:
            workshop = _workshop_create(lab, item, challenges, by)
            summary.add("workshop", created=True)
        else:
            summary.add("workshop", created=False)
        for session_data in item.sessions:
            _session(workshop, session_data, directory, by, summary)


def _workshop_create(
    lab: Lab, item: WorkshopData, challenges: dict[str, Challenge], by: Any
) -> Workshop:
    return workshop_create(
        by=by,
        lab=lab,
        title_th=item.title_th,
        title_en=item.title_en,
        description=item.description,
        format=item.format,
        venue=item.venue,
        online_url=item.online_url,
        time_zone=item.time_zone,
        capacity=item.capacity,
        challenges=[challenges[title] for title in item.challenges],
    )


def _session(
    workshop: Workshop, item: SessionData, directory: _Directory, by: Any, summary: EventsSummary
) -> Session:
    starts_at = make_event_time(item.day, item.start, workshop.time_zone)
    ends_at = make_event_time(item.day, item.end, workshop.time_zone)
    session = workshop.sessions.filter(starts_at=starts_at).first()
    if session is None:
        session = session_add(
            workshop=workshop,
            by=by,
            title_th=item.title_th,
            title_en=item.title_en,
            description=item.description,
            starts_at=starts_at,
            ends_at=ends_at,
            facilitators=[directory.person(key) for key in item.facilitators],
            invited_organisations=directory.organisations(item.invited),
        )
        summary.add("session", created=True)
    else:
        summary.add("session", created=False)
    speaking = set(session.speakers.values_list("person_id", flat=True))
    for order, speaker in enumerate(item.speakers):
        person = directory.person(speaker.person)
        if person.pk in speaking:
            summary.add("speaker", created=False)
            continue
        speaker_add(
            session=session,
            person=person,
            by=by,
            title_shown=speaker.title_shown,
            organisation_shown=speaker.organisation_shown,
            order=order,
        )
        summary.add("speaker", created=True)
    groups = {compact(name) for name in session.groups.values_list("name", flat=True)}
    for name in item.groups:
        if compact(name) in groups:
            summary.add("group", created=False)
            continue
        group_create(session=session, by=by, name=name)
        summary.add("group", created=True)
    return session


@transaction.atomic
def build_events(*, by: Any = None, stdout: Writer | None = None) -> EventsSummary:
    """Create whatever of the five seed events is missing, in one transaction.

    Needs the demo directory (manage.py loaddemo): raises
    MissingDirectoryData, having changed nothing, when a person or
    organisation of the events is not there.
    """
    directory = _Directory()
    summary = EventsSummary()
    for data in EVENTS:
        lab = _lab(data, directory, by, summary)
        _members(lab, data, directory, by, summary)
        challenges = _challenges(lab, data, directory, by, summary)
        _workshops(lab, data, challenges, directory, by, summary)
        if stdout is not None:
            stdout.write(f"  {data.source}: {lab.name_th}\n")
    if stdout is not None:
        stdout.write(f"{summary}\n")
    return summary


def events_reset(*, by: Any = None) -> int:
    """Delete every lab (with its members, challenges and workshops), for
    loaddemo --reset on demo and test machines: the directory reset would
    otherwise leave labs whose members and agencies were wiped under them."""
    from django.db import transaction

    from audit.services import audit_record
    from labs.models import Challenge, Lab
    from search import registry
    from search.services import remove_on_commit

    with transaction.atomic():
        lab_ids = list(Lab.objects.values_list("pk", flat=True))
        challenge_ids = list(Challenge.objects.values_list("pk", flat=True))
        Lab.objects.all().delete()
        audit_record(actor=by, action="labs.reset", obj=None, changes={"labs": len(lab_ids)})
        kinds = {p.kind for p in registry.providers()}
        if "lab" in kinds:
            remove_on_commit(kind="lab", ids=lab_ids)
        if "challenge" in kinds:
            remove_on_commit(kind="challenge", ids=challenge_ids)
    return len(lab_ids)
