"""Reads for joint action plans, their actions and progress.

Each page costs a fixed number of queries whatever the plan's size
(asserted in actions/tests/test_plans_pages.py): actions come with their
derived status (`with_status`), agencies, owner and dependencies fetched up
front, and a plan's filters and timeline are worked out in Python from the
one list of its actions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.rules import is_administrator
from actions.models import (
    Action,
    ActionAgency,
    ActionPlan,
    ActionQuerySet,
    Milestone,
    ProgressUpdate,
    Status,
)
from actions.models import today as platform_today
from actions.selectors.status import of_agencies, status_tally
from directory.models import Organisation
from labs.selectors import lab_list

_REF_PART = re.compile(r"(\d+)")


def ref_key(ref: str) -> tuple[tuple[int, Any], ...]:
    """Plans number their actions 1, 1.2, 1.10: sort the numbers as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in _REF_PART.split(ref.strip())
        if part
    )


def _action_order(action: Action) -> tuple[Any, ...]:
    return (not action.ref, ref_key(action.ref), action.due_date or dt.date.max, action.pk)


def _agencies_prefetch() -> Prefetch:
    return Prefetch(
        "supports",
        queryset=ActionAgency.objects.select_related("organisation").order_by(
            "organisation__name_th", "pk"
        ),
        to_attr="support_rows",
    )


def _dependencies_prefetch(lookup: str, to_attr: str, today: dt.date) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Action.objects.with_status(today).order_by("ref", "pk"),
        to_attr=to_attr,
    )


def _with_lists(action: Action) -> Action:
    """`supporting` as organisations; dependencies in plan order."""
    action.supporting = [row.organisation for row in action.support_rows]  # type: ignore[attr-defined]
    for name in ("dependency_list", "dependent_list"):
        if hasattr(action, name):
            setattr(action, name, sorted(getattr(action, name), key=_action_order))
    return action


# --- Who sees which actions -------------------------------------------------------


def plans_for_user(*, user: Any) -> QuerySet[ActionPlan]:
    """Plans of the labs the user may see."""
    queryset = ActionPlan.objects.select_related("lab", "challenge", "proposal")
    if not is_administrator(user):
        queryset = queryset.filter(lab__in=lab_list(user=user).values("pk"))
    return queryset.order_by("lab_id", "pk")


def actions_for_user(*, user: Any, today: dt.date | None = None) -> ActionQuerySet:
    """Actions of the labs the user may see, and besides, in any lab, those
    the user owns or an agency they are a focal point of leads or supports
    (the same rule as actions.view_action)."""
    queryset = Action.objects.with_status(today)
    if is_administrator(user):
        return queryset
    visible = Q(lab__in=lab_list(user=user).values("pk"))
    if user.is_authenticated:
        # Subqueries, not joins: a join through focal points would repeat an
        # action once per focal point of its agency.
        mine = Organisation.objects.filter(focal_points=user).values("pk")
        owned = Action.objects.filter(owner__user_id=user.pk).order_by().values("pk")
        visible |= of_agencies(mine, owned)
    return queryset.filter(visible)


def action_list(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """Everything an action row shows, fetched up front."""
    return queryset.select_related("plan", "lab", "lead_agency", "owner").prefetch_related(
        _agencies_prefetch()
    )


# --- The plan page -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineBar:
    action: Action
    left: float
    width: float
    # A bar needs both dates; with only one, the row shows a marker there.
    is_point: bool


@dataclass(frozen=True)
class Tick:
    day: dt.date
    x: float


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    bars: list[TimelineBar]
    ticks: list[Tick]
    today: float | None
    undated: int


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def timeline(actions: list[Action], *, today: dt.date, max_ticks: int = 8) -> Timeline | None:
    """Bars from start to due date on one time axis, as percentages of its width."""
    dated = [a for a in actions if a.start_date or a.due_date]
    if not dated:
        return None
    start = min((a.start_date or a.due_date) for a in dated)  # type: ignore[type-var]
    end = max((a.due_date or a.start_date) for a in dated)  # type: ignore[type-var]
    assert start is not None and end is not None
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return round(100.0 * (day - start).days / span, 2)

    bars = []
    for action in dated:
        first = action.start_date or action.due_date
        last = action.due_date or action.start_date
        assert first is not None and last is not None
        point = action.start_date is None or action.due_date is None
        bars.append(TimelineBar(action, x(first), max(x(last) - x(first), 1.0), point))
    step = max(1, -(-(_months_between(start, end) + 1) // max_ticks))
    ticks = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append(Tick(month, x(month)))
        index = month.month - 1 + step
        month = dt.date(month.year + index // 12, index % 12 + 1, 1)
    return Timeline(
        start=start,
        end=end,
        bars=bars,
        ticks=ticks,
        today=x(today) if start <= today <= end else None,
        undated=len(actions) - len(dated),
    )


@dataclass
class PlanPage:
    plan: ActionPlan
    actions: list[Action]
    total: int
    counts: dict[str, int]
    chart: dict[str, Any]
    agencies: list[Organisation]
    timeline: Timeline | None
    filtered: bool = False
    dependencies: int = 0
    percent: int = 0
    late: list[Action] = field(default_factory=list)


def plan_page(
    *,
    plan: ActionPlan,
    status: str = "",
    agency: int | None = None,
    today: dt.date | None = None,
) -> PlanPage:
    """A plan's actions (filtered by derived status and agency), the counts
    by status of all of them, the agencies to filter by and a timeline."""
    today = today or platform_today()
    everything = sorted(
        (
            _with_lists(a)
            for a in Action.objects.with_status(today)
            .filter(plan=plan)
            .select_related("lead_agency", "owner")
            .prefetch_related(
                _agencies_prefetch(),
                _dependencies_prefetch("depends_on", "dependency_list", today),
            )
        ),
        key=_action_order,
    )
    tally = status_tally(Action.objects.with_status(today).filter(plan=plan))
    agencies: dict[int, Organisation] = {}
    for action in everything:
        for organisation in [action.lead_agency, *action.supporting]:  # type: ignore[attr-defined]
            agencies.setdefault(organisation.pk, organisation)
    shown = [
        a
        for a in everything
        if (not status or a.status == status)
        and (
            agency is None
            or a.lead_agency_id == agency
            or any(o.pk == agency for o in a.supporting)  # type: ignore[attr-defined]
        )
    ]
    open_actions = [a for a in everything if a.status != Status.DROPPED]
    return PlanPage(
        plan=plan,
        actions=shown,
        total=len(everything),
        counts=tally.counts,
        chart=tally.chart,
        agencies=sorted(agencies.values(), key=lambda o: o.display_name),
        timeline=timeline(shown, today=today),
        filtered=bool(status or agency is not None),
        dependencies=sum(
            len(a.dependency_list)  # type: ignore[attr-defined, misc]
            for a in everything
        ),
        percent=round(sum(a.percent_complete for a in open_actions) / len(open_actions))
        if open_actions
        else 0,
        late=[a for a in everything if a.status == Status.LATE],
    )


# --- The action page --------------------------------------------------------------------


@dataclass
class ActionPage:
    action: Action
    supporting: list[Organisation]
    milestones: list[Milestone]
    depends_on: list[Action]
    dependents: list[Action]
    updates: list[ProgressUpdate]


def action_page(*, action: Action, today: dt.date | None = None) -> ActionPage:
    """An action (fetched through actions.access) with its agencies,
    milestones, dependencies both ways and progress updates."""
    today = today or platform_today()
    full = _with_lists(
        Action.objects.with_status(today)
        .select_related("plan", "lab", "lead_agency", "owner")
        .prefetch_related(
            _agencies_prefetch(),
            _dependencies_prefetch("depends_on", "dependency_list", today),
            _dependencies_prefetch("dependents", "dependent_list", today),
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "due_date", "pk")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("by", "by_organisation").order_by(
                    "-created_at", "-pk"
                ),
            ),
        )
        .get(pk=action.pk)
    )
    return ActionPage(
        action=full,
        supporting=full.supporting,  # type: ignore[attr-defined]
        milestones=list(full.milestones.all()),
        depends_on=full.dependency_list,  # type: ignore[attr-defined]
        dependents=full.dependent_list,  # type: ignore[attr-defined]
        updates=list(full.updates.all()),
    )


def reporting_organisation(*, user: Any, action: Action) -> Organisation | None:
    """The agency a progress update speaks for: the lead agency or a
    supporting agency the user is a focal point of (the lead first)."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine = Organisation.objects.filter(focal_points=user).filter(
        Q(pk=action.lead_agency_id) | Q(action_supports__action=action)
    )
    found = list(mine.distinct()[:5])
    for organisation in found:
        if organisation.pk == action.lead_agency_id:
            return organisation
    return found[0] if found else None
