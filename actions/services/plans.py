"""Writes to joint action plans: plans, actions (agencies, owner, dates,
dependencies), milestones and progress updates.

Each service: keyword-only arguments, one transaction, an audit entry. Bad
input raises a translated ValidationError and changes nothing. The Excel
importer (actions/excel/importer.py) calls the same services inside one outer
transaction, so a file with an error anywhere changes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actions.models import (
    Action,
    ActionAgency,
    ActionPlan,
    Milestone,
    Notification,
    ProgressUpdate,
    Status,
    today,
)
from actions.services.notifications import notify
from audit.services import audit_record, diff, snapshot
from directory.models import Organisation
from labs.models import Lab, Member, Role
from lib import uploads
from lib.service_fields import check_known, cleaned, user_or_none

PLAN_FIELDS = ("title_th", "title_en", "description", "challenge", "proposal")
ACTION_FIELDS = (
    "title_th",
    "title_en",
    "ref",
    "description",
    "lead_agency",
    "owner",
    "start_date",
    "due_date",
    "state",
    "percent_complete",
)
_PLAN_TEXT = {"title_th", "title_en", "description"}
_ACTION_TEXT = {"title_th", "title_en", "ref", "description"}
SETTABLE = {value for value, _label in Status.choices if value != Status.LATE}
# What the progress update says when an edit changes the percent or status.
EDITED = gettext_noop("Status or percent complete changed when the action was edited.")


# --- Plans ----------------------------------------------------------------------


def _check_plan(plan: ActionPlan) -> None:
    if not plan.title_th:
        raise ValidationError({"title_th": _("Give the plan a Thai title.")})
    if plan.challenge_id and plan.challenge.lab_id != plan.lab_id:  # type: ignore[union-attr]
        raise ValidationError({"challenge": _("This challenge belongs to another lab.")})
    if plan.proposal_id and plan.proposal.lab_id != plan.lab_id:  # type: ignore[union-attr]
        raise ValidationError({"proposal": _("This proposal belongs to another lab.")})


@transaction.atomic
def plan_create(*, lab: Lab, by: Any, **fields: Any) -> ActionPlan:
    check_known(fields, PLAN_FIELDS, "plan_create")
    plan = ActionPlan(lab=lab, created_by=user_or_none(by), **cleaned(fields, _PLAN_TEXT))
    _check_plan(plan)
    plan.full_clean(exclude=["created_by"])
    plan.save()
    audit_record(
        actor=by,
        action="actions.plan.create",
        obj=plan,
        changes=snapshot(plan, ["title_th", "title_en", "lab_id", "challenge_id", "proposal_id"]),
    )
    return plan


@transaction.atomic
def plan_update(*, plan: ActionPlan, by: Any, **fields: Any) -> ActionPlan:
    check_known(fields, PLAN_FIELDS, "plan_update")
    names = ["title_th", "title_en", "description", "challenge_id", "proposal_id"]
    before = snapshot(plan, names)
    for name, value in cleaned(fields, _PLAN_TEXT).items():
        setattr(plan, name, value)
    _check_plan(plan)
    plan.full_clean(exclude=["created_by"])
    plan.updated_at = timezone.now()
    plan.save()
    changes = diff(before, snapshot(plan, names))
    if changes:
        audit_record(actor=by, action="actions.plan.update", obj=plan, changes=changes)
    return plan


@transaction.atomic
def plan_delete(*, plan: ActionPlan, by: Any) -> None:
    audit_record(
        actor=by,
        action="actions.plan.delete",
        obj=plan,
        changes={"title_th": plan.title_th, "actions": plan.actions.count()},
    )
    plan.delete()


# --- Actions ---------------------------------------------------------------------


def _action_state(action: Action) -> dict[str, Any]:
    state = snapshot(
        action,
        [
            "title_th",
            "title_en",
            "ref",
            "description",
            "lead_agency_id",
            "owner_id",
            "start_date",
            "due_date",
            "state",
            "percent_complete",
        ],
    )
    if action.pk:
        state["supporting"] = sorted(
            ActionAgency.objects.filter(action=action).values_list("organisation_id", flat=True)
        )
        state["depends_on"] = sorted(action.depends_on.values_list("pk", flat=True))
    return state


def _check_action(action: Action) -> None:
    errors: dict[str, str] = {}
    if not action.title_th:
        errors["title_th"] = _("Give the action a Thai title.")
    if action.state not in SETTABLE:
        errors["state"] = _("“Late” comes from the due date; choose another status.")
    if not 0 <= action.percent_complete <= 100:
        errors["percent_complete"] = _("Percent complete runs from 0 to 100.")
    if action.start_date and action.due_date and action.due_date < action.start_date:
        errors["due_date"] = _("An action cannot be due before it starts.")
    if action.lead_agency_id is None:
        errors["lead_agency"] = _("Name the lead agency.")
    if errors:
        raise ValidationError(errors)


def _set_supporting(action: Action, organisations: Iterable[Organisation]) -> None:
    wanted = {o.pk for o in organisations} - {action.lead_agency_id}
    current = set(
        ActionAgency.objects.filter(action=action).values_list("organisation_id", flat=True)
    )
    ActionAgency.objects.filter(action=action, organisation_id__in=current - wanted).delete()
    ActionAgency.objects.bulk_create(
        [ActionAgency(action=action, organisation_id=pk) for pk in sorted(wanted - current)]
    )


def _set_dependencies(action: Action, depends_on: Iterable[Action]) -> None:
    """Dependencies stay within one plan and never go round in a circle."""
    wanted = {a.pk: a for a in depends_on}
    if action.pk in wanted:
        raise ValidationError({"depends_on": _("An action cannot depend on itself.")})
    for other in wanted.values():
        if other.plan_id != action.plan_id:
            raise ValidationError(
                {"depends_on": _("An action can only depend on actions of the same plan.")}
            )
    # Walk what the wanted actions depend on: reaching this action is a cycle.
    edges: dict[int, set[int]] = {}
    for source, target in Action.depends_on.through.objects.filter(
        from_action__plan_id=action.plan_id
    ).values_list("from_action_id", "to_action_id"):
        edges.setdefault(source, set()).add(target)
    seen: set[int] = set()
    stack = list(wanted)
    while stack:
        node = stack.pop()
        if node == action.pk:
            raise ValidationError(
                {"depends_on": _("These dependencies would go round in a circle.")}
            )
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))
    action.depends_on.set(list(wanted.values()))


def _completed_on(action: Action) -> None:
    done = action.state == Status.DONE or action.percent_complete >= 100
    if done and action.completed_on is None:
        action.completed_on = today()
    elif not done:
        action.completed_on = None


def _owner_user(action: Action) -> Any:
    return getattr(action.owner, "user", None) if action.owner_id else None


def _notify_owner_assigned(action: Action, by: Any) -> None:
    """Tell a new owner with an account that the action is theirs."""
    notify(
        users=[_owner_user(action)],
        kind=Notification.Kind.ASSIGNED,
        title=gettext_noop("You own the action “%(action)s”"),
        body=gettext_noop("Plan: %(plan)s. Keep its progress up to date from your commitments."),
        # Called in each recipient's language: English readers get English titles.
        params={"action": lambda: action.title, "plan": lambda: action.plan.title},
        url=action.get_absolute_url(),
        exclude=by,
    )


def _notify_progress(action: Action, update: ProgressUpdate, by: Any, was: str) -> None:
    """The owner hears of an update someone else posted; those who run the
    lab hear when an action has just gone at risk."""
    who = getattr(by, "display_name", "") or getattr(update.by_organisation, "display_name", "")
    body = gettext_noop("%(who)s: %(text)s") if who else gettext_noop("%(text)s")
    params = {
        "action": lambda: action.title,
        "percent": update.percent_complete,
        "text": update.text[:500],
        "who": who,
    }
    notify(
        users=[_owner_user(action)],
        kind=Notification.Kind.UPDATE,
        title=gettext_noop("Progress on “%(action)s”: %(percent)s%%"),
        body=body,
        params=params,
        url=action.get_absolute_url(),
        exclude=by,
    )
    if action.state == Status.AT_RISK and was != Status.AT_RISK:
        runners = (
            Member.objects.filter(
                lab_id=action.lab_id,
                role__in=[Role.LEAD, Role.FACILITATOR],
                person__user__isnull=False,
            )
            .select_related("person__user")
            .order_by("pk")
        )
        notify(
            users=[member.person.user for member in runners],
            kind=Notification.Kind.UPDATE,
            title=gettext_noop("“%(action)s” is at risk"),
            body=body,
            params=params,
            url=action.get_absolute_url(),
            exclude=by,
        )


@transaction.atomic
def action_create(
    *,
    plan: ActionPlan,
    by: Any,
    supporting: Sequence[Organisation] = (),
    depends_on: Sequence[Action] = (),
    **fields: Any,
) -> Action:
    check_known(fields, ACTION_FIELDS, "action_create")
    action = Action(plan=plan, lab_id=plan.lab_id, **cleaned(fields, _ACTION_TEXT))
    _check_action(action)
    _completed_on(action)
    action.full_clean(exclude=["plan", "lab", "lead_agency"])
    action.save()
    _set_supporting(action, supporting)
    _set_dependencies(action, depends_on)
    audit_record(
        actor=by, action="actions.action.create", obj=action, changes=_action_state(action)
    )
    _notify_owner_assigned(action, by)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: Any,
    supporting: Sequence[Organisation] | None = None,
    depends_on: Sequence[Action] | None = None,
    progress_text: str = EDITED,
    **fields: Any,
) -> Action:
    """Change an action; `supporting`/`depends_on` replace the lists when given.

    A change of percent or status leaves a progress update, so the action's
    history and "last update" tell of it however it was made; it says
    `progress_text` (a message id, stored in the site's language)."""
    check_known(fields, ACTION_FIELDS, "action_update")
    before = _action_state(action)
    was_percent, was_state = action.percent_complete, action.state
    for name, value in cleaned(fields, _ACTION_TEXT).items():
        setattr(action, name, value)
    _check_action(action)
    _completed_on(action)
    action.full_clean(exclude=["plan", "lab", "lead_agency"])
    progressed = (action.percent_complete, action.state) != (was_percent, was_state)
    now = timezone.now()
    action.updated_at = now
    if progressed:
        action.last_update_at = now
    action.save()
    if progressed:
        edit = _record_edit(
            action, by, progress_text, when=now, state_changed=action.state != was_state
        )
        # The same news as an update posted on the progress form.
        _notify_progress(action, edit, by, was_state)
    if supporting is not None or "lead_agency" in fields:
        _set_supporting(
            action,
            supporting
            if supporting is not None
            else Organisation.objects.filter(action_supports__action=action),
        )
    if depends_on is not None:
        _set_dependencies(action, depends_on)
    changes = diff(before, _action_state(action))
    if changes:
        audit_record(actor=by, action="actions.action.update", obj=action, changes=changes)
    if "owner_id" in changes:
        _notify_owner_assigned(action, by)
    return action


def _record_edit(
    action: Action, by: Any, text: str, *, when: dt.datetime, state_changed: bool
) -> ProgressUpdate:
    """The progress update an edit leaves. Its text is stored in the site's
    language, as the updates people write are stored as they wrote them."""
    with translation.override(settings.LANGUAGE_CODE):
        stored = _(text)
    return ProgressUpdate.objects.create(
        action=action,
        text=stored,
        percent_complete=action.percent_complete,
        state=action.state if state_changed else "",
        by=user_or_none(by),
        created_at=when,
    )


@transaction.atomic
def action_delete(*, action: Action, by: Any) -> None:
    audit_record(
        actor=by, action="actions.action.delete", obj=action, changes=_action_state(action)
    )
    action.delete()


# --- Milestones -------------------------------------------------------------------


@transaction.atomic
def milestone_save(
    *,
    action: Action,
    by: Any,
    milestone: Milestone | None = None,
    title: str,
    due_date: dt.date | None = None,
    done_on: dt.date | None = None,
) -> Milestone:
    title = cleaned({"title": title}, {"title"})["title"]
    if not title:
        raise ValidationError({"title": _("Name the milestone.")})
    if milestone is None:
        milestone = Milestone(action=action, order=action.milestones.count())
    before = snapshot(milestone, ["title", "due_date", "done_on"]) if milestone.pk else {}
    milestone.title, milestone.due_date, milestone.done_on = title, due_date, done_on
    milestone.full_clean(exclude=["action"])
    milestone.save()
    changes = diff(before, snapshot(milestone, ["title", "due_date", "done_on"]))
    audit_record(
        actor=by,
        action="actions.milestone.save",
        obj=action,
        changes={"milestone": milestone.pk, **changes},
    )
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: Any) -> None:
    audit_record(
        actor=by,
        action="actions.milestone.delete",
        obj=milestone.action,
        changes={"milestone": milestone.title},
    )
    milestone.delete()


# --- Progress ---------------------------------------------------------------------


@transaction.atomic
def progress_add(
    *,
    action: Action,
    by: Any,
    text: str,
    percent_complete: int,
    state: str = "",
    evidence_text: str = "",
    evidence_link: str = "",
    evidence_file: Any = None,
    by_organisation: Organisation | None = None,
    when: dt.datetime | None = None,
) -> ProgressUpdate:
    """Record what was done; the action takes the update's percent and
    status (a status left empty keeps the action's, and moves "not started"
    to "on track" once work is reported)."""
    values = cleaned({"text": text, "evidence_text": evidence_text}, {"text", "evidence_text"})
    errors: dict[str, str] = {}
    if not values["text"]:
        errors["text"] = _("Say what was done.")
    if not isinstance(percent_complete, int) or not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("Percent complete runs from 0 to 100.")
    if state and state not in SETTABLE:
        errors["state"] = _("“Late” comes from the due date; choose another status.")
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(
        action=action,
        text=values["text"],
        percent_complete=percent_complete,
        state=state,
        evidence_text=values["evidence_text"],
        evidence_link=evidence_link.strip(),
        by=user_or_none(by),
        by_organisation=by_organisation,
        created_at=when or timezone.now(),
    )
    update.full_clean(exclude=["action", "by", "by_organisation", "evidence_file"])
    try:
        data = uploads.read_upload(evidence_file) if evidence_file is not None else None
        # Judged by its bytes (lib/uploads.py): a PDF, an Office document or a photo.
        checked = uploads.identify_upload(data=data)[1] if data is not None else None
    except ValidationError as error:
        raise ValidationError({"evidence_file": error.messages}) from error
    with uploads.removed_on_failure() as written:
        if data is not None and checked is not None:
            update.evidence_content_type = checked.content_type
            name = uploads.stored_name(getattr(evidence_file, "name", "") or "", checked.extension)
            update.evidence_file.save(name, ContentFile(data), save=False)
            written.append(str(update.evidence_file.name))
        update.save()
        before = _action_state(action)
        was = action.state
        action.percent_complete = percent_complete
        if state:
            action.state = state
        elif action.state == Status.NOT_STARTED and percent_complete > 0:
            action.state = Status.ON_TRACK
        if percent_complete >= 100 and action.state != Status.DROPPED:
            action.state = Status.DONE
        _completed_on(action)
        action.last_update_at = update.created_at
        action.updated_at = timezone.now()
        action.save(
            update_fields=[
                "percent_complete",
                "state",
                "completed_on",
                "last_update_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=by,
            action="actions.progress.add",
            obj=action,
            changes={"update": update.pk, **diff(before, _action_state(action))},
        )
        _notify_progress(action, update, by, was)
    return update
