"""Reads for the dashboards (by agency, by lab, the index of both) and the
focal point's commitments.

Every figure is counted in SQL: "late" and the other statuses come from
`Action.objects.with_status(today())`, grouped by that annotation
(actions.selectors.status, shared with the outputs, plan and report
pages), so a dashboard over tens of thousands of actions reads a handful of
grouped rows and never loops over the actions themselves. Each page runs a
fixed number of queries whatever the data size (asserted in
actions/tests/test_dashboards_queries.py).

Who sees what: a dashboard counts the actions of the labs its viewer may see
(public labs and the labs they are a member of; every lab for
administrators), and an agency's own focal points see all of that agency's
commitments, as they do on their commitments page (actions/rules.py). Of a
lab they may not see, they see the commitment but not the lab's name
(HIDDEN_LAB), as on the action's own page.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_administrator
from actions import charts
from actions.models import (
    OPEN_STATUSES,
    Action,
    ActionAgency,
    ActionPlan,
    Pledge,
    ProgressUpdate,
    Proposal,
    Status,
    today,
)
from actions.selectors.pledges import PledgeSummary, pledge_summary
from actions.selectors.status import (
    LAST_TOUCHED,
    UNFINISHED,
    Annotated,
    StatusCounts,
    Tally,
    days_since,
    of_agencies,
    status_counts,
    status_rows,
)
from directory.models import Organisation
from labs.models import Lab, Member

# Late and at-risk actions listed on a dashboard; the rest are in the counts.
TOP_ACTIONS = 20
# Labs in the "late actions by lab" bars of an agency.
TOP_LABS = 15
# Lead agencies in a lab's table and bars, the most late first; a page of
# hundreds of rows would not read at a glance (nor render fast).
TOP_AGENCIES = 30
# Done actions stay on the commitments page this long, then drop off it.
DONE_RECENTLY_DAYS = 30
# Cards per group on the commitments page (a phone's worth); the group links
# to a page of its own, which shows up to ONE_GROUP_CARDS.
CARDS_PER_GROUP = 20
ONE_GROUP_CARDS = 200

LATE_COLOUR = charts.STATUS_COLOURS[Status.LATE]
# Said of a lab its viewer may not see, in place of its name: an agency's
# focal point sees the agency's commitments in every lab, not the labs.
HIDDEN_LAB = _("A members-only lab")


def _due_soon(day: dt.date) -> Q:
    """Actions due soon (Action.objects.due_soon), as a condition on any
    queryset of actions: a short list of keys, read once per query through
    the index on due_date."""
    return Q(pk__in=Action.objects.due_soon(day).values("pk"))


# --- Who is looking ----------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """What a user may see on dashboards: read once per request."""

    is_admin: bool = False
    member_lab_ids: frozenset[int] = frozenset()
    focal_org_ids: frozenset[int] = frozenset()

    def labs_q(self, prefix: str = "lab") -> Q:
        """Rows whose lab (reached through `prefix`) this viewer may see."""
        if self.is_admin:
            return Q()
        return Q(**{f"{prefix}__visibility": Lab.Visibility.PUBLIC}) | Q(
            **{f"{prefix}_id__in": sorted(self.member_lab_ids)}
        )

    def sees_all_of(self, organisation_id: int) -> bool:
        return self.is_admin or organisation_id in self.focal_org_ids

    def may_see_lab(self, lab: Lab) -> bool:
        return self.is_admin or lab.is_public or lab.pk in self.member_lab_ids


def viewer_of(user: Any) -> Viewer:
    if not getattr(user, "is_authenticated", False):
        return Viewer()
    if is_administrator(user):
        return Viewer(is_admin=True)
    return Viewer(
        member_lab_ids=frozenset(
            Member.objects.filter(person__user_id=user.pk)
            .order_by()
            .values_list("lab_id", flat=True)
        ),
        focal_org_ids=frozenset(user.focal_point_of.values_list("pk", flat=True)),
    )


# --- Figures -------------------------------------------------------------------------


@dataclass
class Figures(StatusCounts):
    """The figures at the top of a dashboard."""

    counts: dict[str, int]
    due_soon: int
    median_days_since_update: float | None
    max_days_since_update: int | None
    led: int = 0

    @property
    def supported(self) -> int:
        # A lead agency is never also a supporting one (services.plans).
        return self.total - self.led


def _figures(
    actions: Annotated, *, day: dt.date, now: dt.datetime, lead_id: int | None = None
) -> Figures:
    """Two queries: the counts grouped by status, and the median of the days
    since the unfinished actions were last touched."""
    extra: dict[str, Any] = {}
    if lead_id is not None:
        extra["led"] = Count("pk", filter=Q(lead_agency_id=lead_id))
    rows = status_rows(
        actions, soon=Count("pk", filter=_due_soon(day)), oldest=Min(LAST_TOUCHED), **extra
    )
    counts: dict[str, int] = {}
    due_soon = led = 0
    oldest: list[dt.datetime] = []
    for row in rows:
        status = row["current_status"]
        counts[status] = row["n"]
        led += row.get("led", 0)
        due_soon += row["soon"]
        if status in UNFINISHED:
            oldest.append(row["oldest"])
    unfinished = sum(counts.get(s, 0) for s in UNFINISHED)
    median = None
    if unfinished:
        # The middle one or two by time last touched, read with OFFSET.
        middle = list(
            actions.filter(current_status__in=UNFINISHED)
            .annotate(touched=LAST_TOUCHED)
            .order_by("touched")
            .values_list("touched", flat=True)[(unfinished - 1) // 2 : unfinished // 2 + 1]
        )
        median = statistics.fmean(days_since(m, now) or 0 for m in middle)
    return Figures(
        counts=counts,
        due_soon=due_soon,
        median_days_since_update=median,
        max_days_since_update=days_since(min(oldest), now) if oldest else None,
        led=led,
    )


@dataclass(frozen=True)
class ActionRow:
    action: Action
    days_since_update: int | None
    # False: the viewer follows the action (their agency's) but may not see its lab.
    lab_visible: bool = True


def _trouble(
    actions: Annotated, *, day: dt.date, now: dt.datetime, viewer: Viewer | None = None
) -> list[ActionRow]:
    """Late and at-risk actions, the longest overdue first. The first few are
    picked from narrow rows; only they are read with their lab and agency."""
    order = [F("due_date").asc(nulls_last=True), F("pk").asc()]
    first = actions.filter(current_status__in=[Status.LATE, Status.AT_RISK]).order_by(*order)
    rows = (
        Action.objects.with_status(day)
        .filter(pk__in=first.values("pk")[:TOP_ACTIONS])
        .annotate(touched=LAST_TOUCHED)
        .select_related("lab", "lead_agency")
        .order_by(*order)
    )
    return [
        ActionRow(
            action=a,
            days_since_update=days_since(a.touched, now),
            lab_visible=viewer is None or viewer.may_see_lab(a.lab),
        )
        for a in rows
    ]


# --- Agency dashboard ---------------------------------------------------------------


@dataclass
class AgencyDashboard:
    figures: Figures
    pledges: PledgeSummary
    late_by_lab: dict[str, Any]
    trouble: list[ActionRow]
    sees_all: bool


def agency_dashboard(*, organisation: Organisation, viewer: Viewer) -> AgencyDashboard:
    day, now = today(), timezone.now()
    sees_all = viewer.sees_all_of(organisation.pk)
    visible = Q() if sees_all else viewer.labs_q()
    actions = Action.objects.with_status(day).filter(of_agencies([organisation.pk]), visible)
    late_counts = list(
        actions.late(day)
        .order_by()
        .values("lab_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "lab_id")[:TOP_LABS]
    )
    labs = Lab.objects.in_bulk([r["lab_id"] for r in late_counts])
    bars = []
    for row in late_counts:
        lab = labs[row["lab_id"]]
        if viewer.may_see_lab(lab):
            bars.append((lab.name, row["n"], reverse("actions:lab_dashboard", args=[lab.pk])))
        else:
            bars.append((str(HIDDEN_LAB), row["n"], ""))
    pledges = Pledge.objects.filter(organisation=organisation)
    if not sees_all:
        pledges = pledges.filter(viewer.labs_q("proposal__lab"))
    return AgencyDashboard(
        figures=_figures(actions, day=day, now=now, lead_id=organisation.pk),
        pledges=pledge_summary(pledges),
        late_by_lab=charts.bars(bars, colour=LATE_COLOUR),
        trouble=_trouble(actions, day=day, now=now, viewer=viewer),
        sees_all=sees_all,
    )


# --- Lab dashboard ----------------------------------------------------------------


@dataclass
class GroupRow(StatusCounts):
    """One lead agency's (or one plan's) actions."""

    key: int
    counts: dict[str, int] = field(default_factory=dict)
    # The latest update of its unfinished actions.
    last_touched: dt.datetime | None = None
    organisation: Organisation | None = None
    label: str = ""
    url: str = ""
    days_since_update: int | None = None

    @property
    def name(self) -> str:
        """The lead agency's full name."""
        return self.organisation.display_name if self.organisation else self.label


def lead_agencies(
    actions: Annotated, *, limit: int | None = None, now: dt.datetime | None = None
) -> list[GroupRow]:
    """Each lead agency's `actions` by status, with the days since it last
    updated one of its unfinished actions; the most late first, and the
    first `limit` of them with their organisation (two queries)."""
    groups: dict[int, GroupRow] = {}
    for row in status_rows(actions, "lead_agency_id", touched=Max(LAST_TOUCHED)):
        group = groups.setdefault(row["lead_agency_id"], GroupRow(key=row["lead_agency_id"]))
        group.counts[row["current_status"]] = row["n"]
        if row["current_status"] in UNFINISHED and (
            group.last_touched is None or row["touched"] > group.last_touched
        ):
            group.last_touched = row["touched"]
    rows = sorted(groups.values(), key=lambda r: (-r.late, -r.at_risk, -r.total, r.key))
    shown = rows[:limit]
    organisations = Organisation.objects.in_bulk([r.key for r in shown])
    for row in shown:
        row.organisation = organisation = organisations[row.key]
        row.label = organisation.display_abbreviation or organisation.display_name
        row.url = reverse("actions:agency_dashboard", args=[row.key])
        row.days_since_update = days_since(row.last_touched, now)
    return rows


@dataclass
class LabDashboard:
    figures: Figures
    agencies: list[GroupRow]
    agency_count: int
    late_by_agency: dict[str, Any]
    plans: list[GroupRow]
    pledges: PledgeSummary
    trouble: list[ActionRow]


def lab_dashboard(*, lab: Lab) -> LabDashboard:
    """For a lab the viewer may see (checked by the view): all its actions."""
    day, now = today(), timezone.now()
    actions = Action.objects.with_status(day).filter(lab=lab)
    agencies = lead_agencies(actions, limit=TOP_AGENCIES, now=now)
    shown = agencies[:TOP_AGENCIES]
    by_plan = status_counts(actions, "plan_id")
    plans = [
        GroupRow(
            key=plan.pk,
            counts=by_plan.get(plan.pk, Tally()).counts,
            label=plan.title,
            url=plan.get_absolute_url(),
        )
        for plan in ActionPlan.objects.filter(lab=lab).order_by("pk")
    ]
    return LabDashboard(
        figures=_figures(actions, day=day, now=now),
        agencies=shown,
        agency_count=len(agencies),
        late_by_agency=charts.bars(
            ((r.label, r.late, r.url) for r in shown[:TOP_LABS] if r.late), colour=LATE_COLOUR
        ),
        plans=plans,
        pledges=pledge_summary(
            Pledge.objects.filter(proposal__lab=lab, proposal__kind=Proposal.Kind.PROJECT)
        ),
        trouble=_trouble(actions, day=day, now=now),
    )


# --- The index: every agency and lab ----------------------------------------------------


@dataclass
class IndexRow(StatusCounts):
    """An agency or a lab on the index, ranked by its late actions."""

    pk: int
    counts: dict[str, int] = field(default_factory=dict)
    obj: Any = None


def _ranked(rows: Iterable[IndexRow]) -> list[IndexRow]:
    return sorted(rows, key=lambda r: (-r.late, -r.at_risk, -r.total, r.pk))


def _counts_by_agency(*pairs: Annotated) -> list[tuple[int, str, int]]:
    """(agency, status, actions) over the UNION ALL of querysets of
    (agency_key, current_status) rows. Django cannot aggregate a union, so
    the union it compiles goes inside one GROUP BY: a single pass over leads
    and supports, three times faster on SQLite than grouping each apart."""
    first, *rest = (p.order_by().values_list("agency_key", "current_status") for p in pairs)
    sql, params = first.union(*rest, all=True).query.sql_with_params()
    key, status = (
        connection.ops.quote_name("agency_key"),
        connection.ops.quote_name("current_status"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, {status}, COUNT(*) FROM ({sql}) pairs GROUP BY {key}, {status}",
            params,
        )
        return cursor.fetchall()


def agency_index(
    *, viewer: Viewer, ids: Sequence[int] | None = None, late_only: bool = False
) -> list[IndexRow]:
    """Every agency that leads or supports an action the viewer may see,
    ranked by late actions; an agency's focal points count its commitments
    in every lab, as on its dashboard. `ids`: only these (search hits).
    Rows carry no organisation yet: `attach_organisations` fills the page shown."""
    actions: Annotated = Action.objects.with_status(today())
    focal = sorted(viewer.focal_org_ids)
    # One join to the supporting agencies, named once, so that every filter
    # below reads the same supporting row.
    led = actions.annotate(agency_key=F("lead_agency_id"))
    supported = actions.annotate(agency_key=F("supports__organisation_id")).filter(
        agency_key__isnull=False
    )
    if not viewer.is_admin:
        led = led.filter(viewer.labs_q() | Q(agency_key__in=focal))
        supported = supported.filter(viewer.labs_q() | Q(agency_key__in=focal))
    if ids is not None:
        led, supported = led.filter(agency_key__in=ids), supported.filter(agency_key__in=ids)
    table: dict[int, IndexRow] = {}
    for agency, status, n in _counts_by_agency(led, supported):
        row = table.setdefault(agency, IndexRow(pk=agency))
        row.counts[status] = row.counts.get(status, 0) + n
    rows = _ranked(table.values())
    return [r for r in rows if r.late] if late_only else rows


def attach_organisations(rows: Sequence[IndexRow]) -> None:
    found = Organisation.objects.in_bulk([r.pk for r in rows])
    for row in rows:
        row.obj = found[row.pk]


def lab_index(*, viewer: Viewer, q: str = "", late_only: bool = False) -> list[IndexRow]:
    """The labs the viewer may see, each with its actions counted, ranked by late actions."""
    visible = Lab.objects.all()
    if not viewer.is_admin:
        visible = visible.filter(
            Q(visibility=Lab.Visibility.PUBLIC) | Q(pk__in=sorted(viewer.member_lab_ids))
        )
    if q:
        visible = visible.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q))
    table = {lab.pk: IndexRow(pk=lab.pk, obj=lab) for lab in visible.order_by("name_th", "pk")}
    actions: Annotated = Action.objects.with_status(today()).filter(viewer.labs_q())
    if q:
        actions = actions.filter(lab_id__in=list(table))
    for lab_id, tally in status_counts(actions, "lab_id").items():
        if lab_id in table:
            table[lab_id].counts = tally.counts
    rows = _ranked(table.values())
    return [r for r in rows if r.late] if late_only else rows


# --- The focal point's commitments ------------------------------------------------------


class Group:
    LATE = 0
    DUE_SOON = 1
    AT_RISK = 2
    ON_TRACK = 3
    DONE = 4


GROUP_LABELS = {
    Group.LATE: _("Late"),
    Group.DUE_SOON: _("Due soon"),
    Group.AT_RISK: _("At risk"),
    Group.ON_TRACK: _("On track / not started"),
    Group.DONE: _("Done recently"),
}
GROUP_KEYS = {
    Group.LATE: "late",
    Group.DUE_SOON: "due-soon",
    Group.AT_RISK: "at-risk",
    Group.ON_TRACK: "on-track",
    Group.DONE: "done",
}


@dataclass
class Card:
    action: Action
    roles: list[str]
    last_update_text: str
    # False: the user follows the action (their agency's, or theirs) but may not see its lab.
    lab_visible: bool


@dataclass
class CardGroup:
    key: str
    label: str
    count: int
    cards: list[Card]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


@dataclass
class Commitments:
    organisations: list[Organisation]
    owns_any: bool
    groups: list[CardGroup]
    # The key of the one group shown on its own, or "".
    only: str = ""

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def _group_of(day: dt.date) -> Case:
    """Which group of the commitments page an action falls in, first match
    wins (a late action is not also "due soon"); None: not shown."""
    recently = day - dt.timedelta(days=DONE_RECENTLY_DAYS)
    return Case(
        When(current_status=Status.LATE, then=Value(Group.LATE)),
        When(_due_soon(day), then=Value(Group.DUE_SOON)),
        When(current_status=Status.AT_RISK, then=Value(Group.AT_RISK)),
        When(current_status__in=OPEN_STATUSES, then=Value(Group.ON_TRACK)),
        When(current_status=Status.DONE, completed_on__gte=recently, then=Value(Group.DONE)),
        default=None,
        output_field=IntegerField(),
    )


def commitments(*, user: Any, agency: str = "", group: str = "") -> Commitments:
    """Every action the user's agencies lead or support, in every lab, and
    the actions the user owns; `agency`: one organisation's pk, or "mine"
    for the owned ones only; `group`: the key of one group to show in full.
    Six queries, whatever the number of actions."""
    day = today()
    only = next((g for g, key in GROUP_KEYS.items() if key == group), None)
    organisations = list(user.focal_point_of.order_by("name_th", "pk"))
    org_ids = [o.pk for o in organisations]
    owned = Action.objects.filter(owner__user_id=user.pk).order_by().values("pk")
    if agency == "mine":
        wanted = Q(pk__in=owned)
    elif agency.isdigit() and int(agency) in org_ids:
        wanted = of_agencies([int(agency)])
    else:
        wanted = of_agencies(org_ids, owned)
    actions = (
        Action.objects.with_status(day)
        .filter(wanted)
        .annotate(group=_group_of(day))
        .filter(group__isnull=False)
    )
    counts = dict(
        actions.order_by().values("group").annotate(n=Count("pk")).values_list("group", "n")
    )
    # Each group cut at its first CARDS_PER_GROUP, in one query: the ranking
    # reads narrow rows, and only the cards shown are read in full.
    order = [
        F("completed_on").desc(nulls_last=True),
        F("due_date").asc(nulls_last=True),
        F("pk").asc(),
    ]
    ranked = actions.annotate(place=Window(RowNumber(), partition_by=[F("group")], order_by=order))
    if only is None:
        ranked = ranked.filter(place__lte=CARDS_PER_GROUP)
    else:
        ranked = ranked.filter(group=only, place__lte=ONE_GROUP_CARDS)
    last_text = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    member = Member.objects.filter(lab_id=OuterRef("lab_id"), person__user_id=user.pk)
    rows = (
        actions.filter(pk__in=ranked.values("pk"))
        .annotate(last_text=Subquery(last_text.values("text")[:1]), lab_member=Exists(member))
        .select_related("lab", "lead_agency", "owner")
        .prefetch_related(
            Prefetch(
                "supports",
                queryset=ActionAgency.objects.filter(organisation_id__in=org_ids),
                to_attr="my_supports",
            )
        )
        .order_by("group", *order)
    )
    admin = is_administrator(user)
    cards: dict[int, list[Card]] = {}
    for a in rows:
        roles = []
        if a.lead_agency_id in org_ids:
            roles.append("lead")
        if a.my_supports:
            roles.append("supporting")
        if a.owner is not None and a.owner.user_id == user.pk:
            roles.append("owner")
        cards.setdefault(a.group, []).append(
            Card(
                action=a,
                roles=roles,
                last_update_text=a.last_text or "",
                lab_visible=admin or a.lab.is_public or a.lab_member,
            )
        )
    groups = [
        CardGroup(
            key=GROUP_KEYS[g],
            label=str(GROUP_LABELS[g]),
            count=counts.get(g, 0),
            cards=cards.get(g, []),
        )
        for g in GROUP_LABELS
    ]
    return Commitments(
        organisations=organisations,
        owns_any=owned.exists(),
        groups=groups,
        only=GROUP_KEYS[only] if only is not None else "",
    )
