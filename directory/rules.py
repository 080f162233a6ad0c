"""Who may do what in the directory. The roles table is in docs/architecture.md.

Directory records are public to read; writes and personal contact details
are limited. Later apps add lab roles with their own predicates and may
combine them with these.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from accounts.rules import is_administrator
from directory.models import Affiliation, Organisation, Person
from directory.selectors import current_on


@rules.predicate
def is_focal_point_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.focal_points.filter(pk=user.pk).exists()


@rules.predicate
def is_any_focal_point(user: Any) -> bool:
    return user.is_authenticated and user.focal_point_of.exists()


@rules.predicate
def is_focal_point_for_person(user: Any, person: Person | None) -> bool:
    """A focal point looks after the people currently in their organisation."""
    if person is None or not user.is_authenticated:
        return False
    return Affiliation.objects.filter(
        current_on(timezone.localdate()), person=person, organisation__focal_points=user
    ).exists()


@rules.predicate
def is_the_person(user: Any, person: Person | None) -> bool:
    return person is not None and user.is_authenticated and person.user_id == user.pk


@rules.predicate
def consented_to_members(user: Any, person: Person | None) -> bool:
    return person is not None and user.is_authenticated and person.contact_consent


can_edit_organisation = is_administrator | is_focal_point_of
can_edit_person = is_administrator | is_the_person | is_focal_point_for_person
# PDPA: contact details go to the person, those who look after their record,
# and — only with consent — other signed-in members. Never to the public.
can_view_contact = can_edit_person | consented_to_members

rules.add_perm("directory.add_organisation", is_administrator)
rules.add_perm("directory.change_organisation", can_edit_organisation)
rules.add_perm("directory.merge_organisation", is_administrator)
rules.add_perm("directory.manage_focal_points", is_administrator)
rules.add_perm("directory.add_person", is_administrator | is_any_focal_point)
rules.add_perm("directory.change_person", can_edit_person)
rules.add_perm("directory.merge_person", is_administrator)
rules.add_perm("directory.view_contact", can_view_contact)
rules.add_perm("directory.import", is_administrator)
rules.add_perm("directory.export", is_administrator | is_any_focal_point)
