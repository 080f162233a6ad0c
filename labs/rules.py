"""Who may do what in a lab. The roles table is in docs/architecture.md.

A lab role is a Member row whose person is linked to the user's account.
Predicates take a lab or anything that belongs to one (a challenge, a
member, a team, a stakeholder, a workshop): `lab_id_of()` finds the lab.
Each role check is one small query; a page asks a handful of them, so its
query count stays fixed whatever the size of the lab.
"""

from __future__ import annotations

from typing import Any

import rules

from accounts.rules import is_administrator
from directory.rules import is_any_focal_point
from labs.models import Lab, Member, Role

# Objects that belong to a lab through a parent (a milestone or a progress
# update through its action, a pledge through its proposal).
PARENTS = ("challenge", "action", "proposal", "plan")


def _parent(obj: Any) -> Any:
    for name in PARENTS:
        parent = getattr(obj, name, None)
        if parent is not None:
            return parent
    return None


def lab_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Lab):
        return obj.pk
    if getattr(obj, "lab_id", None) is not None:
        return int(obj.lab_id)
    parent = _parent(obj)
    return lab_id_of(parent) if parent is not None else None


def lab_of(obj: Any) -> Lab | None:
    if obj is None:
        return None
    if isinstance(obj, Lab):
        return obj
    if getattr(obj, "lab_id", None) is not None:
        return obj.lab  # type: ignore[no-any-return]
    parent = _parent(obj)
    return lab_of(parent) if parent is not None else None


def lab_roles(user: Any, obj: Any) -> set[str]:
    """The user's roles in the lab `obj` belongs to (one query)."""
    lab_id = lab_id_of(obj)
    if lab_id is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Member.objects.filter(lab_id=lab_id, person__user_id=user.pk).values_list("role", flat=True)
    )


def has_lab_role(*roles: str, name: str) -> rules.Predicate:
    wanted = set(roles)

    def check(user: Any, obj: Any = None) -> bool:
        lab_id = lab_id_of(obj)
        if lab_id is None or not getattr(user, "is_authenticated", False):
            return False
        return Member.objects.filter(
            lab_id=lab_id, person__user_id=user.pk, role__in=wanted
        ).exists()

    return rules.Predicate(check, name=name)


is_lab_lead = has_lab_role(Role.LEAD, name="is_lab_lead")
is_lab_facilitator = has_lab_role(Role.FACILITATOR, name="is_lab_facilitator")
is_lab_participant = has_lab_role(Role.PARTICIPANT, name="is_lab_participant")
is_lab_observer = has_lab_role(Role.OBSERVER, name="is_lab_observer")
is_lab_evaluator = has_lab_role(Role.EVALUATOR, name="is_lab_evaluator")
is_lab_member = has_lab_role(*Role.values, name="is_lab_member")
# One query instead of two when either role will do.
is_lab_lead_or_facilitator = has_lab_role(
    Role.LEAD, Role.FACILITATOR, name="is_lab_lead_or_facilitator"
)


@rules.predicate
def is_public_lab(user: Any, obj: Any = None) -> bool:
    lab = lab_of(obj)
    return lab is not None and lab.is_public


can_view_lab = is_public_lab | is_administrator | is_lab_member
can_lead_lab = is_administrator | is_lab_lead
can_run_lab = is_administrator | is_lab_lead_or_facilitator

rules.add_perm("labs.view_lab", can_view_lab)
rules.add_perm("labs.add_lab", is_administrator | is_any_focal_point)
rules.add_perm("labs.change_lab", can_lead_lab)
rules.add_perm("labs.manage_members", can_lead_lab)
# PDPA: the e-mail addresses of a cohort go to those who run it, who need
# them to reach their participants; other members see names only.
rules.add_perm("labs.view_member_contacts", can_run_lab)
rules.add_perm("labs.view_challenge", can_view_lab)
rules.add_perm("labs.add_challenge", can_run_lab)
rules.add_perm("labs.change_challenge", can_run_lab)
