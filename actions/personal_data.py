"""What the outputs app keeps about a signed-in person (PDPA export and erasure).

Comments, progress updates, pledges and endorsements are the lab's record
and stay; erasure takes the account off them (the audit log keeps its own
account of who did what, made anonymous by accounts.services.user_erase).
Notifications and reminder logs are the person's own and go.
"""

from __future__ import annotations

from typing import Any

from accounts.personal_data import register
from actions.models import (
    Endorsement,
    Notification,
    Pledge,
    ProgressUpdate,
    ProposalComment,
    ReminderLog,
)
from lib.service_fields import iso


def outputs(user: Any, person: Any) -> dict[str, Any]:
    if not getattr(user, "pk", None):
        return {}
    return {
        "comments": [
            {"proposal": c.proposal.title_th, "text": c.text, "created_at": iso(c.created_at)}
            for c in ProposalComment.objects.filter(author=user).select_related("proposal")
        ],
        "progress_updates": [
            {
                "action": u.action.title_th,
                "text": u.text,
                "percent_complete": u.percent_complete,
                "created_at": iso(u.created_at),
            }
            for u in ProgressUpdate.objects.filter(by=user).select_related("action")
        ],
        "pledges_recorded": [
            {
                "proposal": p.proposal.title_th,
                "organisation": p.organisation.name_th,
                "kind": p.kind,
            }
            for p in Pledge.objects.filter(pledged_by=user).select_related(
                "proposal", "organisation"
            )
        ],
        "endorsements_given": [
            {"proposal": e.proposal.title_th, "organisation": e.organisation.name_th}
            for e in Endorsement.objects.filter(endorsed_by=user).select_related(
                "proposal", "organisation"
            )
        ],
        "notifications": [
            {"title": n.title, "created_at": iso(n.created_at), "read_at": iso(n.read_at)}
            for n in Notification.objects.filter(user=user)
        ],
        "reminders": [
            {"date": iso(r.date), "actions": r.action_ids, "emailed": r.emailed}
            for r in ReminderLog.objects.filter(user=user)
        ],
    }


def erase(user: Any, person: Any) -> None:
    if not getattr(user, "pk", None):
        return
    ProposalComment.objects.filter(author=user).update(author=None)
    ProgressUpdate.objects.filter(by=user).update(by=None)
    Pledge.objects.filter(pledged_by=user).update(pledged_by=None)
    Endorsement.objects.filter(endorsed_by=user).update(endorsed_by=None)
    Notification.objects.filter(user=user).delete()
    ReminderLog.objects.filter(user=user).delete()


def connect() -> None:
    register("outputs", outputs, erase)
