"""What workshops keep about a person, for the PDPA export of their data."""

from __future__ import annotations

from typing import Any

from accounts.personal_data import register
from lib.service_fields import iso
from workshops.models import Attendance, GroupMember, Registration


def workshop_participation(user: Any, person: Any) -> dict[str, list[dict[str, Any]]]:
    if person is None:
        return {"registrations": [], "attendance": [], "breakout_groups": []}
    registrations = Registration.objects.filter(person=person).select_related("workshop")
    attendance = Attendance.objects.filter(person=person).select_related("session__workshop")
    groups = GroupMember.objects.filter(person=person).select_related("group__session__workshop")
    return {
        "registrations": [
            {
                "workshop": r.workshop.title_th,
                "status": r.status,
                "registered_at": iso(r.created_at),
                "cancelled_at": iso(r.cancelled_at),
            }
            for r in registrations.order_by("created_at")
        ],
        "attendance": [
            {
                "workshop": a.session.workshop.title_th,
                "session": a.session.title_th,
                "checked_in_at": iso(a.checked_in_at),
                "method": a.method,
            }
            for a in attendance.order_by("checked_in_at")
        ],
        "breakout_groups": [
            {
                "workshop": g.group.session.workshop.title_th,
                "session": g.group.session.title_th,
                "group": g.group.name,
            }
            for g in groups.order_by("pk")
        ],
    }


def connect() -> None:
    register("workshop_participation", workshop_participation)
