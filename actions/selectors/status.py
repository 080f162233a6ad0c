"""What every page says about a set of actions, said once: their counts by
derived status, how long since they last moved, and which of them an
agency leads or supports. Dashboards, the outputs hub, the plan page and
the reports read these, so that a figure means the same on each.

- Status counts are grouped in SQL on `Action.objects.with_status(day)`'s
  `current_status` (one query per grouping, whatever the number of actions).
- "Days since the last update" counts from an action's last progress
  update, or from its creation when it has none, and only unfinished
  actions (open or late) are judged by it: a done or dropped action is not
  waiting for news.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions import charts
from actions.models import OPEN_STATUSES, Action, Status, of_agencies  # noqa: F401 - of_agencies re-exported

# Statuses of work still to do (derived: LATE is among them).
UNFINISHED = (*OPEN_STATUSES, Status.LATE)
# When an action last moved: its last progress update, or its creation.
LAST_TOUCHED = Coalesce("last_update_at", "created_at")
# Actions annotated by Action.objects.with_status(): django-stubs cannot see
# annotations made in a custom queryset method, so they are typed loosely.
Annotated = QuerySet[Any]


def days_since(moment: dt.datetime | None, now: dt.datetime | None = None) -> int | None:
    """Whole days from `moment` (LAST_TOUCHED of an action) to now."""
    if moment is None:
        return None
    return max(0, ((now or timezone.now()) - moment).days)


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Counts by status ------------------------------------------------------------------


class StatusCounts:
    """What a set of actions (a dashboard's, an agency's, a plan's) says from
    its `counts`: actions by derived status."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(Status.DONE, 0)

    @property
    def late(self) -> int:
        return self.counts.get(Status.LATE, 0)

    @property
    def at_risk(self) -> int:
        return self.counts.get(Status.AT_RISK, 0)

    @property
    def completion(self) -> int | None:
        """Done, out of the actions not dropped."""
        return percent(self.done, self.total - self.counts.get(Status.DROPPED, 0))

    @property
    def chart(self) -> dict[str, Any]:
        return charts.status_bar(self.counts)


@dataclass
class Tally(StatusCounts):
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, other: StatusCounts) -> None:
        for status, n in other.counts.items():
            self.counts[status] = self.counts.get(status, 0) + n


def status_rows(actions: Annotated, *by: str, **aggregates: Any) -> QuerySet[Any]:
    """`actions` (annotated with_status) grouped by the fields `by` and their
    derived status: a row per group and status with its count `n` and
    any further `aggregates`."""
    return actions.order_by().values(*by, "current_status").annotate(n=Count("pk"), **aggregates)


def status_tally(actions: Annotated) -> Tally:
    """Counts by derived status (one query)."""
    return Tally({row["current_status"]: row["n"] for row in status_rows(actions)})


def status_counts(actions: Annotated, by: str) -> dict[Any, Tally]:
    """Counts by derived status per value of the field `by` (one query)."""
    tallies: dict[Any, Tally] = {}
    for row in status_rows(actions, by):
        tallies.setdefault(row[by], Tally()).counts[row["current_status"]] = row["n"]
    return tallies


# --- An agency's actions -----------------------------------------------------------------


