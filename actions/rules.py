"""Who may do what with a lab's outputs and follow-through.

Outputs follow their lab (labs/rules.py): whoever may see the lab sees its
proposals, plans and actions. Besides, an agency's focal points see and
update every action their agency leads or supports, and an action's owner
sees and updates it, across labs, even members-only ones: the commitment
is theirs.

| permission | who |
|---|---|
| view_* | whoever may see the lab; for an action also its owner and the focal points of its lead and supporting agencies |
| add_proposal, change_proposal | administrators, the lab's leads, facilitators and participants |
| set_proposal_status, change_plan, add_output | administrators, the lab's leads and facilitators |
| comment_proposal | any signed-in user who may see the proposal |
| endorse_proposal | focal points of some organisation (they endorse for it), administrators |
| pledge | focal points (for their organisation), the lab's leads and facilitators (recording a pledge on an agency's behalf), administrators |
| change_action | change_plan, the owner, focal points of the lead agency |
| update_progress | change_action, focal points of a supporting agency |
"""

from __future__ import annotations

from typing import Any

import rules

from accounts.rules import is_administrator, is_signed_in
from directory.rules import is_any_focal_point
from labs.models import Role
from labs.rules import can_run_lab, can_view_lab, has_lab_role


def _action(obj: Any) -> Any:
    """The action a rule is asked about: an action, or a milestone/update of one."""
    from actions.models import Action

    if isinstance(obj, Action):
        return obj
    return getattr(obj, "action", None)


@rules.predicate
def is_action_owner(user: Any, obj: Any = None) -> bool:
    action = _action(obj)
    if action is None or action.owner_id is None or not user.is_authenticated:
        return False
    from directory.models import Person

    return Person.objects.filter(pk=action.owner_id, user_id=user.pk).exists()


@rules.predicate
def is_lead_agency_focal_point(user: Any, obj: Any = None) -> bool:
    action = _action(obj)
    if action is None or not user.is_authenticated:
        return False
    return user.focal_point_of.filter(pk=action.lead_agency_id).exists()  # type: ignore[no-any-return]


@rules.predicate
def is_supporting_agency_focal_point(user: Any, obj: Any = None) -> bool:
    action = _action(obj)
    if action is None or not user.is_authenticated:
        return False
    from actions.models import ActionAgency

    return ActionAgency.objects.filter(  # type: ignore[no-any-return]
        action_id=action.pk, organisation__focal_points=user
    ).exists()


is_lab_contributor = has_lab_role(
    Role.LEAD, Role.FACILITATOR, Role.PARTICIPANT, name="is_lab_contributor"
)
can_contribute = is_administrator | is_lab_contributor
can_change_action = can_run_lab | is_action_owner | is_lead_agency_focal_point
can_view_action = (
    can_view_lab | is_action_owner | is_lead_agency_focal_point | is_supporting_agency_focal_point
)

rules.add_perm("actions.view_proposal", can_view_lab)
rules.add_perm("actions.add_proposal", can_contribute)
rules.add_perm("actions.change_proposal", can_contribute)
rules.add_perm("actions.set_proposal_status", can_run_lab)
rules.add_perm("actions.comment_proposal", can_view_lab & is_signed_in)
rules.add_perm("actions.endorse_proposal", can_view_lab & (is_administrator | is_any_focal_point))
rules.add_perm("actions.pledge", can_view_lab & (can_run_lab | is_any_focal_point))
rules.add_perm("actions.view_plan", can_view_lab)
rules.add_perm("actions.change_plan", can_run_lab)
rules.add_perm("actions.add_output", can_run_lab)
rules.add_perm("actions.view_output", can_view_lab)
rules.add_perm("actions.view_action", can_view_action)
rules.add_perm("actions.change_action", can_change_action)
rules.add_perm("actions.update_progress", can_change_action | is_supporting_agency_focal_point)
rules.add_perm("actions.view_lab_dashboard", can_view_lab)
