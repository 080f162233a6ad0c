"""Writes to a session's breakout groups: automatic assignment that mixes
agencies and sectors (workshops.grouping does the arithmetic), and the
facilitator's adjustments by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from directory.models import Person
from lib.thai.text import clean
from workshops.grouping import Participant, assign_groups
from workshops.models import BreakoutGroup, GroupMember, Session
from workshops.selectors import representing, session_pool

MAX_GROUPS = 500


@dataclass(frozen=True)
class AutoAssignResult:
    groups: list[BreakoutGroup]
    people: int
    same_organisation_pairs: int
    fewest_possible: int
    groups_with_same_organisation: int


def _check_group(session: Session, group: BreakoutGroup | None) -> None:
    if group is not None and group.session_id != session.pk:
        raise ValidationError({"group": _("That group belongs to another session.")})


def _group_count(people: int, group_count: int | None, group_size: int | None) -> int:
    if (group_count is None) == (group_size is None):
        raise ValidationError(_("Give either the number of groups or the size of a group."))
    if group_size is not None:
        if group_size < 1:
            raise ValidationError({"group_size": _("A group needs at least one person.")})
        return max(1, math.ceil(people / group_size))
    assert group_count is not None
    if group_count < 1:
        raise ValidationError({"group_count": _("Make at least one group.")})
    if group_count > min(people, MAX_GROUPS):
        raise ValidationError(
            {
                "group_count": _("%(groups)s groups is more than the %(people)s people to group.")
                % {"groups": group_count, "people": people}
            }
        )
    return group_count


@transaction.atomic
def groups_auto_assign(
    *,
    session: Session,
    by: Any,
    group_count: int | None = None,
    group_size: int | None = None,
    people: Sequence[Person] | None = None,
    seed: int = 0,
) -> AutoAssignResult:
    """Replace the session's groups by a fresh assignment.

    `people` defaults to the session's pool (selectors.session_pool); the
    session's facilitators are spread across the groups, one per group
    while they last.
    """
    pool = list(people) if people is not None else session_pool(session)
    if not pool:
        raise ValidationError(
            _(
                "There is no one to group yet: register people for the workshop or tick them in first."
            )
        )
    count = _group_count(len(pool), group_count, group_size)
    pool_ids = {p.pk for p in pool}
    facilitators = [p for p in session.facilitators.order_by("pk") if p.pk not in pool_ids]
    orgs = representing(session.workshop, pool_ids | {p.pk for p in facilitators})

    def participant(person: Person) -> Participant:
        organisation = orgs.get(person.pk)
        return Participant(
            id=person.pk,
            organisation_id=organisation.pk if organisation is not None else None,
            sector=organisation.sector if organisation is not None else None,
        )

    assignment = assign_groups(
        people=[participant(p) for p in pool],
        group_count=count,
        facilitators=[participant(p) for p in facilitators],
        seed=seed,
    )
    session.groups.all().delete()
    groups = BreakoutGroup.objects.bulk_create(
        BreakoutGroup(
            session=session,
            name=_("Group %(number)s") % {"number": i + 1},
            # A group has one facilitator of record; any further ones the
            # assignment placed there join it as members.
            facilitator_id=placed[0] if placed else None,
        )
        for i, placed in enumerate(assignment.facilitators)
    )
    rows = [
        GroupMember(group=group, person_id=person_id)
        for group, ids, placed in zip(
            groups, assignment.groups, assignment.facilitators, strict=True
        )
        for person_id in [*ids, *placed[1:]]
    ]
    GroupMember.objects.bulk_create(rows)
    report = assignment.report
    audit_record(
        actor=by,
        action="workshops.groups.auto_assign",
        obj=session,
        changes={
            "groups": assignment.groups,
            "facilitators": assignment.facilitators,
            "seed": seed,
            "same_organisation_pairs": report.same_org_pairs,
            "fewest_possible": report.fewest_possible_same_org_pairs,
        },
    )
    return AutoAssignResult(
        groups=groups,
        people=len(pool),
        same_organisation_pairs=report.same_org_pairs,
        fewest_possible=report.fewest_possible_same_org_pairs,
        groups_with_same_organisation=report.groups_with_same_org,
    )


@transaction.atomic
def group_create(
    *, session: Session, by: Any, name: str, facilitator: Person | None = None
) -> BreakoutGroup:
    group = BreakoutGroup(session=session, name=clean(name), facilitator=facilitator)
    if not group.name:
        raise ValidationError({"name": _("Give the group a name.")})
    group.full_clean(exclude=["session", "facilitator"])
    group.save()
    audit_record(
        actor=by,
        action="workshops.group.create",
        obj=group,
        changes={"session": session.pk, "name": group.name, "facilitator": group.facilitator_id},
    )
    return group


@transaction.atomic
def group_update(
    *,
    group: BreakoutGroup,
    by: Any,
    name: str | None = None,
    facilitator: Person | None | bool = False,
) -> BreakoutGroup:
    """`facilitator=False` (the default) leaves the facilitator as it is;
    None removes them."""
    before = {"name": group.name, "facilitator": group.facilitator_id}
    if name is not None:
        group.name = clean(name)
        if not group.name:
            raise ValidationError({"name": _("Give the group a name.")})
    if facilitator is not False:
        group.facilitator = facilitator  # type: ignore[assignment]
    group.full_clean(exclude=["session", "facilitator"])
    group.save()
    after = {"name": group.name, "facilitator": group.facilitator_id}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit_record(actor=by, action="workshops.group.update", obj=group, changes=changes)
    return group


@transaction.atomic
def group_remove(*, group: BreakoutGroup, by: Any) -> None:
    """Removes the group; its members are left without a group."""
    session = group.session
    state = {
        "name": group.name,
        "members": sorted(group.members.values_list("person_id", flat=True)),
    }
    group.delete()
    audit_record(actor=by, action="workshops.group.remove", obj=session, changes={"group": state})


@transaction.atomic
def group_member_move(
    *, session: Session, person: Person, to_group: BreakoutGroup | None, by: Any
) -> None:
    """Put a person in another group of the session (None: in no group)."""
    _check_group(session, to_group)
    current = list(
        GroupMember.objects.select_for_update().filter(group__session=session, person=person)
    )
    before = sorted(m.group_id for m in current)
    after = [to_group.pk] if to_group is not None else []
    if before == after:
        return
    GroupMember.objects.filter(pk__in=[m.pk for m in current]).delete()
    if to_group is not None:
        GroupMember.objects.create(group=to_group, person=person)
    audit_record(
        actor=by,
        action="workshops.group.move",
        obj=session,
        changes={
            "person": person.pk,
            "group": [before[0] if before else None, after[0] if after else None],
        },
    )
