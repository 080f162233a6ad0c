"""Reads for the labs pages and API.

Every selector builds its select_related/prefetch_related in: the lab list,
a lab page and a challenge page cost the same number of queries with three
members or three hundred (asserted in labs/tests/test_views_pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.rules import is_administrator
from directory.models import Organisation, Sector
from labs.models import (
    Challenge,
    ChallengeAgency,
    ChallengeAttachment,
    Lab,
    Member,
    Role,
    Stage,
    Stakeholder,
    Team,
)
from lib import uploads

ROLE_ORDER = [Role.LEAD, Role.FACILITATOR, Role.PARTICIPANT, Role.EVALUATOR, Role.OBSERVER]
AGENCY_ORDER = [ChallengeAgency.Role.LEAD, ChallengeAgency.Role.SUPPORTING, ChallengeAgency.Role.PARTNER]
# Grid order: top row high power, left column low interest.
QUADRANT_ORDER = [
    Stakeholder.Quadrant.KEEP_SATISFIED,
    Stakeholder.Quadrant.MANAGE_CLOSELY,
    Stakeholder.Quadrant.MONITOR,
    Stakeholder.Quadrant.KEEP_INFORMED,
]


def _member_queryset() -> QuerySet[Member]:
    return Member.objects.select_related("person", "organisation").prefetch_related("tags")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- Lab list -------------------------------------------------------------------


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("lab").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def lab_list(*, user: Any) -> QuerySet[Lab]:
    """Public labs and the user's own (every lab for administrators), with
    hosts, counts and the user's role in each."""
    queryset = (
        Lab.objects.select_related("process")
        .prefetch_related(Prefetch("hosts", queryset=Organisation.objects.order_by("name_th")))
        # Counted in subqueries: joining members and challenges at once
        # would multiply the rows of a large cohort by its challenges.
        .annotate(
            member_count=_count(Member.objects.filter(lab=OuterRef("pk"))),
            challenge_count=_count(Challenge.objects.filter(lab=OuterRef("pk"))),
        )
    )
    if user.is_authenticated:
        mine = Member.objects.filter(lab=OuterRef("pk"), person__user_id=user.pk)
        queryset = queryset.annotate(my_role=Subquery(mine.values("role")[:1]))
        if not is_administrator(user):
            queryset = queryset.filter(Q(visibility=Lab.Visibility.PUBLIC) | Exists(mine))
    else:
        queryset = queryset.filter(visibility=Lab.Visibility.PUBLIC)
    return queryset.order_by("-start_date", "name_th", "pk")


# --- Lab page -------------------------------------------------------------------


@dataclass
class RoleGroup:
    role: str
    label: str
    members: list[Member]


@dataclass
class ChallengeRow:
    challenge: Challenge
    stage_number: int
    stage_count: int

    @property
    def percent(self) -> int:
        return round(100 * self.stage_number / self.stage_count) if self.stage_count else 0


@dataclass
class LabDetail:
    hosts: list[Organisation]
    groups: list[RoleGroup]
    member_count: int
    challenges: list[ChallengeRow]
    stages: list[Stage]
    tags: list[str] = field(default_factory=list)


def lab_detail(*, lab: Lab) -> LabDetail:
    hosts = list(lab.hosts.order_by("name_th"))
    members = list(_member_queryset().filter(lab=lab).order_by("person__first_name_th", "person__first_name_en", "pk"))
    by_role: dict[str, list[Member]] = {}
    for member in members:
        by_role.setdefault(member.role, []).append(member)
    groups = [RoleGroup(role, str(Role(role).label), by_role[role]) for role in ROLE_ORDER if role in by_role]
    stages = list(lab.process.stages.order_by("order"))
    position = {s.pk: i for i, s in enumerate(stages, start=1)}
    challenges = [
        ChallengeRow(c, position.get(c.stage_id, 0), len(stages))
        for c in lab.challenges.select_related("stage").order_by("pk")
    ]
    tags = sorted({t.name for m in members for t in m.tags.all()})
    return LabDetail(hosts, groups, len(members), challenges, stages, tags)


def lab_members(*, lab: Lab) -> list[Member]:
    """The members page: everyone with organisation, tags and invitation."""
    return list(
        _member_queryset()
        .select_related("invitation")
        .filter(lab=lab)
        .order_by("role", "person__first_name_th", "person__first_name_en", "pk")
    )


# --- Challenge page ----------------------------------------------------------------


@dataclass
class StageStep:
    stage: Stage
    number: int
    state: str  # "done", "current", "next"


@dataclass
class TeamRow:
    team: Team
    members: list[Member]
    organisations: int
    sectors: list[str]

    @property
    def is_mixed(self) -> bool:
        """Mixed across agencies: nobody in the team shares an organisation."""
        return len(self.members) > 1 and self.organisations == len(self.members)


@dataclass
class AgencyGroup:
    role: str
    label: str
    organisations: list[Organisation]


@dataclass
class QuadrantCell:
    key: str
    label: str
    stakeholders: list[Stakeholder]


@dataclass(frozen=True)
class AttachmentItem:
    attachment: ChallengeAttachment
    name: str
    type: str

    @property
    def pk(self) -> int:
        return self.attachment.pk

    @property
    def label(self) -> str:
        return self.attachment.title or self.name


def attachments_of(challenge: Challenge) -> list[AttachmentItem]:
    """A challenge's attachments, newest first (one query)."""
    return [
        AttachmentItem(
            attachment=a,
            name=uploads.display_name(str(a.file.name or "")),
            type=uploads.type_label(a.content_type),
        )
        for a in ChallengeAttachment.objects.filter(challenge=challenge).order_by(
            "-uploaded_at", "-pk"
        )
    ]


@dataclass
class ChallengeDetail:
    steps: list[StageStep]
    provinces: list[Any]
    districts: list[Any]
    sdgs: list[Any]
    target_groups: list[str]
    goals: list[str]
    agencies: list[AgencyGroup]
    teams: list[TeamRow]
    stakeholders: list[Stakeholder]
    quadrants: list[QuadrantCell]
    attachments: list[AttachmentItem]


def _steps(stages: list[Stage], current: Stage) -> list[StageStep]:
    steps = []
    for number, stage in enumerate(stages, start=1):
        state = "done" if stage.order < current.order else "current" if stage.pk == current.pk else "next"
        steps.append(StageStep(stage, number, state))
    return steps


def _team_rows(teams: list[Team]) -> list[TeamRow]:
    sector_labels = dict(Sector.choices)
    rows = []
    for team in teams:
        members = list(team.members.all())
        organisations = {m.organisation_id for m in members if m.organisation_id}
        sectors = sorted({m.organisation.sector for m in members if m.organisation is not None})
        rows.append(TeamRow(team, members, len(organisations), [str(sector_labels.get(s, s)) for s in sectors]))
    return rows


def stakeholders_of(challenge: Challenge) -> list[Stakeholder]:
    return list(
        challenge.stakeholders.select_related("organisation", "person").order_by("-power", "-interest", "pk")
    )


def quadrants(stakeholders: list[Stakeholder]) -> list[QuadrantCell]:
    labels = dict(Stakeholder.Quadrant.choices)
    return [
        QuadrantCell(key, str(labels[key]), [s for s in stakeholders if s.quadrant == key])
        for key in QUADRANT_ORDER
    ]


def challenge_detail(*, challenge: Challenge) -> ChallengeDetail:
    stages = list(Stage.objects.filter(process_id=challenge.lab.process_id).order_by("order"))
    agencies = list(challenge.agencies.select_related("organisation"))
    teams = list(
        challenge.teams.prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.select_related("person", "organisation").order_by(
                    "person__first_name_th", "person__first_name_en", "pk"
                ),
            )
        ).order_by("name", "pk")
    )
    stakeholders = stakeholders_of(challenge)
    return ChallengeDetail(
        steps=_steps(stages, challenge.stage),
        provinces=list(challenge.provinces.all()),
        districts=list(challenge.districts.select_related("province")),
        sdgs=list(challenge.sdgs.all()),
        target_groups=_lines(challenge.target_groups),
        goals=_lines(challenge.goals),
        agencies=[
            AgencyGroup(
                role,
                str(ChallengeAgency.Role(role).label),
                [a.organisation for a in agencies if a.role == role],
            )
            for role in AGENCY_ORDER
            if any(a.role == role for a in agencies)
        ],
        teams=_team_rows(teams),
        stakeholders=stakeholders,
        quadrants=quadrants(stakeholders),
        attachments=attachments_of(challenge),
    )


def challenge_list(*, lab: Lab) -> QuerySet[Challenge]:
    return lab.challenges.select_related("stage").order_by("pk")


def members_for_choice(*, lab: Lab) -> QuerySet[Member]:
    return Member.objects.filter(lab=lab).select_related("person", "organisation").order_by(
        "person__first_name_th", "person__first_name_en", "pk"
    )
