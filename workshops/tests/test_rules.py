"""Workshop permissions per persona (the roles table in docs/architecture.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workshops.access import get_workshop_for_user
from workshops.services import workshop_create
from workshops.tests.conftest import member


@pytest.fixture
def people(alice, charlie, dana, erin):
    return {
        "alice": alice,
        "charlie": charlie,
        "dana": dana,
        "erin": erin,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize(
    ("persona", "view", "change"),
    [
        ("alice", True, True),  # administrator
        ("dana", True, True),  # the lab's facilitator
        ("erin", True, False),  # the lab's participant
        ("charlie", True, False),  # signed in, no role
        ("anonymous", True, False),
    ],
)
def test_workshops_of_a_public_lab(people, workshop, persona, view, change):
    user = people[persona]
    assert user.has_perm("workshops.view_workshop", workshop) is view
    assert user.has_perm("workshops.change_workshop", workshop) is change
    assert user.has_perm("workshops.manage_groups", workshop) is change
    assert user.has_perm("workshops.add_workshop", workshop.lab) is change


@pytest.mark.parametrize(
    ("persona", "view", "change"),
    [
        ("alice", True, True),
        ("dana", True, True),  # made lead of the private lab below
        ("erin", True, False),  # made observer below
        ("charlie", False, False),
        ("anonymous", False, False),
    ],
)
def test_workshops_of_a_members_only_lab(people, private_lab, persona, view, change):
    member(private_lab, people["dana"].person, "lead")
    member(private_lab, people["erin"].person, "observer")
    workshop = workshop_create(by=None, lab=private_lab, title_th="ประชุมปิด")
    user = people[persona]
    assert user.has_perm("workshops.view_workshop", workshop) is view
    assert user.has_perm("workshops.change_workshop", workshop) is change


def test_a_hidden_workshop_is_a_404_and_a_forbidden_write_a_403(
    private_lab, workshop, charlie, erin
):
    hidden = workshop_create(by=None, lab=private_lab, title_th="ประชุมปิด")
    with pytest.raises(Http404):
        get_workshop_for_user(charlie, hidden.pk)
    with pytest.raises(PermissionDenied):
        get_workshop_for_user(erin, workshop.pk, perm="workshops.change_workshop")
    assert get_workshop_for_user(erin, workshop.pk) == workshop
