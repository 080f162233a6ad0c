"""Writes to proposals: policy and project proposals with their versions,
status changes, comments, endorsements and pledges.

Each service: keyword-only arguments, one transaction, an audit entry.
Bad input raises a translated ValidationError and changes nothing.

Every save of a proposal's content writes a `ProposalVersion`: the whole
content as it then stood (relations with their labels, so the history
still reads after an agency is renamed or a persona deleted) and the
fields that changed. The history page diffs consecutive versions.

Who may act for an organisation: a focal point for their own organisations;
administrators for any; and, for pledges, the lab's leads and facilitators
too, who record what an agency promised in the room. The views check the
page-level permission (actions/rules.py); these services check the
organisation, which only they see.

Comments, endorsements, pledges and status changes notify the proposal's
author and the lab's leads and facilitators who may still read it, never
the person who acted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.rules import is_administrator
from actions.models import (
    Endorsement,
    Notification,
    Pledge,
    Proposal,
    ProposalComment,
    ProposalStatusChange,
    ProposalVersion,
    today,
)
from actions.services import lineage
from actions.services.notifications import notify
from audit.services import audit_record, diff, snapshot
from boards.models import Note, Persona
from directory.models import Organisation
from labs.models import Lab, Role
from labs.rules import can_run_lab
from lib.service_fields import check_known, cleaned, user_or_none
from lib.thai.text import clean

Kind = Proposal.Kind
Status = Proposal.Status

COMMON_TEXT = ("title_th", "title_en", "summary")
POLICY_TEXT = ("problem", "evidence", "affected_groups", "options", "recommendation")
PROJECT_TEXT = ("objectives", "activities", "support_asked")
RELATIONS = ("personas", "agencies", "sdgs")
# The fields of each kind, in the order forms and the history show them.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.POLICY: (*COMMON_TEXT, "challenge", *POLICY_TEXT, *RELATIONS),
    Kind.PROJECT: (*COMMON_TEXT, "challenge", *PROJECT_TEXT, "budget", *RELATIONS),
}
TEXT_FIELDS = frozenset((*COMMON_TEXT, *POLICY_TEXT, *PROJECT_TEXT))
TITLES = frozenset(("title_th", "title_en"))

# Where a proposal may go from each status. Forward to any later step, back
# one step to correct a mistake, and a decided proposal may be reopened.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SUBMITTED,),
    Status.SUBMITTED: (
        Status.UNDER_CONSIDERATION,
        Status.ADOPTED,
        Status.NOT_ADOPTED,
        Status.DRAFT,
    ),
    Status.UNDER_CONSIDERATION: (Status.ADOPTED, Status.NOT_ADOPTED, Status.SUBMITTED),
    Status.ADOPTED: (Status.UNDER_CONSIDERATION,),
    Status.NOT_ADOPTED: (Status.UNDER_CONSIDERATION,),
}
PLEDGE_FIELDS = ("kind", "amount", "unit", "description", "status")
BAHT = "บาท"  # the unit of money pledged when none is given: budgets are in baht


# --- Content and versions -----------------------------------------------------------


def _ref(obj: Any, label: str) -> dict[str, Any]:
    return {"id": obj.pk, "label": label}


def content_of(proposal: Proposal) -> dict[str, Any]:
    """The proposal's content as a version keeps it (JSON)."""
    content: dict[str, Any] = {}
    for name in KIND_FIELDS[proposal.kind]:
        if name in TEXT_FIELDS:
            content[name] = getattr(proposal, name)
        elif name == "budget":
            # Two places always: 1000 typed and 1000.00 read back are one budget.
            budget = proposal.budget
            content[name] = f"{Decimal(budget):.2f}" if budget is not None else None
        elif name == "challenge":
            challenge = proposal.challenge
            content[name] = _ref(challenge, challenge.title_th) if challenge else None
        elif name == "personas":
            content[name] = [_ref(p, p.name) for p in proposal.personas.order_by("pk")]
        elif name == "agencies":
            content[name] = [_ref(o, o.name_th) for o in proposal.agencies.order_by("pk")]
        elif name == "sdgs":
            content[name] = [_ref(g, f"{g.number}. {g.name_th}") for g in proposal.sdgs.all()]
    return content


def _key(value: Any) -> Any:
    """What counts for a change: ids for relations (a renamed agency is no change)."""
    if isinstance(value, dict):
        return value.get("id")
    if isinstance(value, list):
        return sorted(item.get("id") for item in value)
    return value


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [name for name in after if _key(before.get(name)) != _key(after.get(name))]


def _is_filled(value: Any) -> bool:
    return value not in (None, "", [])


def _record_version(proposal: Proposal, by: Any) -> ProposalVersion | None:
    """A new version if the content changed since the last one."""
    content = content_of(proposal)
    previous = proposal.versions.order_by("-number").first()
    if previous is None:
        number, changed = 1, [name for name, value in content.items() if _is_filled(value)]
    else:
        changed = changed_fields(previous.content, content)
        if not changed:
            return None
        number = previous.number + 1
    version = ProposalVersion.objects.create(
        proposal=proposal,
        number=number,
        content=content,
        changed_fields=changed,
        created_by=user_or_none(by),
    )
    proposal.version = number
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["version", "updated_at"])
    return version


def long_text(value: str | None) -> str:
    """Long text as stored: each line cleaned (lib.thai), the lines kept,
    at most one empty line in a row. clean() alone would join the lines of
    a list of options or activities into one."""
    lines = [clean(line) for line in (value or "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Checks ---------------------------------------------------------------------------


def _check(proposal: Proposal, relations: dict[str, list[Any]]) -> None:
    errors: dict[str, str] = {}
    if not proposal.title_th:
        errors["title_th"] = _("Give the proposal a Thai title.")
    if proposal.challenge_id and proposal.challenge.lab_id != proposal.lab_id:  # type: ignore[union-attr]
        errors["challenge"] = _("This challenge belongs to another lab.")
    if proposal.budget is not None and proposal.budget < 0:
        errors["budget"] = _("A budget cannot be negative.")
    if any(p.lab_id != proposal.lab_id for p in relations.get("personas", [])):
        errors["personas"] = _("Only personas of this lab can be named.")
    if errors:
        raise ValidationError(errors)


def _set_fields(proposal: Proposal, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Scalar fields onto the proposal; the relations returned for later."""
    check_known(fields, KIND_FIELDS[proposal.kind], f"proposal ({proposal.kind})")
    relations = {name: list(fields.pop(name)) for name in RELATIONS if name in fields}
    for name, value in cleaned(fields, TITLES).items():
        if name in TEXT_FIELDS and name not in TITLES:
            value = long_text(value)
        setattr(proposal, name, "" if value is None and name in TEXT_FIELDS else value)
    return relations


def _save(proposal: Proposal, relations: dict[str, list[Any]]) -> None:
    _check(proposal, relations)
    proposal.full_clean(exclude=["lab", "created_by", "challenge"])
    proposal.save()
    for name, values in relations.items():
        getattr(proposal, name).set(values)


# --- Proposals ------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    lab: Lab,
    by: Any,
    kind: str,
    from_notes: Iterable[Note] = (),
    from_personas: Iterable[Persona] = (),
    on: dt.date | None = None,
    **fields: Any,
) -> Proposal:
    """A new draft proposal (version 1), with its lineage from board notes
    and personas when it was started from a board. `on` is the day it was
    drafted (today unless said: a proposal written before it was recorded)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a policy proposal or a project proposal.")})
    day = today()
    if on is not None and on > day:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    on = on or day
    proposal = Proposal(lab=lab, kind=kind, created_by=user_or_none(by), status_date=on)
    relations = _set_fields(proposal, dict(fields))
    _save(proposal, relations)
    _record_version(proposal, by)
    ProposalStatusChange.objects.create(
        proposal=proposal, status=Status.DRAFT, date=on, created_by=user_or_none(by)
    )
    audit_record(
        actor=by,
        action="actions.proposal.create",
        obj=proposal,
        changes={"kind": kind, "lab": lab.pk, **content_of(proposal)},
    )
    lineage.link(by=by, notes=from_notes, personas=from_personas, proposal=proposal)
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, by: Any, base_version: int | None = None, **fields: Any
) -> ProposalVersion | None:
    """Change a proposal's content; returns the new version (None if nothing
    changed). `base_version` is the version the editor started from: a save
    made on top of a newer one is refused rather than undoing it unseen."""
    # One writer at a time (two saves at once would both claim the next
    # number), and the row as it is now, not as the caller read it.
    proposal.refresh_from_db(from_queryset=Proposal.objects.select_for_update())
    if base_version is not None and base_version != proposal.version:
        raise ValidationError(
            _(
                "Someone saved a newer version while you were editing; your changes were"
                " not saved. Reload the page to see it."
            )
        )
    before = content_of(proposal)
    relations = _set_fields(proposal, dict(fields))
    _save(proposal, relations)
    version = _record_version(proposal, by)
    if version is not None:
        after = content_of(proposal)
        audit_record(
            actor=by,
            action="actions.proposal.update",
            obj=proposal,
            changes={
                "version": version.number,
                **{name: [before.get(name), after.get(name)] for name in version.changed_fields},
            },
        )
    return version


def next_statuses(proposal: Proposal) -> list[tuple[str, str]]:
    """(value, label) of the statuses a proposal may move to now."""
    return [(value, str(Status(value).label)) for value in TRANSITIONS[proposal.status]]


@transaction.atomic
def proposal_set_status(
    *,
    proposal: Proposal,
    by: Any,
    status: str,
    date: dt.date | None = None,
    note: str = "",
) -> ProposalStatusChange:
    """Move a proposal on (draft → submitted → under consideration →
    adopted / not adopted) on a date: today unless said, never in the future,
    never before the last move."""
    # The status as it is now: another status change may have just committed.
    proposal.refresh_from_db(from_queryset=Proposal.objects.select_for_update())
    day = today()
    date = date or day
    errors: dict[str, str] = {}
    if status not in TRANSITIONS.get(proposal.status, ()):
        errors["status"] = _("A proposal that is “%(now)s” cannot become “%(next)s”.") % {
            "now": proposal.get_status_display(),
            "next": Status(status).label if status in Status.values else status,
        }
    if date > day:
        errors["date"] = _("The date cannot be in the future.")
    last = proposal.status_changes.order_by("-date", "-pk").first()
    if last is not None and date < last.date:
        errors["date"] = _("The date cannot be before the last change of status.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(proposal, ["status", "status_date"])
    change = ProposalStatusChange.objects.create(
        proposal=proposal,
        status=status,
        date=date,
        note=long_text(note),
        created_by=user_or_none(by),
    )
    proposal.status, proposal.status_date = status, date
    proposal.save(update_fields=["status", "status_date"])
    audit_record(
        actor=by,
        action="actions.proposal.status",
        obj=proposal,
        changes=diff(before, snapshot(proposal, ["status", "status_date"])),
    )
    notify(
        users=followers(proposal),
        kind=Notification.Kind.STATUS,
        title=gettext_noop("“%(proposal)s” is now: %(status)s"),
        params={"proposal": proposal, "status": Status(status).label},
        url=proposal.get_absolute_url(),
        exclude=by,
    )
    return change


# --- Who hears about it --------------------------------------------------------------


def followers(proposal: Proposal) -> list[Any]:
    """The proposal's author and the lab's leads and facilitators, among
    them only those who may still read it: an author who has left a
    members-only lab hears nothing more of it."""
    users = (
        get_user_model()
        .objects.filter(
            Q(pk=proposal.created_by_id)
            | Q(
                person__lab_memberships__lab_id=proposal.lab_id,
                person__lab_memberships__role__in=[Role.LEAD, Role.FACILITATOR],
            )
        )
        .distinct()
        .order_by("pk")
    )
    return [user for user in users if user.has_perm("actions.view_proposal", proposal)]


def acts_for(user: Any, organisation: Organisation, *, proposal: Proposal, runners: bool) -> bool:
    """May `user` speak for `organisation` on this proposal? Its focal points
    may, administrators may, and (when `runners`) the lab's leads and facilitators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_administrator(user) or (runners and can_run_lab(user, proposal)):
        return True
    return bool(user.focal_point_of.filter(pk=organisation.pk).exists())


# --- Comments -------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *, proposal: Proposal, by: Any, text: str, organisation: Organisation | None = None
) -> ProposalComment:
    """A signed-in reader's comment; a focal point may write for their organisation."""
    text = long_text(text)
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if organisation is not None and not (
        getattr(by, "is_authenticated", False)
        and by.focal_point_of.filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(
            {"organisation": _("You can comment on behalf of your own organisations only.")}
        )
    comment = ProposalComment.objects.create(
        proposal=proposal, author=user_or_none(by), organisation=organisation, text=text
    )
    audit_record(
        actor=by,
        action="actions.proposal.comment",
        obj=proposal,
        changes={"comment": comment.pk, "organisation": organisation},
    )
    notify(
        users=followers(proposal),
        kind=Notification.Kind.COMMENT,
        title=gettext_noop("New comment on “%(proposal)s”"),
        body=gettext_noop("%(author)s: %(text)s"),
        params={
            "proposal": proposal,
            "author": organisation or getattr(by, "display_name", "") or gettext_lazy("A member"),
            "text": text[:300],
        },
        url=proposal.get_absolute_url() + "#comments",
        exclude=by,
    )
    return comment


# --- Endorsements ---------------------------------------------------------------------


@transaction.atomic
def endorsement_add(
    *, proposal: Proposal, by: Any, organisation: Organisation, statement: str = ""
) -> Endorsement:
    """An agency endorses a proposal, once."""
    if not acts_for(by, organisation, proposal=proposal, runners=False):
        raise ValidationError(
            {"organisation": _("You can endorse on behalf of your own organisations only.")}
        )
    if Endorsement.objects.filter(proposal=proposal, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": _("%(organisation)s has already endorsed this proposal.")
                % {"organisation": organisation.display_name}
            }
        )
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                proposal=proposal,
                organisation=organisation,
                statement=long_text(statement),
                endorsed_by=user_or_none(by),
            )
    except IntegrityError as error:  # the same agency, a moment earlier
        raise ValidationError(
            {
                "organisation": _("%(organisation)s has already endorsed this proposal.")
                % {"organisation": organisation.display_name}
            }
        ) from error
    audit_record(
        actor=by,
        action="actions.proposal.endorse",
        obj=proposal,
        changes={"organisation": organisation, "statement": endorsement.statement},
    )
    notify(
        users=followers(proposal),
        kind=Notification.Kind.ENDORSEMENT,
        title=gettext_noop("%(organisation)s endorsed “%(proposal)s”"),
        params={"proposal": proposal, "organisation": organisation},
        url=proposal.get_absolute_url() + "#endorsements",
        exclude=by,
    )
    return endorsement


# --- Pledges --------------------------------------------------------------------------


def _check_pledge(pledge: Pledge) -> None:
    errors: dict[str, str] = {}
    if pledge.kind not in Pledge.Kind.values:
        errors["kind"] = _("Choose the kind of support.")
    if pledge.status not in Pledge.Status.values:
        errors["status"] = _("Choose a status.")
    if pledge.amount is not None and pledge.amount < 0:
        errors["amount"] = _("An amount cannot be negative.")
    if pledge.amount is not None and pledge.kind != Pledge.Kind.MONEY and not pledge.unit:
        errors["unit"] = _("Say what the amount counts: people, days, data sets…")
    if errors:
        raise ValidationError(errors)
    if pledge.kind == Pledge.Kind.MONEY and not pledge.unit:
        pledge.unit = BAHT


def _pledge_state(pledge: Pledge) -> dict[str, Any]:
    return snapshot(pledge, ["organisation_id", *PLEDGE_FIELDS])


@transaction.atomic
def pledge_add(
    *,
    proposal: Proposal,
    by: Any,
    organisation: Organisation,
    kind: str,
    amount: Decimal | None = None,
    unit: str = "",
    description: str = "",
    status: str = Pledge.Status.OFFERED,
) -> Pledge:
    """An agency's support for a project proposal, given by its focal point
    or recorded on its behalf by the lab's leads and facilitators."""
    if not proposal.is_project:
        raise ValidationError(_("Only project proposals receive pledges."))
    if not acts_for(by, organisation, proposal=proposal, runners=True):
        raise ValidationError(
            {"organisation": _("You can pledge on behalf of your own organisations only.")}
        )
    values = {"unit": clean(unit), "description": long_text(description)}
    pledge = Pledge(
        proposal=proposal,
        organisation=organisation,
        kind=kind,
        amount=amount,
        status=status,
        pledged_by=user_or_none(by),
        **values,
    )
    _check_pledge(pledge)
    pledge.full_clean(exclude=["proposal", "organisation", "pledged_by"])
    pledge.save()
    audit_record(actor=by, action="actions.pledge.add", obj=proposal, changes=_pledge_state(pledge))
    notify(
        users=followers(proposal),
        kind=Notification.Kind.PLEDGE,
        title=gettext_noop("%(organisation)s pledged support (%(kind)s) to “%(proposal)s”"),
        params={
            "proposal": proposal,
            "organisation": organisation,
            "kind": Pledge.Kind(kind).label,
        },
        url=proposal.get_absolute_url() + "#pledges",
        exclude=by,
    )
    return pledge


@transaction.atomic
def pledge_update(*, pledge: Pledge, by: Any, **fields: Any) -> Pledge:
    """Change a pledge (its amount, or its status: confirmed, delivered, withdrawn)."""
    check_known(fields, PLEDGE_FIELDS, "pledge_update")
    proposal = pledge.proposal
    if not acts_for(by, pledge.organisation, proposal=proposal, runners=True):
        raise ValidationError(
            {"organisation": _("You can change the pledges of your own organisations only.")}
        )
    before = _pledge_state(pledge)
    for name, value in fields.items():
        if name == "unit":
            value = clean(value)
        elif name == "description":
            value = long_text(value)
        setattr(pledge, name, value)
    _check_pledge(pledge)
    pledge.full_clean(exclude=["proposal", "organisation", "pledged_by"])
    pledge.updated_at = timezone.now()
    pledge.save()
    changes = diff(before, _pledge_state(pledge))
    if changes:
        audit_record(
            actor=by,
            action="actions.pledge.update",
            obj=proposal,
            changes={"pledge": pledge.pk, **changes},
        )
    if "status" in changes:
        notify(
            users=followers(proposal),
            kind=Notification.Kind.PLEDGE,
            title=gettext_noop(
                "The pledge of %(organisation)s to “%(proposal)s” is now: %(status)s"
            ),
            params={
                "proposal": proposal,
                "organisation": pledge.organisation,
                "status": Pledge.Status(pledge.status).label,
            },
            url=proposal.get_absolute_url() + "#pledges",
            exclude=by,
        )
    return pledge
