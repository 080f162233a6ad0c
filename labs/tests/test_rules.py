"""Every labs permission with each persona: the platform's alice
(administrator), bob (focal point of OPDC), charlie (signed in, in no lab),
an anonymous visitor, and the lab's own lena (lead), fiona (facilitator),
pat (participant), oscar (observer), eve (evaluator). Before and after
joining, and for a public and a members-only lab."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from labs import rules as lab_rules
from labs.models import Member
from labs.services import member_add, member_remove, member_update, person_for_user

pytestmark = pytest.mark.django_db

EVERYONE = {"alice", "bob", "charlie", "anonymous", "lena", "fiona", "pat", "oscar", "eve"}
MEMBERS = {"lena", "fiona", "pat", "oscar", "eve"}


@pytest.fixture
def users(alice, bob, charlie, lena, fiona, pat, oscar, eve):
    return {
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "anonymous": AnonymousUser(),
        "lena": lena,
        "fiona": fiona,
        "pat": pat,
        "oscar": oscar,
        "eve": eve,
    }


def allowed(users, perm, obj=None):
    return {name for name, user in users.items() if user.has_perm(perm, obj)}


def test_role_predicates_name_each_role(users, lab):
    assert {n for n, u in users.items() if lab_rules.is_lab_lead(u, lab)} == {"lena"}
    assert {n for n, u in users.items() if lab_rules.is_lab_facilitator(u, lab)} == {"fiona"}
    assert {n for n, u in users.items() if lab_rules.is_lab_participant(u, lab)} == {"pat"}
    assert {n for n, u in users.items() if lab_rules.is_lab_observer(u, lab)} == {"oscar"}
    assert {n for n, u in users.items() if lab_rules.is_lab_evaluator(u, lab)} == {"eve"}
    assert {n for n, u in users.items() if lab_rules.is_lab_member(u, lab)} == MEMBERS


def test_roles_in_one_lab_say_nothing_about_another(users, lab, private_lab):
    assert allowed(users, "labs.change_lab", private_lab) == {"alice"}
    assert {n for n, u in users.items() if lab_rules.is_lab_member(u, private_lab)} == set()


def test_everyone_views_a_public_lab(users, lab):
    assert allowed(users, "labs.view_lab", lab) == EVERYONE


def test_only_members_and_administrators_view_a_members_only_lab(users, private_lab, make_member):
    assert allowed(users, "labs.view_lab", private_lab) == {"alice"}
    make_member(private_lab, "participant", "newcomer@lab.test")
    users["newcomer"] = Member.objects.get(lab=private_lab).person.user
    assert allowed(users, "labs.view_lab", private_lab) == {"alice", "newcomer"}


def test_challenges_follow_their_labs_visibility(users, lab, private_lab, challenge):
    from labs.services import challenge_create

    hidden = challenge_create(lab=private_lab, by=None, title_th="โจทย์ภายใน")
    assert allowed(users, "labs.view_challenge", challenge) == EVERYONE
    assert allowed(users, "labs.view_challenge", hidden) == {"alice"}


def test_administrators_and_focal_points_add_labs(users):
    assert allowed(users, "labs.add_lab") == {"alice", "bob"}


def test_the_lead_and_administrators_change_a_lab(users, lab):
    assert allowed(users, "labs.change_lab", lab) == {"alice", "lena"}


def test_the_lead_and_administrators_manage_members(users, lab):
    assert allowed(users, "labs.manage_members", lab) == {"alice", "lena"}


def test_those_who_run_the_lab_see_members_contacts(users, lab):
    assert allowed(users, "labs.view_member_contacts", lab) == {"alice", "lena", "fiona"}


def test_leads_facilitators_and_administrators_add_challenges(users, lab):
    assert allowed(users, "labs.add_challenge", lab) == {"alice", "lena", "fiona"}


def test_leads_facilitators_and_administrators_change_challenges(users, challenge):
    assert allowed(users, "labs.change_challenge", challenge) == {"alice", "lena", "fiona"}


def test_rules_reach_the_lab_through_teams_and_stakeholders(users, challenge):
    from labs.services import stakeholder_add, team_create

    team = team_create(challenge=challenge, by=None, name="ทีม 1")
    stakeholder = stakeholder_add(challenge=challenge, by=None, group_name="ผู้ปกครอง")
    assert allowed(users, "labs.change_challenge", team) == {"alice", "lena", "fiona"}
    assert allowed(users, "labs.change_challenge", stakeholder) == {"alice", "lena", "fiona"}


def test_joining_gives_a_role_and_leaving_takes_it_away(lab, charlie):
    person = person_for_user(user=charlie, by=None)
    assert not charlie.has_perm("labs.add_challenge", lab)
    member = member_add(lab=lab, by=None, person=person, role="participant")
    assert charlie.has_perm("labs.view_lab", lab)
    assert not charlie.has_perm("labs.add_challenge", lab)
    member_update(member=member, by=None, role="facilitator")
    assert charlie.has_perm("labs.add_challenge", lab)
    assert not charlie.has_perm("labs.change_lab", lab)
    member_remove(member=member, by=None)
    assert not charlie.has_perm("labs.add_challenge", lab)


def test_an_inactive_administrator_has_no_lab_rights(alice, private_lab):
    alice.is_active = False
    assert not alice.has_perm("labs.view_lab", private_lab)
