"""Reads for what a lab leaves behind: the outputs hub, the summary on the
lab page, communities of practice and curricula. Fixed query counts
(actions/tests/test_outputs_pages.py, labs/tests/test_views_pages.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, F, Prefetch, QuerySet, Sum, Value

from actions import charts
from actions.models import (
    Action,
    ActionPlan,
    Community,
    Curriculum,
    CurriculumModule,
    Proposal,
)
from actions.selectors.status import Tally, status_counts
from directory.models import Affiliation, Organisation, Person
from labs.models import Lab, Member

_NO_GROUP = Value("", output_field=CharField())


# --- The summary on the lab page ------------------------------------------------------


@dataclass
class LabSummary:
    proposals: int
    proposal_counts: list[tuple[str, str, int]]
    plans: int
    actions: int
    chart: dict[str, Any]

    @property
    def is_empty(self) -> bool:
        return not (self.proposals or self.plans or self.actions)


def _grouped(queryset: QuerySet[Any], lab: Lab, kind: str, group: Any) -> QuerySet[Any]:
    return (
        queryset.filter(lab=lab)
        .order_by()
        .annotate(output_kind=Value(kind, output_field=CharField()), output_group=group)
        .values("output_kind", "output_group")
        .annotate(n=Count("pk"))
        .values_list("output_kind", "output_group", "n")
    )


def lab_summary(*, lab: Lab, today: dt.date | None = None) -> LabSummary:
    """Proposals by status, plans, and actions by derived status, in one
    query: three grouped counts joined by UNION ALL."""
    rows = _grouped(Proposal.objects.all(), lab, "proposal", F("status")).union(
        _grouped(Action.objects.with_status(today), lab, "action", F("current_status")),
        _grouped(ActionPlan.objects.all(), lab, "plan", _NO_GROUP),
        all=True,
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, group, n in rows:
        counts[kind][group] += n
    proposals = counts["proposal"]
    return LabSummary(
        proposals=sum(proposals.values()),
        proposal_counts=[
            (status, str(label), proposals[status])
            for status, label in Proposal.Status.choices
            if proposals[status]
        ],
        plans=sum(counts["plan"].values()),
        actions=sum(counts["action"].values()),
        chart=charts.status_bar(counts["action"]),
    )


# --- The outputs hub -------------------------------------------------------------------


@dataclass
class PlanRow:
    plan: ActionPlan
    tally: Tally

    @property
    def total(self) -> int:
        return self.tally.total

    @property
    def chart(self) -> dict[str, Any]:
        return self.tally.chart


@dataclass
class OutputsHub:
    proposals: list[Proposal]
    plans: list[PlanRow]
    communities: list[Community]
    curricula: list[Curriculum]
    chart: dict[str, Any]
    actions: int


def outputs_hub(*, lab: Lab, today: dt.date | None = None) -> OutputsHub:
    """Everything the lab produced, each plan with its actions by status."""
    by_plan = status_counts(Action.objects.with_status(today).filter(lab=lab), "plan_id")
    everything = Tally()
    for tally in by_plan.values():
        everything.add(tally)
    plans = [
        PlanRow(plan, by_plan.get(plan.pk, Tally()))
        for plan in ActionPlan.objects.filter(lab=lab)
        .select_related("challenge", "proposal")
        .order_by("pk")
    ]
    return OutputsHub(
        proposals=list(
            Proposal.objects.filter(lab=lab)
            .select_related("challenge")
            .order_by("kind", "-updated_at", "-pk")
        ),
        plans=plans,
        communities=list(
            Community.objects.filter(lab=lab)
            .annotate(
                member_count=Count("members", distinct=True),
                organisation_count=Count("organisations", distinct=True),
            )
            .order_by("name", "pk")
        ),
        curricula=list(
            Curriculum.objects.filter(lab=lab)
            .annotate(module_count=Count("modules"), hours=Sum("modules__hours"))
            .order_by("title", "pk")
        ),
        chart=everything.chart,
        actions=everything.total,
    )


# --- Communities and curricula ------------------------------------------------------------


@dataclass
class CommunityPage:
    community: Community
    members: list[Person]
    organisations: list[Organisation]


def community_page(*, community: Community) -> CommunityPage:
    return CommunityPage(
        community=community,
        members=list(
            community.members.order_by("first_name_th", "first_name_en", "pk").prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.select_related("organisation"),
                    to_attr="affiliation_list",
                )
            )
        ),
        organisations=list(community.organisations.order_by("name_th", "pk")),
    )


def curriculum_modules(*, curriculum: Curriculum) -> list[CurriculumModule]:
    return list(
        curriculum.modules.order_by("order", "pk").prefetch_related(
            Prefetch("designed_with", queryset=Person.objects.order_by("first_name_th", "pk"))
        )
    )


def lab_people(*, lab: Lab) -> list[Person]:
    """The lab's cohort, for "designed with": each person once."""
    seen: dict[int, Person] = {}
    for member in (
        Member.objects.filter(lab=lab)
        .select_related("person")
        .order_by("person__first_name_th", "person__first_name_en", "pk")
    ):
        seen.setdefault(member.person_id, member.person)
    return list(seen.values())
