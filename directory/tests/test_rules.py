"""Every directory permission with each persona: alice (administrator),
bob (focal point of OPDC), charlie (signed in, no role), and an anonymous
visitor. The roles table in docs/roles.md says the same in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from directory.models import Affiliation, Person

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "bob", "charlie", "anonymous"]


@pytest.fixture
def users(request, alice, bob, charlie):
    return {"alice": alice, "bob": bob, "charlie": charlie, "anonymous": AnonymousUser()}


@pytest.fixture
def member(opdc):
    """Currently in OPDC, no account, no consent."""
    person = Person.objects.create(first_name_th="สมชาย", email="somchai@example.go.th")
    Affiliation.objects.create(person=person, organisation=opdc)
    return person


@pytest.fixture
def outsider(ocsc):
    """Currently in OCSC, formerly in OPDC."""
    person = Person.objects.create(first_name_th="สมศรี", email="somsri@example.go.th")
    Affiliation.objects.create(person=person, organisation=ocsc)
    return person


def allowed(users, perm, obj=None):
    return {name for name, user in users.items() if user.has_perm(perm, obj)}


def test_only_administrators_add_organisations(users):
    assert allowed(users, "directory.add_organisation") == {"alice"}


def test_administrators_and_the_focal_point_change_an_organisation(users, opdc, ocsc):
    assert allowed(users, "directory.change_organisation", opdc) == {"alice", "bob"}
    assert allowed(users, "directory.change_organisation", ocsc) == {"alice"}


def test_only_administrators_merge_organisations(users, opdc):
    assert allowed(users, "directory.merge_organisation", opdc) == {"alice"}


def test_only_administrators_manage_focal_points(users, opdc):
    assert allowed(users, "directory.manage_focal_points", opdc) == {"alice"}


def test_administrators_and_any_focal_point_add_people(users):
    assert allowed(users, "directory.add_person") == {"alice", "bob"}


def test_the_focal_point_of_a_current_organisation_changes_a_person(users, member, outsider):
    assert allowed(users, "directory.change_person", member) == {"alice", "bob"}
    assert allowed(users, "directory.change_person", outsider) == {"alice"}


def test_a_focal_point_no_longer_changes_someone_who_left(users, member):
    member.affiliations.update(start_date=dt.date(2020, 1, 1), end_date=dt.date(2021, 1, 1))
    assert allowed(users, "directory.change_person", member) == {"alice"}


def test_the_person_changes_their_own_record(users, charlie, outsider):
    outsider.user = charlie
    outsider.save()
    assert allowed(users, "directory.change_person", outsider) == {"alice", "charlie"}


def test_only_administrators_merge_people(users, member):
    assert allowed(users, "directory.merge_person", member) == {"alice"}


def test_only_administrators_import(users):
    assert allowed(users, "directory.import") == {"alice"}


def test_administrators_and_focal_points_export(users):
    assert allowed(users, "directory.export") == {"alice", "bob"}


# --- Contact details (PDPA) --------------------------------------------------------------


def test_without_consent_contact_details_go_only_to_those_who_look_after_the_record(users, member, outsider):
    assert allowed(users, "directory.view_contact", member) == {"alice", "bob"}
    assert allowed(users, "directory.view_contact", outsider) == {"alice"}


def test_with_consent_every_signed_in_member_sees_them_but_never_the_public(users, member, outsider):
    Person.objects.filter(pk__in=[member.pk, outsider.pk]).update(contact_consent=True)
    member.refresh_from_db()
    outsider.refresh_from_db()
    assert allowed(users, "directory.view_contact", member) == {"alice", "bob", "charlie"}
    assert allowed(users, "directory.view_contact", outsider) == {"alice", "bob", "charlie"}


def test_the_person_always_sees_their_own_contact_details(users, charlie, outsider):
    outsider.user = charlie
    outsider.save()
    assert "charlie" in allowed(users, "directory.view_contact", outsider)


def test_an_inactive_administrator_has_no_rights(users, alice, opdc):
    alice.is_active = False
    alice.save()
    assert not alice.has_perm("directory.change_organisation", opdc)
    assert not alice.has_perm("directory.import")
