"""Charts that read at a glance, drawn as inline SVG on the server: the same
markup works on a page, on a phone, without JavaScript and in a PDF
(WeasyPrint draws SVG), and nothing is fetched from elsewhere.

Two shapes serve every dashboard and report:

- `status_bar(counts)`: one horizontal bar split by action status (done,
  on track, not started, at risk, late, dropped), with a legend that says
  the numbers, so colour is never the only cue;
- `bars(rows)`: labelled horizontal bars of one measure (completion by
  agency, late actions by lab…).

Templates: `templates/actions/charts/status_bar.html` and `bars.html`,
included with `chart=<the dict these functions return>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from actions.models import Status

# Order on the bar: finished work first, trouble at the end where the eye lands.
STATUS_ORDER = (
    Status.DONE,
    Status.ON_TRACK,
    Status.NOT_STARTED,
    Status.AT_RISK,
    Status.LATE,
    Status.DROPPED,
)
# Colour-blind-safe (Okabe–Ito), each readable against white text labels.
STATUS_COLOURS = {
    Status.DONE: "#007a5a",
    Status.ON_TRACK: "#0072b2",
    Status.NOT_STARTED: "#8a99a8",
    Status.AT_RISK: "#c27c00",
    Status.LATE: "#b3261e",
    Status.DROPPED: "#4f5d6b",
}


@dataclass(frozen=True)
class Slice:
    status: str
    label: str
    count: int
    percent: float
    x: float
    colour: str


def status_bar(counts: Mapping[str, int]) -> dict[str, Any]:
    """Slices of one bar 100 units wide, in STATUS_ORDER, empty ones left out."""
    total = sum(counts.get(s, 0) for s in STATUS_ORDER)
    slices: list[Slice] = []
    x = 0.0
    for status in STATUS_ORDER:
        count = counts.get(status, 0)
        if not count:
            continue
        percent = 100.0 * count / total
        slices.append(
            Slice(str(status), str(Status(status).label), count, percent, x, STATUS_COLOURS[status])
        )
        x += percent
    return {"total": total, "slices": slices}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    width: float
    text: str
    url: str
    colour: str


def bars(
    rows: Iterable[tuple[str, float, str]],
    *,
    maximum: float | None = None,
    unit: str = "",
    colour: str = "#0a5670",
) -> dict[str, Any]:
    """Rows of (label, value, url) as bars scaled to `maximum` (the largest value by default)."""
    rows = list(rows)
    top = maximum if maximum is not None else max((v for _l, v, _u in rows), default=0)
    result = [
        Bar(
            label=label,
            value=value,
            width=(100.0 * value / top) if top else 0.0,
            text=f"{value:,.0f}{unit}",
            url=url,
            colour=colour,
        )
        for label, value, url in rows
    ]
    return {"bars": result, "height": 28 * len(result)}
