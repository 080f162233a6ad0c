"""get_<thing>_for_user: every directory object a URL names is fetched here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from directory.models import Organisation, Person


def get_organisation_for_user(user: Any, pk: int, *, perm: str | None = None) -> Organisation:
    """Directory records are public to read; `perm` checks a write permission."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "province"), pk=pk
    )
    if perm and not user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def get_person_for_user(user: Any, pk: int, *, perm: str | None = None) -> Person:
    person = get_object_or_404(
        Person.objects.prefetch_related("tags", "affiliations__organisation"), pk=pk
    )
    if perm and not user.has_perm(perm, person):
        raise PermissionDenied
    return person
