"""Writes to a lab's communities of practice and training curricula.

Each service: keyword-only arguments, one transaction, an audit entry. Bad
input raises a translated ValidationError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actions.models import Community, Curriculum, CurriculumModule
from audit.services import audit_record, diff, snapshot
from directory.models import Organisation, Person
from labs.models import Lab
from lib.service_fields import check_known, cleaned

COMMUNITY_FIELDS = ("name", "purpose", "meets")
CURRICULUM_FIELDS = ("title", "audience", "description")
_COMMUNITY_STATE = ["name", "purpose", "meets"]
_CURRICULUM_STATE = ["title", "audience", "description"]
_MODULE_STATE = ["title", "order", "needs", "objectives", "hours"]


# --- Communities of practice -------------------------------------------------------


def _community_state(community: Community) -> dict[str, Any]:
    state = snapshot(community, _COMMUNITY_STATE)
    if community.pk:
        state["members"] = sorted(community.members.values_list("pk", flat=True))
        state["organisations"] = sorted(community.organisations.values_list("pk", flat=True))
    return state


def _check_community(community: Community) -> None:
    if not community.name:
        raise ValidationError({"name": _("Give the community a name.")})
    community.full_clean(exclude=["lab", "members", "organisations"])


@transaction.atomic
def community_create(
    *,
    lab: Lab,
    by: Any,
    members: Iterable[Person] = (),
    organisations: Iterable[Organisation] = (),
    **fields: Any,
) -> Community:
    check_known(fields, COMMUNITY_FIELDS, "community_create")
    community = Community(lab=lab, **cleaned(fields, COMMUNITY_FIELDS))
    _check_community(community)
    community.save()
    community.members.set(list(members))
    community.organisations.set(list(organisations))
    audit_record(
        actor=by,
        action="actions.community.create",
        obj=community,
        changes={"lab": lab.pk, **_community_state(community)},
    )
    return community


@transaction.atomic
def community_update(
    *,
    community: Community,
    by: Any,
    members: Iterable[Person] | None = None,
    organisations: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Community:
    """Change a community; `members`/`organisations` replace the lists when given."""
    check_known(fields, COMMUNITY_FIELDS, "community_update")
    before = _community_state(community)
    for name, value in cleaned(fields, COMMUNITY_FIELDS).items():
        setattr(community, name, value)
    _check_community(community)
    community.save()
    if members is not None:
        community.members.set(list(members))
    if organisations is not None:
        community.organisations.set(list(organisations))
    changes = diff(before, _community_state(community))
    if changes:
        audit_record(actor=by, action="actions.community.update", obj=community, changes=changes)
    return community


@transaction.atomic
def community_member_add(
    *,
    community: Community,
    by: Any,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Add a person or an organisation (or both at once) to a community."""
    if person is None and organisation is None:
        raise ValidationError(_("Name a person or an organisation."))
    if person is not None:
        if community.members.filter(pk=person.pk).exists():
            raise ValidationError({"person": _("This person is already a member.")})
        community.members.add(person)
    if organisation is not None:
        if community.organisations.filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": _("This organisation is already a member.")})
        community.organisations.add(organisation)
    audit_record(
        actor=by,
        action="actions.community.member_add",
        obj=community,
        changes={
            "person": person.pk if person else None,
            "organisation": organisation.pk if organisation else None,
        },
    )


@transaction.atomic
def community_member_remove(
    *,
    community: Community,
    by: Any,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> None:
    if person is not None:
        community.members.remove(person)
    if organisation is not None:
        community.organisations.remove(organisation)
    audit_record(
        actor=by,
        action="actions.community.member_remove",
        obj=community,
        changes={
            "person": person.pk if person else None,
            "organisation": organisation.pk if organisation else None,
        },
    )


@transaction.atomic
def community_delete(*, community: Community, by: Any) -> None:
    audit_record(
        actor=by,
        action="actions.community.delete",
        obj=community,
        changes={"lab": community.lab_id, **_community_state(community)},
    )
    community.delete()


# --- Training curricula -------------------------------------------------------------


def _check_curriculum(curriculum: Curriculum) -> None:
    if not curriculum.title:
        raise ValidationError({"title": _("Give the curriculum a title.")})
    curriculum.full_clean(exclude=["lab"])


@transaction.atomic
def curriculum_create(*, lab: Lab, by: Any, **fields: Any) -> Curriculum:
    check_known(fields, CURRICULUM_FIELDS, "curriculum_create")
    curriculum = Curriculum(lab=lab, **cleaned(fields, CURRICULUM_FIELDS))
    _check_curriculum(curriculum)
    curriculum.save()
    audit_record(
        actor=by,
        action="actions.curriculum.create",
        obj=curriculum,
        changes={"lab": lab.pk, **snapshot(curriculum, _CURRICULUM_STATE)},
    )
    return curriculum


@transaction.atomic
def curriculum_update(*, curriculum: Curriculum, by: Any, **fields: Any) -> Curriculum:
    check_known(fields, CURRICULUM_FIELDS, "curriculum_update")
    before = snapshot(curriculum, _CURRICULUM_STATE)
    for name, value in cleaned(fields, CURRICULUM_FIELDS).items():
        setattr(curriculum, name, value)
    _check_curriculum(curriculum)
    curriculum.save()
    changes = diff(before, snapshot(curriculum, _CURRICULUM_STATE))
    if changes:
        audit_record(actor=by, action="actions.curriculum.update", obj=curriculum, changes=changes)
    return curriculum


@transaction.atomic
def curriculum_delete(*, curriculum: Curriculum, by: Any) -> None:
    audit_record(
        actor=by,
        action="actions.curriculum.delete",
        obj=curriculum,
        changes={"lab": curriculum.lab_id, "title": curriculum.title},
    )
    curriculum.delete()


def _module_state(module: CurriculumModule) -> dict[str, Any]:
    state = snapshot(module, _MODULE_STATE)
    if module.pk:
        state["designed_with"] = sorted(module.designed_with.values_list("pk", flat=True))
    return state


@transaction.atomic
def module_save(
    *,
    curriculum: Curriculum,
    by: Any,
    module: CurriculumModule | None = None,
    title: str,
    order: int | None = None,
    needs: str = "",
    objectives: str = "",
    hours: Decimal | None = None,
    designed_with: Iterable[Person] = (),
) -> CurriculumModule:
    """Add a module (at the end unless `order` says where) or change one."""
    values = cleaned(
        {"title": title, "needs": needs, "objectives": objectives},
        {"title", "needs", "objectives"},
    )
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Name the module.")
    if hours is not None and hours <= 0:
        errors["hours"] = _("Give the hours as a number above zero.")
    if errors:
        raise ValidationError(errors)
    if module is None:
        module = CurriculumModule(curriculum=curriculum)
        if order is None:
            order = curriculum.modules.count() + 1
    elif module.curriculum_id != curriculum.pk:
        raise ValidationError(_("This module belongs to another curriculum."))
    before = _module_state(module)
    module.title, module.needs, module.objectives = (
        values["title"],
        values["needs"],
        values["objectives"],
    )
    module.hours = hours
    if order is not None:
        module.order = order
    module.full_clean(exclude=["curriculum", "designed_with"])
    module.save()
    module.designed_with.set(list(designed_with))
    audit_record(
        actor=by,
        action="actions.curriculum.module_save",
        obj=curriculum,
        changes={"module": module.pk, **diff(before, _module_state(module))},
    )
    return module


@transaction.atomic
def module_delete(*, module: CurriculumModule, by: Any) -> None:
    audit_record(
        actor=by,
        action="actions.curriculum.module_delete",
        obj=module.curriculum,
        changes={"module": module.title},
    )
    module.delete()
