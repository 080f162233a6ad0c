"""The report of a lab, or of one of its challenges: what the HTML page
shows and the PDF prints, read once in a fixed number of queries (about
thirty, whatever the number of people, boards and actions; asserted in
reports/tests/test_views.py). Figures that dashboards show too (counts by
status, completion by lead agency, pledges kept) are read by the same
selectors as theirs, so that both say the same.

A challenge report is the lab report narrowed to the challenge: its boards
(and their personas), the workshops that address it, its teams' members,
its proposals and the plans made for it. Communities of practice and
curricula belong to the lab and appear in the lab report only.

People are counted once: lab members, people registered for or attending
a workshop, and people who wrote on a board (`boards.selectors.contributions`;
a phone that joined without a directory person counts as one person). Each
person is counted under one organisation: the one the lab recorded for its
member, else the one they wrote from on a board, else their current
affiliation. The report names organisations, never the people who took
part, and no contact details; the owners of late actions are named because
the commitment is theirs.

`progress`, when given (the PDF job), is called with a step name after each
part is read ("collect") and each chart is drawn ("charts").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from actions import charts
from actions.models import (
    Action,
    ActionAgency,
    ActionPlan,
    Community,
    Curriculum,
    Endorsement,
    Pledge,
    Proposal,
    Status,
    today,
)
from actions.selectors.dashboards import GroupRow, lead_agencies
from actions.selectors.pledges import PledgeSummary, pledge_count, pledge_summary
from actions.selectors.status import Tally, status_counts
from boards.forms import local_name
from boards.methods import VULNERABLE_GROUPS
from boards.models import Board, Note, Persona, Theme, Vote
from boards.selectors import contributions
from directory.models import Affiliation, Organisation, Sector
from directory.selectors import current_on
from labs.models import Challenge, ChallengeAgency, Lab, Member, Stage
from labs.rules import can_run_lab
from lib.queries import count_of
from workshops.models import Attendance, Registration, Workshop

Progress = Callable[[str], None]

COLLECT, CHARTS = "collect", "charts"
# Parts read under "collect": summary, participants, boards, outputs, plans.
COLLECT_PARTS = 5
# Charts drawn besides one per plan: sectors, agencies, overall status, completion.
FIXED_CHARTS = 4
TOP_IDEAS = 5
TOP_AGENCY_BARS = 15


def _quiet(step: str) -> None:
    """No progress to report (the HTML page)."""


# --- What the report holds -----------------------------------------------------------


@dataclass
class ChallengeRow:
    challenge: Challenge
    stage_number: int
    stage_count: int


@dataclass
class Counts:
    workshops: int
    participants: int
    agencies: int
    boards: int
    notes: int
    proposals: int
    actions: int


@dataclass
class SectorRow:
    key: str
    label: str
    organisations: int
    people: int


@dataclass
class AgencyRow:
    organisation: Organisation | None  # None: people whose organisation is not known
    label: str
    sector: str
    people: int


@dataclass
class ThemeRow:
    label: str
    size: int


@dataclass
class Idea:
    text: str
    votes: int
    organisation: str  # empty for anonymous notes: they name nobody


@dataclass
class BoardRow:
    board: Board
    themes: list[ThemeRow]
    ideas: list[Idea]


@dataclass
class PersonaRow:
    persona: Persona
    segment: str
    quote: str
    groups: list[str]


@dataclass
class PlanRow:
    plan: ActionPlan
    actions: list[Action]
    tally: Tally = field(default_factory=Tally)
    chart: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    lab: Lab
    challenge: Challenge | None
    today: dt.date
    generated_at: dt.datetime
    hosts: list[Organisation]
    challenges: list[ChallengeRow]
    counts: Counts
    by_sector: list[SectorRow]
    by_agency: list[AgencyRow]
    boards: list[BoardRow]
    personas: list[PersonaRow]
    policy_proposals: list[Proposal]
    project_proposals: list[Proposal]
    pledges: PledgeSummary
    # Communities with member_count and organisation_count; None in a challenge report.
    communities: list[Any] | None
    curricula: list[Curriculum] | None
    plans: list[PlanRow]
    overall: Tally
    late: list[Action]
    at_risk: list[Action]
    # Lead agencies with an action not dropped, the most complete first.
    completion: list[GroupRow]
    can_run: bool  # the viewer runs the lab: boards link to their facilitation pages
    sector_chart: dict[str, Any] = field(default_factory=dict)
    agency_chart: dict[str, Any] = field(default_factory=dict)
    overall_chart: dict[str, Any] = field(default_factory=dict)
    completion_chart: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.challenge.title if self.challenge else self.lab.name


# --- Scope: the lab, or one challenge of it --------------------------------------------


@dataclass(frozen=True)
class Scope:
    lab: Lab
    challenge: Challenge | None

    @property
    def boards(self) -> QuerySet[Board]:
        boards = Board.objects.filter(lab=self.lab)
        return boards.filter(challenge=self.challenge) if self.challenge else boards

    @property
    def workshops(self) -> QuerySet[Workshop]:
        workshops = Workshop.objects.filter(lab=self.lab)
        return workshops.filter(challenges=self.challenge) if self.challenge else workshops

    @property
    def members(self) -> QuerySet[Member]:
        members = Member.objects.filter(lab=self.lab)
        return members.filter(teams__challenge=self.challenge) if self.challenge else members

    @property
    def proposals(self) -> QuerySet[Proposal]:
        proposals = Proposal.objects.filter(lab=self.lab)
        return proposals.filter(challenge=self.challenge) if self.challenge else proposals

    @property
    def plans(self) -> QuerySet[ActionPlan]:
        plans = ActionPlan.objects.filter(lab=self.lab)
        return plans.filter(challenge=self.challenge) if self.challenge else plans

    def actions(self, today: dt.date | None = None) -> QuerySet[Action]:
        """With their status on `today` (`current_status`)."""
        actions = Action.objects.with_status(today).filter(lab=self.lab)
        return actions.filter(plan__challenge=self.challenge) if self.challenge else actions

    @property
    def personas(self) -> QuerySet[Persona]:
        personas = Persona.objects.filter(lab=self.lab)
        return personas.filter(board__challenge=self.challenge) if self.challenge else personas

    @property
    def challenges(self) -> QuerySet[Challenge]:
        challenges = Challenge.objects.filter(lab=self.lab)
        return challenges.filter(pk=self.challenge.pk) if self.challenge else challenges


# --- Reading --------------------------------------------------------------------------


def lab_report(lab: Lab, viewer: Any, *, progress: Progress | None = None) -> Report:
    """The report of `lab` (fetched through labs.access) as `viewer` reads it."""
    return _report(Scope(lab, None), viewer, progress or _quiet)


def challenge_report(
    challenge: Challenge, viewer: Any, *, progress: Progress | None = None
) -> Report:
    """The report of one challenge (fetched through labs.access)."""
    return _report(Scope(challenge.lab, challenge), viewer, progress or _quiet)


def _report(scope: Scope, viewer: Any, progress: Progress) -> Report:
    lab, day = scope.lab, today()
    hosts = list(lab.hosts.order_by("name_th"))
    stages = list(Stage.objects.filter(process_id=lab.process_id).order_by("order"))
    position = {stage.pk: number for number, stage in enumerate(stages, start=1)}
    challenges = [
        ChallengeRow(c, position.get(c.stage_id, 0), len(stages))
        for c in scope.challenges.select_related("stage").order_by("pk")
    ]
    workshops = scope.workshops.count()
    progress(COLLECT)

    people = _people(scope, day)
    organisations = Organisation.objects.in_bulk({pk for pk in people.values() if pk})
    by_sector, by_agency = _participation(people, organisations)
    progress(COLLECT)

    boards = _boards(scope)
    personas = _personas(scope)
    progress(COLLECT)

    proposals = list(
        scope.proposals.select_related("challenge")
        .annotate(
            endorsement_count=count_of(
                Endorsement.objects.filter(proposal=OuterRef("pk")), "proposal"
            ),
            pledge_count=pledge_count(),
        )
        .order_by("-status_date", "-pk")
    )
    pledges = pledge_summary(Pledge.objects.filter(proposal__in=scope.proposals))
    communities = curricula = None
    if scope.challenge is None:
        communities = list(
            Community.objects.filter(lab=lab)
            .annotate(
                member_count=Count("members", distinct=True),
                organisation_count=Count("organisations", distinct=True),
            )
            .order_by("name", "pk")
        )
        curricula = list(Curriculum.objects.filter(lab=lab).prefetch_related("modules"))
    progress(COLLECT)

    plans, actions = _plans(scope, day)
    supporting = set(
        ActionAgency.objects.filter(action__in=scope.actions(day)).values_list(
            "organisation_id", flat=True
        )
    )
    named = set(
        ChallengeAgency.objects.filter(challenge__in=scope.challenges).values_list(
            "organisation_id", flat=True
        )
    )
    progress(COLLECT)

    agencies = (
        {pk for pk in people.values() if pk}
        | {o.pk for o in hosts}
        | named
        | supporting
        | {a.lead_agency_id for a in actions}
    )
    open_trouble = [a for a in actions if a.status in (Status.LATE, Status.AT_RISK)]
    report = Report(
        lab=lab,
        challenge=scope.challenge,
        today=day,
        generated_at=timezone.now(),
        hosts=hosts,
        challenges=challenges,
        counts=Counts(
            workshops=workshops,
            participants=len(people),
            agencies=len(agencies),
            boards=len(boards),
            notes=sum(row.board.note_count for row in boards),  # type: ignore[attr-defined]
            proposals=len(proposals),
            actions=len(actions),
        ),
        by_sector=by_sector,
        by_agency=by_agency,
        boards=boards,
        personas=personas,
        policy_proposals=[p for p in proposals if p.kind == Proposal.Kind.POLICY],
        project_proposals=[p for p in proposals if p.kind == Proposal.Kind.PROJECT],
        pledges=pledges,
        communities=communities,
        curricula=curricula,
        plans=plans,
        overall=_overall(plans),
        late=sorted(
            (a for a in open_trouble if a.status == Status.LATE),
            key=lambda a: (-a.days_late, a.pk),
        ),
        at_risk=[a for a in open_trouble if a.status == Status.AT_RISK],
        completion=_completion(scope.actions(day)),
        can_run=bool(can_run_lab(viewer, lab)),
    )
    _draw(report, progress)
    return report


# --- Participants ------------------------------------------------------------------------


def _people(scope: Scope, today: dt.date) -> dict[tuple[str, int], int | None]:
    """Each distinct person (("person", id), or ("phone", participant id) for
    someone who joined a board without a directory record) and the
    organisation they are counted under (six queries at most)."""
    organisation_of: dict[tuple[str, int], int | None] = {}
    for person_id, organisation_id in scope.members.values_list("person_id", "organisation_id"):
        organisation_of[("person", person_id)] = organisation_id
    registered = Registration.objects.filter(
        workshop__in=scope.workshops, status=Registration.Status.REGISTERED
    ).values_list("person_id", flat=True)
    attended = Attendance.objects.filter(session__workshop__in=scope.workshops).values_list(
        "person_id", flat=True
    )
    for person_id in [*registered, *attended]:
        organisation_of.setdefault(("person", person_id), None)
    for contribution in contributions(boards=scope.boards):
        key = (
            ("person", contribution.person_id)
            if contribution.person_id
            else ("phone", contribution.participant_id)
        )
        if organisation_of.get(key) is None:
            organisation_of[key] = contribution.organisation_id
    missing = [pk for (kind, pk), org in organisation_of.items() if kind == "person" and not org]
    if missing:
        affiliations = (
            Affiliation.objects.filter(current_on(today), person_id__in=missing)
            .order_by("person_id", "-start_date", "pk")
            .values_list("person_id", "organisation_id")
        )
        for person_id, organisation_id in affiliations:
            if organisation_of[("person", person_id)] is None:
                organisation_of[("person", person_id)] = organisation_id
    return organisation_of


def _participation(
    people: dict[tuple[str, int], int | None], organisations: dict[int, Organisation]
) -> tuple[list[SectorRow], list[AgencyRow]]:
    per_organisation = Counter(people.values())
    unknown = sum(n for pk, n in per_organisation.items() if pk not in organisations)
    sector_labels = dict(Sector.choices)
    agencies = sorted(
        (
            AgencyRow(org, org.display_name, str(sector_labels.get(org.sector, "")), n)
            for pk, n in per_organisation.items()
            if (org := organisations.get(pk or 0)) is not None
        ),
        key=lambda row: (-row.people, row.label),
    )
    sectors = []
    for key, label in Sector.choices:
        rows = [row for row in agencies if row.organisation and row.organisation.sector == key]
        if rows:
            sectors.append(SectorRow(key, str(label), len(rows), sum(r.people for r in rows)))
    if unknown:
        not_recorded = _("Organisation not recorded")
        agencies.append(AgencyRow(None, not_recorded, "", unknown))
        sectors.append(SectorRow("unknown", not_recorded, 0, unknown))
    return sectors, agencies


# --- Boards and personas ---------------------------------------------------------------


def _boards(scope: Scope) -> list[BoardRow]:
    """Each board with its themes (by size) and its most-voted ideas (three queries).

    Only what the room saw counts, in the number of notes too: no deleted,
    hidden or face-down notes. Vote totals appear once the facilitator
    revealed them or closed the board."""
    seen = Q(deleted_at__isnull=True, hidden=False, private=False)
    boards = scope.boards.select_related("method", "workshop").annotate(
        note_count=count_of(Note.objects.filter(seen, board=OuterRef("pk")), "board")
    )
    themes: dict[int, list[ThemeRow]] = defaultdict(list)
    for theme in (
        Theme.objects.filter(board__in=scope.boards)
        .annotate(
            size=Count(
                "notes",
                filter=Q(notes__deleted_at__isnull=True, notes__hidden=False, notes__private=False),
            )
        )
        .filter(size__gt=0)
        .order_by("board_id", "-size", "order", "pk")
    ):
        themes[theme.board_id].append(ThemeRow(theme.label, theme.size))  # type: ignore[attr-defined]
    ranked = (
        Note.objects.filter(seen, board__in=scope.boards)
        .filter(Q(board__votes_revealed=True) | Q(board__status=Board.Status.CLOSED))
        .annotate(vote_count=count_of(Vote.objects.filter(note=OuterRef("pk")), "note"))
        .filter(vote_count__gt=0)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("board_id")],
                order_by=[F("vote_count").desc(), F("pk")],
            )
        )
        .filter(rank__lte=TOP_IDEAS)
        .select_related("author__organisation")
        .order_by("board_id", "rank")
    )
    ideas: dict[int, list[Idea]] = defaultdict(list)
    for note in ranked:
        organisation = "" if note.anonymous else note.author.organisation_label
        ideas[note.board_id].append(Idea(note.text, note.vote_count, organisation))  # type: ignore[attr-defined]
    return [
        BoardRow(board, themes[board.pk], ideas[board.pk])
        for board in boards.order_by("created_at", "pk")
    ]


def _personas(scope: Scope) -> list[PersonaRow]:
    names = {group["key"]: local_name(group) for group in VULNERABLE_GROUPS}
    rows = []
    for persona in scope.personas.order_by("name", "pk"):
        stored = persona.fields or {}
        rows.append(
            PersonaRow(
                persona,
                segment=str(stored.get("segment") or ""),
                quote=str(stored.get("quote") or ""),
                groups=[names.get(key, key) for key in persona.vulnerable_groups or []],
            )
        )
    return rows


# --- Outputs --------------------------------------------------------------------------------


# --- Action plans ---------------------------------------------------------------------------


def _plans(scope: Scope, day: dt.date) -> tuple[list[PlanRow], list[Action]]:
    """The plans, each with its actions and their counts by status."""
    plans = {
        plan.pk: PlanRow(plan, [])
        for plan in scope.plans.select_related("challenge", "proposal").order_by("pk")
    }
    actions = list(
        scope.actions(day)
        .select_related("lead_agency", "owner")
        .order_by("plan_id", "due_date", "pk")
    )
    for action in actions:
        row = plans[action.plan_id]
        action.plan = row.plan  # the plan already read: no query per action on the page
        row.actions.append(action)
    for plan_id, tally in status_counts(scope.actions(day), "plan_id").items():
        plans[plan_id].tally = tally
    return list(plans.values()), actions


def _overall(plans: list[PlanRow]) -> Tally:
    overall = Tally()
    for row in plans:
        overall.add(row.tally)
    return overall


def _completion(actions: QuerySet[Action]) -> list[GroupRow]:
    """Completion by lead agency, as on the lab's dashboard: each lead agency
    with an action not dropped, the most complete first."""
    rows = [row for row in lead_agencies(actions) if row.completion is not None]
    return sorted(rows, key=lambda r: (-(r.completion or 0), -r.total, r.name))


# --- Charts ---------------------------------------------------------------------------------


def _draw(report: Report, progress: Progress) -> None:
    report.sector_chart = charts.bars(
        (row.label, row.organisations, "") for row in report.by_sector if row.organisations
    )
    progress(CHARTS)
    report.agency_chart = charts.bars(
        (row.label, row.people, "") for row in report.by_agency[:TOP_AGENCY_BARS]
    )
    progress(CHARTS)
    report.overall_chart = report.overall.chart
    progress(CHARTS)
    for row in report.plans:
        row.chart = row.tally.chart
        progress(CHARTS)
    report.completion_chart = charts.bars(
        ((row.name, row.completion or 0, "") for row in report.completion),
        maximum=100,
        unit="%",
    )
    progress(CHARTS)
