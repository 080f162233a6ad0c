"""Pledges of support, counted one way on every page (dashboards, the
proposals list, reports).

A withdrawn pledge no longer counts: "pledges" are those not withdrawn,
and the share kept is the delivered ones among them. Withdrawn pledges
still show in the counts by status, so that nothing is hidden.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce

from actions.models import Pledge
from actions.selectors.status import percent
from lib.queries import count_of

WITHDRAWN, DELIVERED = Pledge.Status.WITHDRAWN, Pledge.Status.DELIVERED


def pledge_count() -> Coalesce:
    """Per proposal (the outer row): its pledges not withdrawn."""
    return count_of(
        Pledge.objects.filter(proposal=OuterRef("pk")).exclude(status=WITHDRAWN), "proposal"
    )


@dataclass
class PledgeKind:
    """The pledges not withdrawn of one kind and unit, and their amounts."""

    kind: str
    unit: str
    count: int = 0
    delivered: int = 0
    amount: Decimal | None = None
    delivered_amount: Decimal | None = None

    @property
    def label(self) -> str:
        return str(Pledge.Kind(self.kind).label)


@dataclass
class PledgeSummary:
    kinds: list[PledgeKind]
    by_status: dict[str, int]  # every status, withdrawn too
    agencies: int  # agencies with a pledge not withdrawn

    @property
    def total(self) -> int:
        """Pledges not withdrawn."""
        return sum(k.count for k in self.kinds)

    @property
    def delivered(self) -> int:
        return sum(k.delivered for k in self.kinds)

    @property
    def kept_rate(self) -> int | None:
        """Delivered, in percent of the pledges not withdrawn."""
        return percent(self.delivered, self.total)

    @property
    def money_pledged(self) -> Decimal:
        return sum(
            (k.amount or Decimal(0) for k in self.kinds if k.kind == Pledge.Kind.MONEY), Decimal(0)
        )

    @property
    def money_delivered(self) -> Decimal:
        return sum(
            (k.delivered_amount or Decimal(0) for k in self.kinds if k.kind == Pledge.Kind.MONEY),
            Decimal(0),
        )

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(status, label, pledges) for each status any pledge has."""
        return [
            (value, str(label), self.by_status[value])
            for value, label in Pledge.Status.choices
            if self.by_status.get(value)
        ]


def _plus(total: Decimal | None, amount: Decimal | None) -> Decimal | None:
    return total if amount is None else (total or Decimal(0)) + amount


def pledge_summary(pledges: QuerySet[Pledge]) -> PledgeSummary:
    """Counts by status, and by kind and unit with their amounts (one query)."""
    by_status: dict[str, int] = defaultdict(int)
    kinds: dict[tuple[str, str], PledgeKind] = {}
    agencies = set()
    for row in (
        pledges.order_by()
        .values("status", "kind", "unit", "organisation_id")
        .annotate(n=Count("pk"), pledged=Sum("amount"))
    ):
        by_status[row["status"]] += row["n"]
        if row["status"] == WITHDRAWN:
            continue
        agencies.add(row["organisation_id"])
        kind = kinds.setdefault((row["kind"], row["unit"]), PledgeKind(row["kind"], row["unit"]))
        kind.count += row["n"]
        kind.amount = _plus(kind.amount, row["pledged"])
        if row["status"] == DELIVERED:
            kind.delivered += row["n"]
            kind.delivered_amount = _plus(kind.delivered_amount, row["pledged"])
    order = {kind: i for i, kind in enumerate(Pledge.Kind.values)}
    return PledgeSummary(
        kinds=sorted(kinds.values(), key=lambda k: (order[k.kind], k.unit)),
        by_status=dict(by_status),
        agencies=len(agencies),
    )
