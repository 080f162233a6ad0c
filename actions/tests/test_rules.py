"""Every actions permission, per persona (the table in actions/rules.py).

alice — administrator            bob  — focal point of OPDC, the lead agency
charlie — signed in, no role     dana — facilitator of the lab
erin — participant of the lab    olive — the action's owner
sam — focal point of OCSC, a supporting agency
None — an anonymous visitor
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from actions.models import Proposal
from actions.services.plans import plan_create
from actions.tests.conftest import make_action
from conftest import PASSWORD
from workshops.tests.conftest import person

pytestmark = pytest.mark.django_db

EVERYONE = {None, "alice", "bob", "charlie", "dana", "erin", "olive", "sam"}
SIGNED_IN = EVERYONE - {None}


@pytest.fixture
def personas(alice, bob, charlie, dana, erin, ocsc, django_user_model):
    olive = django_user_model.objects.create_user(email="olive@opdc.test", password=PASSWORD)
    person("โอลีฟ", user=olive)
    sam = django_user_model.objects.create_user(email="sam@ocsc.test", password=PASSWORD)
    ocsc.focal_points.add(sam)
    users = {
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "dana": dana,
        "erin": erin,
        "olive": olive,
        "sam": sam,
    }
    return {None: AnonymousUser(), **users}


def _outputs(lab, opdc, ocsc, olive):
    plan = plan_create(lab=lab, by=None, title_th="แผน")
    action = make_action(plan, "งาน", lead=opdc, supporting=[ocsc], owner=olive.person)
    proposal = Proposal.objects.create(lab=lab, kind="policy", title_th="ข้อเสนอ")
    return {"lab": lab, "plan": plan, "action": action, "proposal": proposal}


def _who(personas, perm: str, obj) -> set[str | None]:
    return {name for name, user in personas.items() if user.has_perm(perm, obj)}


PUBLIC_LAB = [
    ("actions.view_plan", "plan", EVERYONE),
    ("actions.view_action", "action", EVERYONE),
    ("actions.view_output", "lab", EVERYONE),
    ("actions.view_proposal", "proposal", EVERYONE),
    ("actions.view_lab_dashboard", "lab", EVERYONE),
    ("actions.change_plan", "plan", {"alice", "dana"}),
    ("actions.add_output", "lab", {"alice", "dana"}),
    ("actions.change_action", "action", {"alice", "dana", "bob", "olive"}),
    ("actions.update_progress", "action", {"alice", "dana", "bob", "olive", "sam"}),
    ("actions.add_proposal", "lab", {"alice", "dana", "erin"}),
    ("actions.change_proposal", "proposal", {"alice", "dana", "erin"}),
    ("actions.set_proposal_status", "proposal", {"alice", "dana"}),
    ("actions.comment_proposal", "proposal", SIGNED_IN),
    ("actions.endorse_proposal", "proposal", {"alice", "bob", "sam"}),
    ("actions.pledge", "proposal", {"alice", "dana", "bob", "sam"}),
]


@pytest.mark.parametrize(("perm", "target", "expected"), PUBLIC_LAB)
def test_in_a_public_lab(personas, lab, opdc, ocsc, perm, target, expected):
    objects = _outputs(lab, opdc, ocsc, personas["olive"])
    assert _who(personas, perm, objects[target]) == expected


# Nobody among the personas belongs to the members-only lab; an action's
# owner and its agencies' focal points still reach their commitment.
MEMBERS_ONLY_LAB = [
    ("actions.view_plan", "plan", {"alice"}),
    ("actions.view_output", "lab", {"alice"}),
    ("actions.view_proposal", "proposal", {"alice"}),
    ("actions.view_lab_dashboard", "lab", {"alice"}),
    ("actions.view_action", "action", {"alice", "bob", "olive", "sam"}),
    ("actions.change_action", "action", {"alice", "bob", "olive"}),
    ("actions.update_progress", "action", {"alice", "bob", "olive", "sam"}),
    ("actions.change_plan", "plan", {"alice"}),
    ("actions.comment_proposal", "proposal", {"alice"}),
    ("actions.endorse_proposal", "proposal", {"alice"}),
    ("actions.pledge", "proposal", {"alice"}),
]


@pytest.mark.parametrize(("perm", "target", "expected"), MEMBERS_ONLY_LAB)
def test_in_a_members_only_lab(personas, private_lab, opdc, ocsc, perm, target, expected):
    objects = _outputs(private_lab, opdc, ocsc, personas["olive"])
    assert _who(personas, perm, objects[target]) == expected


def test_rules_on_milestones_and_updates_follow_their_action(personas, lab, opdc, ocsc):
    from actions.services.plans import milestone_save, progress_add

    action = _outputs(lab, opdc, ocsc, personas["olive"])["action"]
    milestone = milestone_save(action=action, by=None, title="หมุด")
    update = progress_add(action=action, by=None, text="ทำแล้ว", percent_complete=10)
    assert _who(personas, "actions.change_action", milestone) == {"alice", "dana", "bob", "olive"}
    assert _who(personas, "actions.update_progress", update) == {
        "alice",
        "dana",
        "bob",
        "olive",
        "sam",
    }


def test_a_focal_point_of_another_agency_has_no_say_over_an_action(
    personas, lab, opdc, ocsc, charlie
):
    from directory.models import Organisation

    Organisation.objects.create(name_th="กรมอื่น", kind="department").focal_points.add(charlie)
    action = _outputs(lab, opdc, ocsc, personas["olive"])["action"]
    assert not charlie.has_perm("actions.update_progress", action)
    assert not charlie.has_perm("actions.change_action", action)
