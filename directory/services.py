"""Writes to the directory. Views, API, import, commands all call these.

Each service: keyword-only arguments, one transaction, an audit entry, and
the search index refreshed after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, diff, snapshot
from directory.models import Affiliation, Organisation, OrganisationAlias, Person, Tag
from lib.service_fields import check_known, cleaned
from lib.thai.text import clean, compact
from search.services import reindex_on_commit, remove_on_commit

ORGANISATION_FIELDS = (
    "name_th",
    "name_en",
    "abbreviation_th",
    "abbreviation_en",
    "sector",
    "kind",
    "parent",
    "province",
    "website",
    "is_active",
)
PERSON_NAME_FIELDS = (
    "honorific",
    "academic_title",
    "first_name_th",
    "last_name_th",
    "first_name_en",
    "last_name_en",
)
# PDPA: shown only to those directory.view_contact allows (rules.py).
PERSON_CONTACT_FIELDS = ("email", "phone")
PERSON_FIELDS = (*PERSON_NAME_FIELDS, "position", *PERSON_CONTACT_FIELDS, "contact_consent")
_TEXT_FIELDS = {
    "name_th",
    "name_en",
    "abbreviation_th",
    "abbreviation_en",
    "honorific",
    "academic_title",
    "first_name_th",
    "last_name_th",
    "first_name_en",
    "last_name_en",
    "position",
    "phone",
}


_NAMES_SHOWN_ELSEWHERE = {"name_th", "name_en", "abbreviation_th", "abbreviation_en"}


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    return cleaned(fields, _TEXT_FIELDS)


def _check_parent(organisation: Organisation, parent: Organisation | None) -> None:
    seen: set[int] = set()
    node = parent
    while node is not None:
        if node.pk == organisation.pk or node.pk in seen:
            raise ValidationError({"parent": _("An organisation cannot sit under itself.")})
        seen.add(node.pk)
        node = node.parent


def _ancestor_ids(organisation: Organisation) -> set[int]:
    seen: set[int] = set()
    node = organisation.parent
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        node = node.parent
    return seen


def _set_aliases(organisation: Organisation, aliases: Iterable[tuple[str, str]]) -> None:
    """Replace the organisation's aliases with (name, kind) pairs, dropping
    ones that only repeat its names or each other."""
    own = {compact(organisation.name_th), compact(organisation.name_en)}
    own |= {compact(organisation.abbreviation_th), compact(organisation.abbreviation_en)}
    wanted: dict[str, tuple[str, str]] = {}
    for name, kind in aliases:
        name = clean(name)
        key = compact(name)
        if key and key not in own and key not in wanted:
            wanted[key] = (name, kind)
    organisation.aliases.all().delete()
    OrganisationAlias.objects.bulk_create(
        OrganisationAlias(organisation=organisation, name=name, kind=kind)
        for name, kind in wanted.values()
    )


def _alias_list(organisation: Organisation) -> list[str]:
    return [a.name for a in organisation.aliases.all()]


@transaction.atomic
def organisation_create(
    *,
    by: Any,
    name_th: str,
    sector: str,
    kind: str,
    aliases: Sequence[tuple[str, str]] = (),
    **fields: Any,
) -> Organisation:
    organisation = Organisation(**_cleaned({"name_th": name_th, "sector": sector, "kind": kind, **fields}))
    organisation.full_clean()
    organisation.save()
    _set_aliases(organisation, aliases)
    audit_record(
        actor=by,
        action="directory.organisation.create",
        obj=organisation,
        changes={**snapshot(organisation, ORGANISATION_FIELDS), "aliases": _alias_list(organisation)},
    )
    reindex_on_commit(kind="organisation", ids=[organisation.pk])
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by: Any,
    aliases: Sequence[tuple[str, str]] | None = None,
    **fields: Any,
) -> Organisation:
    check_known(fields, ORGANISATION_FIELDS, "organisation_update")
    before = {**snapshot(organisation, ORGANISATION_FIELDS), "aliases": _alias_list(organisation)}
    for name, value in _cleaned(fields).items():
        setattr(organisation, name, value)
    if "parent" in fields:
        _check_parent(organisation, organisation.parent)
    organisation.full_clean()
    organisation.save()
    if aliases is not None:
        _set_aliases(organisation, aliases)
    after = {**snapshot(organisation, ORGANISATION_FIELDS), "aliases": _alias_list(organisation)}
    changes = diff(before, after)
    if changes:
        audit_record(actor=by, action="directory.organisation.update", obj=organisation, changes=changes)
    reindex_on_commit(kind="organisation", ids=[organisation.pk])
    if changes.keys() & _NAMES_SHOWN_ELSEWHERE:
        # Search documents of its units and its people carry its names.
        reindex_on_commit(
            kind="organisation", ids=organisation.children.values_list("pk", flat=True)
        )
        reindex_on_commit(
            kind="person", ids=organisation.affiliations.values_list("person_id", flat=True)
        )
    return organisation


@transaction.atomic
def organisation_set_focal_points(*, organisation: Organisation, users: Iterable[Any], by: Any) -> None:
    before = sorted(u.email for u in organisation.focal_points.all())
    organisation.focal_points.set(list(users))
    after = sorted(u.email for u in organisation.focal_points.all())
    if before != after:
        audit_record(
            actor=by,
            action="directory.organisation.focal_points",
            obj=organisation,
            changes={"focal_points": [before, after]},
        )


def _tags(names: Iterable[str]) -> list[Tag]:
    result = []
    for name in dict.fromkeys(clean(n) for n in names):
        if name:
            tag, _created = Tag.objects.get_or_create(name=name)
            result.append(tag)
    return result


def _person_state(person: Person) -> dict[str, Any]:
    return {**snapshot(person, PERSON_FIELDS), "tags": sorted(t.name for t in person.tags.all())}


@transaction.atomic
def person_create(
    *,
    by: Any,
    tags: Iterable[str] = (),
    organisation: Organisation | None = None,
    start_date: dt.date | None = None,
    **fields: Any,
) -> Person:
    check_known(fields, PERSON_FIELDS, "person_create")
    person = Person(**_cleaned(fields))
    if person.contact_consent:
        person.contact_consent_at = timezone.now()
    person.full_clean()
    person.save()
    person.tags.set(_tags(tags))
    if organisation is not None:
        Affiliation.objects.create(
            person=person, organisation=organisation, position=person.position, start_date=start_date
        )
    audit_record(
        actor=by,
        action="directory.person.create",
        obj=person,
        changes={**_person_state(person), "organisation": organisation},
    )
    reindex_on_commit(kind="person", ids=[person.pk])
    return person


@transaction.atomic
def person_update(
    *, person: Person, by: Any, tags: Iterable[str] | None = None, **fields: Any
) -> Person:
    check_known(fields, PERSON_FIELDS, "person_update")
    before = _person_state(person)
    for name, value in _cleaned(fields).items():
        setattr(person, name, value)
    if fields.get("contact_consent") and not before["contact_consent"]:
        person.contact_consent_at = timezone.now()
    elif "contact_consent" in fields and not fields["contact_consent"]:
        person.contact_consent_at = None
    person.full_clean()
    person.save()
    if tags is not None:
        person.tags.set(_tags(tags))
    changes = diff(before, _person_state(person))
    if changes:
        audit_record(actor=by, action="directory.person.update", obj=person, changes=changes)
    reindex_on_commit(kind="person", ids=[person.pk])
    return person


@transaction.atomic
def affiliation_add(
    *,
    person: Person,
    organisation: Organisation,
    by: Any,
    position: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Affiliation:
    affiliation = Affiliation(
        person=person,
        organisation=organisation,
        position=clean(position),
        start_date=start_date,
        end_date=end_date,
    )
    affiliation.full_clean()
    affiliation.save()
    audit_record(
        actor=by,
        action="directory.affiliation.add",
        obj=person,
        changes=snapshot(affiliation, ["organisation_id", "position", "start_date", "end_date"]),
    )
    reindex_on_commit(kind="person", ids=[person.pk])
    return affiliation


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, by: Any, end_date: dt.date) -> Affiliation:
    before = snapshot(affiliation, ["end_date"])
    affiliation.end_date = end_date
    affiliation.full_clean()
    affiliation.save(update_fields=["end_date"])
    audit_record(
        actor=by,
        action="directory.affiliation.end",
        obj=affiliation.person,
        changes={"organisation": affiliation.organisation, **diff(before, snapshot(affiliation, ["end_date"]))},
    )
    reindex_on_commit(kind="person", ids=[affiliation.person_id])
    return affiliation


def _unique_partners(model: type[models.Model], field: str) -> list[list[str]]:
    """For each uniqueness rule of `model` that includes `field`, the other
    fields of the rule (a lab allows one membership per person, ...)."""
    rules: list[tuple[str, ...]] = [tuple(u) for u in model._meta.unique_together]
    rules += [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None
    ]
    return [[f for f in rule if f != field] for rule in rules if field in rule]


def _move_links(keep: models.Model, duplicate: models.Model, *, skip: set[type]) -> dict[str, int]:
    """Point every row of later apps that refers to the duplicate at the record
    kept, found through Django's relation metadata so that apps added later
    (labs, workshops, ...) need no change here. Where the kept record already
    has the same link (both people members of one lab, both organisations
    agencies of one challenge), the duplicate's row is dropped: the kept one
    stands for both."""
    moved: dict[str, int] = {}
    for relation in type(keep)._meta.related_objects:
        model = relation.related_model
        if model in skip or not isinstance(model, type):
            continue
        field = relation.field.name
        label = model._meta.label_lower
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            if accessor:
                for obj in getattr(duplicate, accessor).all():
                    getattr(obj, field).add(keep)
                    getattr(obj, field).remove(duplicate)
        elif relation.one_to_many:
            manager = model._default_manager
            dropped = 0
            for partners in _unique_partners(model, field):
                if not partners:
                    continue
                taken = set(manager.filter(**{field: keep}).values_list(*partners))
                clashing = [
                    pk
                    for pk, *values in manager.filter(**{field: duplicate}).values_list("pk", *partners)
                    if tuple(values) in taken
                ]
                dropped += manager.filter(pk__in=clashing).delete()[1].get(label, 0)
            moved[label] = manager.filter(**{field: duplicate}).update(**{field: keep})
            if dropped:
                moved[f"{label} (already linked, dropped)"] = dropped
    return moved


@transaction.atomic
def organisation_merge(*, keep: Organisation, duplicate: Organisation, by: Any) -> Organisation:
    """Fold a duplicate into the record to keep: every link moves, the
    duplicate's names become aliases, and the duplicate is deleted."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An organisation cannot be merged with itself."))
    # Keeping a unit of the duplicate (at any depth): the unit takes the
    # duplicate's place, or the units in between, moved under it, would be
    # both above and below it.
    lifted = duplicate.pk in _ancestor_ids(keep)
    moved: dict[str, int] = {}
    moved["affiliations"] = Affiliation.objects.filter(organisation=duplicate).update(organisation=keep)
    moved["children"] = Organisation.objects.filter(parent=duplicate).exclude(pk=keep.pk).update(parent=keep)
    if lifted:
        keep.parent = duplicate.parent
    keep.focal_points.add(*duplicate.focal_points.all())
    # Relations added by later apps (labs, workshops, actions) are moved by
    # following every foreign key that points at Organisation.
    moved |= _move_links(keep, duplicate, skip={Affiliation, Organisation, OrganisationAlias, Person})
    names = [(a.name, a.kind) for a in keep.aliases.all()]
    names += [(a.name, a.kind) for a in duplicate.aliases.all()]
    names += [
        (duplicate.name_th, OrganisationAlias.Kind.ALIAS),
        (duplicate.name_en, OrganisationAlias.Kind.ALIAS),
        (duplicate.abbreviation_th, OrganisationAlias.Kind.ABBREVIATION),
        (duplicate.abbreviation_en, OrganisationAlias.Kind.ABBREVIATION),
    ]
    for field in ("name_en", "abbreviation_th", "abbreviation_en", "website"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
            names = [(n, k) for n, k in names if compact(n) != compact(getattr(keep, field))]
    if keep.province_id is None:
        keep.province_id = duplicate.province_id
    keep.save()
    _set_aliases(keep, names)
    audit_record(
        actor=by,
        action="directory.organisation.merge",
        obj=keep,
        changes={"merged": snapshot(duplicate, ORGANISATION_FIELDS) | {"id": duplicate.pk}, "moved": moved},
    )
    duplicate_id = duplicate.pk
    duplicate.delete()
    remove_on_commit(kind="organisation", ids=[duplicate_id])
    reindex_on_commit(kind="organisation", ids=[keep.pk])
    reindex_on_commit(kind="person", ids=list(keep.affiliations.values_list("person_id", flat=True)))
    return keep


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, by: Any) -> Person:
    """Fold a duplicate person into the record to keep; affiliations, tags and
    every other link move; blank fields are filled from the duplicate."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    if keep.user_id and duplicate.user_id:
        raise ValidationError(_("Both people have accounts; merge the accounts first."))
    moved: dict[str, int] = {}
    moved["affiliations"] = Affiliation.objects.filter(person=duplicate).update(person=keep)
    keep.tags.add(*duplicate.tags.all())
    moved |= _move_links(keep, duplicate, skip={Affiliation, Tag})
    for field in PERSON_FIELDS:
        if field != "contact_consent" and not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    user = duplicate.user
    duplicate_state = snapshot(duplicate, PERSON_FIELDS) | {"id": duplicate.pk}
    duplicate_id = duplicate.pk
    duplicate.delete()
    if keep.user_id is None and user is not None:
        keep.user = user
    keep.save()
    audit_record(
        actor=by,
        action="directory.person.merge",
        obj=keep,
        changes={"merged": duplicate_state, "moved": moved},
    )
    remove_on_commit(kind="person", ids=[duplicate_id])
    reindex_on_commit(kind="person", ids=[keep.pk])
    return keep
