"""Workshop times: stored in UTC, entered in the event's own time zone, shown
in the reader's zone beside the event's when the two differ.

The TIPC × One Team Gov session ran 09:00–11:00 in London (GMT), which was
16:00–18:00 in Bangkok: a reader in Bangkok sees 16:00–18:00 with
"09:00–11:00 Europe/London" beside it.

Times are formatted here as text rather than in templates, because Django's
`date`/`time` filters convert aware datetimes back to the active zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone


@lru_cache(maxsize=1)
def available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_zone(name: str) -> bool:
    return name in available_zones()


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def in_zone(value: dt.datetime, zone_name: str | dt.tzinfo) -> dt.datetime:
    tz = zone(zone_name) if isinstance(zone_name, str) else zone_name
    return value.astimezone(tz)


def make_event_time(day: dt.date, time: dt.time, zone_name: str) -> dt.datetime:
    """A wall-clock time on a day in the event's zone, as an aware datetime.

    Of a repeated hour (clocks going back) the first is taken, as people
    read it; a skipped hour is moved forward by zoneinfo's rules.
    """
    return dt.datetime.combine(day, time).replace(tzinfo=zone(zone_name), fold=0)


def ensure_aware(value: dt.datetime, zone_name: str) -> dt.datetime:
    """Naive datetimes are read as wall-clock time in the event's zone."""
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=zone(zone_name))


def offset_label(value: dt.datetime) -> str:
    """UTC+07:00, UTC+01:00, UTC (for the zone `value` is in)."""
    offset = value.utcoffset() or dt.timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_key(tz: dt.tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


@dataclass(frozen=True)
class ZonedSpan:
    """A start and end in one zone, ready for a page."""

    zone: str
    start: dt.datetime
    end: dt.datetime

    @property
    def date(self) -> dt.date:
        return self.start.date()

    @property
    def end_date(self) -> dt.date:
        return self.end.date()

    @property
    def spans_days(self) -> bool:
        return self.end.date() != self.start.date()

    @property
    def start_time(self) -> str:
        return self.start.strftime("%H:%M")

    @property
    def end_time(self) -> str:
        return self.end.strftime("%H:%M")

    @property
    def times(self) -> str:
        return f"{self.start_time}–{self.end_time}"

    @property
    def offset(self) -> str:
        return offset_label(self.start)


@dataclass(frozen=True)
class SpanInZones:
    """A session's times for the reader and for the event."""

    viewer: ZonedSpan
    event: ZonedSpan

    @property
    def differs(self) -> bool:
        """Whether the event's clock reads differently from the reader's."""
        return self.viewer.start.utcoffset() != self.event.start.utcoffset() or (
            self.viewer.end.utcoffset() != self.event.end.utcoffset()
        )


def span_in_zones(
    start: dt.datetime,
    end: dt.datetime,
    *,
    event_zone: str,
    viewer_zone: dt.tzinfo | str | None = None,
) -> SpanInZones:
    viewer_tz = viewer_zone or timezone.get_current_timezone()
    if isinstance(viewer_tz, str):
        viewer_tz = zone(viewer_tz)
    event_tz = zone(event_zone)
    return SpanInZones(
        viewer=ZonedSpan(
            zone_key(viewer_tz), start.astimezone(viewer_tz), end.astimezone(viewer_tz)
        ),
        event=ZonedSpan(event_zone, start.astimezone(event_tz), end.astimezone(event_tz)),
    )
