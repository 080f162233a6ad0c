"""What the outputs app keeps about a signed-in person (PDPA export and erasure).

Proposals (and their versions and status changes), plans, lineage links,
comments, progress updates, pledges and endorsements are the lab's record
and stay; erasure takes the account off them (the audit log keeps its own
account of who did what, made anonymous by accounts.services.user_erase).
Notifications and reminder logs are the person's own and go.
"""

from __future__ import annotations

from typing import Any

from accounts.personal_data import register
from actions.models import (
    ActionPlan,
    Endorsement,
    Lineage,
    Notification,
    Pledge,
    ProgressUpdate,
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalVersion,
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
        "proposals_created": [
            {"title": p.title_th, "kind": p.kind, "created_at": iso(p.created_at)}
            for p in Proposal.objects.filter(created_by=user)
        ],
        "proposal_versions_written": [
            {"proposal": v.proposal.title_th, "version": v.number, "created_at": iso(v.created_at)}
            for v in ProposalVersion.objects.filter(created_by=user).select_related("proposal")
        ],
        "proposal_status_changes": [
            {"proposal": c.proposal.title_th, "status": c.status, "date": iso(c.date)}
            for c in ProposalStatusChange.objects.filter(created_by=user).select_related(
                "proposal"
            )
        ],
        "plans_created": [
            {"title": p.title_th, "created_at": iso(p.created_at)}
            for p in ActionPlan.objects.filter(created_by=user)
        ],
        "lineage_links_made": Lineage.objects.filter(created_by=user).count(),
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
    for model in (Proposal, ProposalVersion, ProposalStatusChange, ActionPlan, Lineage):
        model.objects.filter(created_by=user).update(created_by=None)  # type: ignore[attr-defined]
    Notification.objects.filter(user=user).delete()
    ReminderLog.objects.filter(user=user).delete()


def connect() -> None:
    register("outputs", outputs, erase)
