"""Keep ties current as the work changes, without recomputing the measures.

A save or delete of a breakout group's member, an attendance, an action's
agencies, a pledge, a challenge's agencies or stakeholders, an organisation's
parent or a person's affiliation marks its origin ("group:12") as stale. When
the transaction commits, the stale origins of that transaction are extracted
again in one go (`network.ties.refresh`), so a workshop's ties appear on the
map and on pages straight away; the heavier measures (communities, brokers)
wait for the next `analyse_network`.

Board ties follow the board's own saves (a phase change, closing), not every
note: a live board writes many notes a second.

Some services write in bulk, which sends no signals: automatic grouping
creates a session's groups and members with `bulk_create`, and setting a
challenge's agencies does too. Every service leaves an audit entry naming
what it changed, in the same transaction, so an audit entry about a session
or a challenge marks its origins stale as well.

Signals rather than calls from each app's services: the other apps do not
know the network exists, as they do not know the search index does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
_pending = threading.local()

# Beyond this many stale origins of one kind, extract that kind whole.
WHOLE_KIND_BEYOND = 1_000


def _origins(sender: Any, instance: Any) -> list[str]:
    name = f"{sender._meta.app_label}.{sender.__name__}"
    match name:
        case "workshops.GroupMember":
            return [f"group:{instance.group_id}"]
        case "workshops.BreakoutGroup":
            return [f"group:{instance.pk}"]
        case "workshops.Attendance":
            return [f"session:{instance.session_id}"]
        case "workshops.Session":
            return [f"session:{instance.pk}"] + [
                f"group:{pk}" for pk in instance.groups.values_list("pk", flat=True)
            ]
        case "boards.Board":
            return [f"board:{instance.pk}"]
        case "actions.Action":
            return [f"action:{instance.pk}"]
        case "actions.ActionAgency":
            return [f"action:{instance.action_id}"]
        case "actions.Pledge":
            return [f"proposal:{instance.proposal_id}"]
        case "labs.ChallengeAgency" | "labs.Stakeholder":
            return [f"challenge:{instance.challenge_id}"]
        case "directory.Organisation":
            return [f"hierarchy:{instance.pk}"]
        case "directory.Affiliation":
            return [f"person:{instance.person_id}", f"organisation:{instance.organisation_id}"]
    return []


def _audited(instance: Any) -> list[str]:
    """The origins an audit entry names: a session (and its groups, which
    automatic grouping writes in bulk) or a challenge (its agencies)."""
    from django.contrib.contenttypes.models import ContentType

    from workshops.models import BreakoutGroup

    if instance.action in WHOLE_KINDS_AFTER:
        return WHOLE_KINDS_AFTER[instance.action]
    if not instance.content_type_id or not str(instance.object_id).isdigit():
        return []
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    label = model._meta.label if model is not None else ""
    pk = int(instance.object_id)
    if label == "workshops.Session":
        return [f"session:{pk}"] + [
            f"group:{group}"
            for group in BreakoutGroup.objects.filter(session_id=pk).values_list("pk", flat=True)
        ]
    if label == "labs.Challenge":
        return [f"challenge:{pk}"]
    return []


# Directory writes done in bulk (an import, a merge): the kinds of ties that
# read the hierarchy and affiliations are extracted whole after them.
WHOLE_KINDS_AFTER = {
    "directory.import": ["hierarchy:*", "person:*", "organisation:*"],
    "directory.organisation.merge": ["hierarchy:*", "person:*", "organisation:*"],
    "directory.person.merge": ["person:*", "organisation:*"],
}


def _stale(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    try:
        origins = _origins(sender, instance)
    except Exception:  # a cascade may have removed what the origin names
        logger.debug("no origin for %s", instance, exc_info=True)
        return
    mark_stale(origins)


def _audit(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or not kwargs.get("created"):
        return
    try:
        origins = _audited(instance)
    except Exception:  # the audit entry must be written whatever the network thinks
        logger.exception("no origin for audit entry %s", instance.pk)
        return
    mark_stale(origins)


@contextmanager
def paused() -> Iterator[None]:
    """No extraction on this thread while inside: for a bulk load that
    rebuilds every tie when it is done (loaddemo)."""
    before = getattr(_pending, "paused", False)
    _pending.paused = True
    try:
        yield
    finally:
        _pending.paused = before


def mark_stale(origins: list[str]) -> None:
    """Extract these origins again when the current transaction commits
    (at once outside a transaction)."""
    if not origins or getattr(_pending, "paused", False):
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _refresh(set(origins))
        return
    flush = getattr(_pending, "flush", None)
    # A rolled-back transaction drops its callback: start a new one then.
    if flush is None or not any(entry[1] is flush for entry in connection.run_on_commit):
        flush = _pending.flush = _Flush()
        transaction.on_commit(flush, robust=True)
    flush.origins.update(origins)


class _Flush:
    """The stale origins of one transaction, extracted when it commits."""

    def __init__(self) -> None:
        self.origins: set[str] = set()

    def __call__(self) -> None:
        if getattr(_pending, "flush", None) is self:
            _pending.flush = None
        _refresh(self.origins)


def _refresh(origins: set[str]) -> None:
    from network import ties

    if origins:
        ties.refresh(origins, whole_kind_beyond=WHOLE_KIND_BEYOND)


def _lab_visibility(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A lab turning members-only (or public) takes its ties with it, and
    the stored public analysis, which counted them, stops being shown:
    until the next analysis, public pages measure the network on the spot
    or say it has not been analysed, rather than show figures, communities
    or who-should-meet-whom built from a lab they may no longer see."""
    from network import graph
    from network.models import Scope, Snapshot, Tie

    if kwargs.get("raw") or kwargs.get("created"):
        return
    moved = (
        Tie.objects.filter(lab_id=instance.pk)
        .exclude(public=instance.is_public)
        .update(public=instance.is_public)
    )
    if moved:
        Snapshot.objects.filter(scope=Scope.PUBLIC, current=True).update(current=False)
        graph.ties_changed()


def connect() -> None:
    from actions.models import Action, ActionAgency, Pledge
    from audit.models import AuditEntry
    from boards.models import Board
    from directory.models import Affiliation, Organisation
    from labs.models import ChallengeAgency, Lab, Stakeholder
    from workshops.models import Attendance, BreakoutGroup, GroupMember, Session

    for model in (
        GroupMember,
        BreakoutGroup,
        Attendance,
        Session,
        Board,
        Action,
        ActionAgency,
        Pledge,
        ChallengeAgency,
        Stakeholder,
        Organisation,
        Affiliation,
    ):
        post_save.connect(_stale, sender=model, dispatch_uid=f"network-{model.__name__}-save")
        post_delete.connect(_stale, sender=model, dispatch_uid=f"network-{model.__name__}-delete")
    post_save.connect(_lab_visibility, sender=Lab, dispatch_uid="network-lab-visibility")
    post_save.connect(_audit, sender=AuditEntry, dispatch_uid="network-audit")
