"""Writes to labs: labs, their members and invitations, challenges, the
agencies and teams working on them, and their stakeholders.

Each service: keyword-only arguments, one transaction, an audit entry, and
the search index refreshed after commit. Bad input raises a translated
ValidationError and, the transaction rolling back, changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record, diff, snapshot
from directory import services as directory_services
from directory.models import District, Organisation, Person, Province, Tag
from labs.models import (
    Challenge,
    ChallengeAgency,
    ChallengeAttachment,
    Goal,
    Invitation,
    Lab,
    Member,
    Process,
    Role,
    Stage,
    Stakeholder,
    Team,
)
from lib import uploads
from lib.service_fields import check_known, cleaned
from lib.thai.text import clean
from search.services import reindex_on_commit

LAB_FIELDS = (
    "name_th",
    "name_en",
    "kind",
    "purpose",
    "description",
    "start_date",
    "end_date",
    "visibility",
    "process",
)
CHALLENGE_FIELDS = (
    "title_th",
    "title_en",
    "problem",
    "goals",
    "is_national",
    "target_groups",
    "facet",
    "stage",
)
_LAB_TEXT = {"name_th", "name_en"}
_CHALLENGE_TEXT = {"title_th", "title_en"}
# An invitation link works this long after it is sent; sending it again
# gives a new link.
INVITATION_DAYS = 30
GRID_MIN, GRID_MAX = 0, 100


def _names(objects: Iterable[Any]) -> list[str]:
    return sorted(str(o) for o in objects)


def _tags(names: Iterable[str]) -> list[Tag]:
    result = []
    for name in dict.fromkeys(clean(n) for n in names):
        if not name:
            continue
        if len(name) > 100:
            raise ValidationError({"tags": _("A tag can be at most 100 characters long.")})
        tag, _created = Tag.objects.get_or_create(name=name)
        result.append(tag)
    return result


# --- Labs ----------------------------------------------------------------------


def _lab_state(lab: Lab) -> dict[str, Any]:
    return {**snapshot(lab, [*LAB_FIELDS[:-1], "process_id"]), "hosts": _names(lab.hosts.all())}


def _check_process(lab: Lab) -> None:
    process = lab.process
    if process.lab_id is not None and process.lab_id != lab.pk:
        raise ValidationError({"process": _("This design process belongs to another lab.")})


def person_for_user(*, user: Any, by: Any) -> Person:
    """The directory person linked to an account, created from the account
    when there is none: a lab's lead and members are people."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    name = clean(user.display_name) or user.email.split("@")[0]
    first, _sep, last = name.partition(" ")
    thai = not first.isascii()
    person = directory_services.person_create(
        by=by,
        first_name_th=first if thai else "",
        last_name_th=last if thai else "",
        first_name_en="" if thai else first,
        last_name_en="" if thai else last,
        email=user.email,
    )
    _link_account(person=person, user=user, by=by)
    return person


def _link_account(*, person: Person, user: Any, by: Any) -> None:
    Person.objects.filter(pk=person.pk).update(user=user)
    person.user = user
    audit_record(
        actor=by, action="directory.person.link_account", obj=person, changes={"user": user.email}
    )


@transaction.atomic
def lab_create(
    *,
    by: Any,
    name_th: str,
    hosts: Iterable[Organisation] = (),
    process: Process | None = None,
    lead: Person | None = None,
    **fields: Any,
) -> Lab:
    """A new lab. Its lead is `lead`, or else the person of the account
    that creates it, so that whoever sets a lab up can run it."""
    check_known(fields, LAB_FIELDS, "lab_create")
    if process is None:
        process = Process.objects.get(key="double-diamond")
    lab = Lab(**cleaned({"name_th": name_th, "process": process, **fields}, _LAB_TEXT))
    lab.full_clean()
    _check_process(lab)
    lab.save()
    lab.hosts.set(list(hosts))
    audit_record(actor=by, action="labs.lab.create", obj=lab, changes=_lab_state(lab))
    if lead is None and getattr(by, "is_authenticated", False):
        lead = person_for_user(user=by, by=by)
    if lead is not None:
        organisation = next(iter(lab.hosts.all()), None)
        member_add(lab=lab, by=by, person=lead, role=Role.LEAD, organisation=organisation)
    reindex_on_commit(kind="lab", ids=[lab.pk])
    return lab


@transaction.atomic
def lab_update(
    *, lab: Lab, by: Any, hosts: Iterable[Organisation] | None = None, **fields: Any
) -> Lab:
    check_known(fields, LAB_FIELDS, "lab_update")
    before = _lab_state(lab)
    old_process = lab.process_id
    for name, value in cleaned(fields, _LAB_TEXT).items():
        setattr(lab, name, value)
    lab.full_clean()
    _check_process(lab)
    if lab.process_id != old_process and lab.challenges.exclude(stage__process=lab.process).exists():
        raise ValidationError(
            {"process": _("Challenges of this lab are at stages of its current process; move them first.")}
        )
    lab.save()
    if hosts is not None:
        lab.hosts.set(list(hosts))
    changes = diff(before, _lab_state(lab))
    if changes:
        audit_record(actor=by, action="labs.lab.update", obj=lab, changes=changes)
    reindex_on_commit(kind="lab", ids=[lab.pk])
    # Challenges carry their lab's visibility in the index.
    reindex_on_commit(kind="challenge", ids=lab.challenges.values_list("pk", flat=True))
    return lab


# --- Members -------------------------------------------------------------------


def _member_state(member: Member) -> dict[str, Any]:
    return {
        "person": str(member.person),
        "role": member.role,
        "organisation": str(member.organisation) if member.organisation_id else None,
        "tags": sorted(t.name for t in member.tags.all()),
    }


def _current_organisation(person: Person) -> Organisation | None:
    affiliation = next(iter(person.current_affiliations()), None)
    return affiliation.organisation if affiliation else None


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})


def _keeps_a_lead(member: Member) -> None:
    """A lab with a lead keeps one: someone must be able to manage it."""
    if member.role == Role.LEAD and not member.lab.members.filter(role=Role.LEAD).exclude(pk=member.pk).exists():
        raise ValidationError(_("A lab needs at least one lead; name another lead first."))


@transaction.atomic
def member_add(
    *,
    lab: Lab,
    by: Any,
    person: Person | None = None,
    new_person: Mapping[str, Any] | None = None,
    organisation: Organisation | None = None,
    role: str = Role.PARTICIPANT,
    tags: Iterable[str] = (),
) -> Member:
    """Add a person already in the directory, or — with `new_person`, the
    fields of directory.services.person_create — someone new, created on the
    way in `organisation`."""
    _check_role(role)
    if (person is None) == (new_person is None):
        raise TypeError("member_add takes either person or new_person")
    if person is None:
        assert new_person is not None
        person = directory_services.person_create(by=by, organisation=organisation, **new_person)
    elif lab.members.filter(person=person).exists():
        raise ValidationError({"person": _("%(name)s is already a member of this lab.") % {"name": person}})
    if organisation is None:
        organisation = _current_organisation(person)
    member = Member.objects.create(lab=lab, person=person, organisation=organisation, role=role)
    member.tags.set(_tags(tags))
    audit_record(actor=by, action="labs.member.add", obj=lab, changes=_member_state(member))
    return member


_UNCHANGED: Any = object()


@transaction.atomic
def member_update(
    *,
    member: Member,
    by: Any,
    role: str | None = None,
    organisation: Organisation | None = _UNCHANGED,
    tags: Iterable[str] | None = None,
) -> Member:
    before = _member_state(member)
    if role is not None and role != member.role:
        _check_role(role)
        _keeps_a_lead(member)
        member.role = role
    if organisation is not _UNCHANGED:
        member.organisation = organisation
    member.save()
    if tags is not None:
        member.tags.set(_tags(tags))
    changes = diff(before, _member_state(member))
    if changes:
        audit_record(
            actor=by,
            action="labs.member.update",
            obj=member.lab,
            changes={"person": str(member.person), **changes},
        )
    return member


@transaction.atomic
def member_remove(*, member: Member, by: Any) -> None:
    _keeps_a_lead(member)
    lab = member.lab
    state = _member_state(member)
    member.delete()
    audit_record(actor=by, action="labs.member.remove", obj=lab, changes=state)


# --- Invitations -------------------------------------------------------------------


def token_digest(token: str) -> str:
    """Invitations store a digest of their token, as passwords are stored:
    the link in the e-mail is the only copy of the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_is_open(invitation: Invitation) -> bool:
    if invitation.accepted_at is not None:
        return False
    return invitation.sent_at >= timezone.now() - dt.timedelta(days=INVITATION_DAYS)


def _invitee_language(email: str, language: str | None) -> str:
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None and user.language in dict(settings.LANGUAGES):
        return str(user.language)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def invitation_send(
    *,
    lab: Lab,
    by: Any,
    email: str,
    person: Person | None = None,
    new_person: Mapping[str, Any] | None = None,
    organisation: Organisation | None = None,
    role: str = Role.PARTICIPANT,
    tags: Iterable[str] = (),
    language: str | None = None,
) -> tuple[Invitation, str]:
    """Invite someone by e-mail to join the lab, in their own language (their
    account's, else `language`). The person is `person`, else the one person
    in the directory with that e-mail address, else created from
    `new_person`. Sending again to a member who has not accepted renews the
    link. Returns the invitation and its token (for the link)."""
    email = email.strip().lower()
    if person is None:
        found = list(Person.objects.filter(email__iexact=email)[:2])
        if len(found) == 1:
            person = found[0]
        elif new_person is None:
            raise ValidationError(
                {"first_name_th": _("Nobody in the directory has this e-mail address; give the person's name.")}
            )
    member = None if person is None else lab.members.filter(person=person).first()
    if member is None:
        if person is not None:
            member = member_add(lab=lab, by=by, person=person, organisation=organisation, role=role, tags=tags)
        else:
            assert new_person is not None
            member = member_add(
                lab=lab,
                by=by,
                new_person={**new_person, "email": email},
                organisation=organisation,
                role=role,
                tags=tags,
            )
    if Invitation.objects.filter(member=member, accepted_at__isnull=False).exists():
        raise ValidationError({"email": _("%(name)s has already joined this lab.") % {"name": member.person}})
    token = secrets.token_urlsafe(32)
    invitation, _created = Invitation.objects.update_or_create(
        member=member,
        defaults={
            "lab": lab,
            "email": email,
            "token": token_digest(token),
            "invited_by": by if getattr(by, "is_authenticated", False) else None,
            "sent_at": timezone.now(),
            "accepted_at": None,
        },
    )
    invitation.full_clean()
    link = settings.SITE_URL.rstrip("/") + reverse("labs:invitation_accept", args=[token])
    with translation.override(_invitee_language(email, language)):
        context = {
            "lab": lab,
            "member": member,
            "link": link,
            "inviter": str(by) if getattr(by, "is_authenticated", False) else "",
            "days": INVITATION_DAYS,
        }
        subject = " ".join(render_to_string("labs/email/invitation_subject.txt", context).split())
        body = render_to_string("labs/email/invitation_body.txt", context)
    # Sent inside the transaction: if the mail server refuses it, no
    # invitation is recorded that nobody received.
    send_mail(subject, body, None, [email], fail_silently=False)
    audit_record(
        actor=by,
        action="labs.invitation.send",
        obj=lab,
        changes={"email": email, "person": str(member.person), "role": member.role},
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("lab", "member__person__user")
        .filter(token=token_digest(token))
        .first()
    )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: Any = None, password: str | None = None
) -> Any:
    """Accept an invitation as the signed-in `user`, or — signed out — by
    creating an account for the invited address with `password`. The
    invited person is linked to the account. Returns the account."""
    invitation = Invitation.objects.select_for_update().select_related("member__person", "lab").get(pk=invitation.pk)
    if not invitation_is_open(invitation):
        raise ValidationError(_("This invitation has been used or has expired. Ask the lab for a new one."))
    member = invitation.member
    person = member.person
    User = get_user_model()
    if user is None or not user.is_authenticated:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this e-mail address exists already; sign in to accept the invitation.")
            )
        if not password:
            raise ValidationError({"password": _("Choose a password.")})
        candidate = User(email=invitation.email, display_name=person.name)
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            display_name=person.name,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit_record(actor=user, action="accounts.user.create", obj=user, changes={"email": user.email, "via": "lab invitation"})
    own = Person.objects.filter(user=user).first()
    if own is None and person.user_id is None:
        _link_account(person=person, user=user, by=user)
    elif own is None or own.pk != person.pk:
        if person.user_id is not None and person.user_id != user.pk:
            raise ValidationError(_("This invitation was for someone else's account."))
        # The account already belongs to a person in the directory: the
        # membership moves to them rather than linking a second person.
        assert own is not None
        if invitation.lab.members.filter(person=own).exclude(pk=member.pk).exists():
            raise ValidationError(_("You are already a member of this lab."))
        member.person = own
        member.save(update_fields=["person"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="labs.invitation.accept",
        obj=invitation.lab,
        changes={"email": invitation.email, "person": str(member.person)},
    )
    return user


# --- Challenges ------------------------------------------------------------------


def _challenge_state(challenge: Challenge) -> dict[str, Any]:
    return {
        **snapshot(challenge, [*CHALLENGE_FIELDS[:-2], "facet_id", "stage_id"]),
        "provinces": _names(challenge.provinces.all()),
        "districts": _names(challenge.districts.all()),
        "sdgs": sorted(g.number for g in challenge.sdgs.all()),
    }


def _check_challenge(
    challenge: Challenge, provinces: Sequence[Province] | None, districts: Sequence[District] | None
) -> None:
    errors: dict[str, str] = {}
    if challenge.stage.process_id != challenge.lab.process_id:
        errors["stage"] = _("Choose a stage of this lab's design process.")
    if challenge.is_national and (provinces or districts):
        errors["is_national"] = _("A national challenge names no provinces or districts.")
    if errors:
        raise ValidationError(errors)


def _set_area(
    challenge: Challenge,
    provinces: Sequence[Province] | None,
    districts: Sequence[District] | None,
    sdgs: Iterable[Goal] | None,
) -> None:
    if provinces is not None:
        challenge.provinces.set(provinces)
    if districts is not None:
        challenge.districts.set(districts)
        # A district names its province too, so that filters by province find it.
        challenge.provinces.add(*{d.province_id for d in districts})
    if sdgs is not None:
        challenge.sdgs.set(list(sdgs))


@transaction.atomic
def challenge_create(
    *,
    lab: Lab,
    by: Any,
    title_th: str,
    stage: Stage | None = None,
    provinces: Sequence[Province] = (),
    districts: Sequence[District] = (),
    sdgs: Iterable[Goal] = (),
    **fields: Any,
) -> Challenge:
    check_known(fields, CHALLENGE_FIELDS, "challenge_create")
    if stage is None:
        stage = lab.process.stages.order_by("order").first()
        if stage is None:
            raise ValidationError({"stage": _("This lab's design process has no stages yet.")})
    challenge = Challenge(lab=lab, stage=stage, **cleaned({"title_th": title_th, **fields}, _CHALLENGE_TEXT))
    challenge.full_clean()
    _check_challenge(challenge, provinces, districts)
    challenge.save()
    _set_area(challenge, provinces, districts, sdgs)
    audit_record(actor=by, action="labs.challenge.create", obj=challenge, changes=_challenge_state(challenge))
    reindex_on_commit(kind="challenge", ids=[challenge.pk])
    return challenge


@transaction.atomic
def challenge_update(
    *,
    challenge: Challenge,
    by: Any,
    provinces: Sequence[Province] | None = None,
    districts: Sequence[District] | None = None,
    sdgs: Iterable[Goal] | None = None,
    **fields: Any,
) -> Challenge:
    check_known(fields, CHALLENGE_FIELDS, "challenge_update")
    before = _challenge_state(challenge)
    for name, value in cleaned(fields, _CHALLENGE_TEXT).items():
        setattr(challenge, name, value)
    challenge.full_clean()
    _check_challenge(
        challenge,
        provinces if provinces is not None else list(challenge.provinces.all()),
        districts if districts is not None else list(challenge.districts.all()),
    )
    challenge.save()
    _set_area(challenge, provinces, districts, sdgs)
    changes = diff(before, _challenge_state(challenge))
    if changes:
        audit_record(actor=by, action="labs.challenge.update", obj=challenge, changes=changes)
    reindex_on_commit(kind="challenge", ids=[challenge.pk])
    return challenge


@transaction.atomic
def challenge_set_agencies(
    *, challenge: Challenge, by: Any, agencies: Sequence[tuple[Organisation, str]]
) -> list[ChallengeAgency]:
    """Replace the agencies involved: (organisation, role) pairs."""
    seen: set[int] = set()
    for organisation, role in agencies:
        if role not in ChallengeAgency.Role.values:
            raise ValidationError({"agencies": _("Choose lead, supporting or partner for each agency.")})
        if organisation.pk in seen:
            raise ValidationError(
                {"agencies": _("%(name)s is listed twice; give each agency one role.") % {"name": organisation}}
            )
        seen.add(organisation.pk)
    before = sorted(f"{a.organisation} ({a.role})" for a in challenge.agencies.select_related("organisation"))
    challenge.agencies.all().delete()
    rows = ChallengeAgency.objects.bulk_create(
        ChallengeAgency(challenge=challenge, organisation=organisation, role=role)
        for organisation, role in agencies
    )
    after = sorted(f"{o} ({r})" for o, r in agencies)
    if before != after:
        audit_record(
            actor=by, action="labs.challenge.agencies", obj=challenge, changes={"agencies": [before, after]}
        )
    reindex_on_commit(kind="challenge", ids=[challenge.pk])
    return rows


# --- Teams -------------------------------------------------------------------------


def _check_team_members(challenge: Challenge, members: Sequence[Member]) -> None:
    strangers = [m for m in members if m.lab_id != challenge.lab_id]
    if strangers:
        raise ValidationError(
            {"members": _("Only members of this lab can be in its teams: %(names)s is not.")
             % {"names": ", ".join(str(m.person) for m in strangers)}}
        )


def _team_state(team: Team) -> dict[str, Any]:
    return {"name": team.name, "members": _names(m.person for m in team.members.select_related("person"))}


@transaction.atomic
def team_create(*, challenge: Challenge, by: Any, name: str, members: Iterable[Member] = ()) -> Team:
    members = list(members)
    _check_team_members(challenge, members)
    team = Team(challenge=challenge, name=clean(name))
    team.full_clean()
    team.save()
    team.members.set(members)
    audit_record(actor=by, action="labs.team.create", obj=challenge, changes=_team_state(team))
    return team


@transaction.atomic
def team_update(
    *, team: Team, by: Any, name: str | None = None, members: Iterable[Member] | None = None
) -> Team:
    before = _team_state(team)
    if name is not None:
        team.name = clean(name)
    team.full_clean()
    if members is not None:
        members = list(members)
        _check_team_members(team.challenge, members)
    team.save()
    if members is not None:
        team.members.set(members)
    changes = diff(before, _team_state(team))
    if changes:
        audit_record(
            actor=by, action="labs.team.update", obj=team.challenge, changes={"team": team.name, **changes}
        )
    return team


@transaction.atomic
def team_remove(*, team: Team, by: Any) -> None:
    challenge = team.challenge
    state = _team_state(team)
    team.delete()
    audit_record(actor=by, action="labs.team.remove", obj=challenge, changes=state)


# --- Stakeholders ------------------------------------------------------------------


def _check_position(power: Any, interest: Any) -> None:
    errors = {}
    for field, value in (("power", power), ("interest", interest)):
        if not isinstance(value, int) or isinstance(value, bool) or not GRID_MIN <= value <= GRID_MAX:
            errors[field] = _("Give a whole number from 0 to 100.")
    if errors:
        raise ValidationError(errors)


def _stakeholder_state(stakeholder: Stakeholder) -> dict[str, Any]:
    return {
        "stakeholder": stakeholder.label,
        "power": stakeholder.power,
        "interest": stakeholder.interest,
        "notes": stakeholder.notes,
    }


@transaction.atomic
def stakeholder_add(
    *,
    challenge: Challenge,
    by: Any,
    organisation: Organisation | None = None,
    person: Person | None = None,
    group_name: str = "",
    power: int = 50,
    interest: int = 50,
    notes: str = "",
) -> Stakeholder:
    """A stakeholder is exactly one of: an organisation, a person, a named group."""
    group_name = clean(group_name)
    if sum(1 for named in (organisation, person, group_name) if named) != 1:
        raise ValidationError(_("Name one stakeholder: an organisation, a person or a group."))
    _check_position(power, interest)
    duplicate = challenge.stakeholders.filter(
        organisation=organisation, person=person, group_name=group_name
    ).exists()
    if duplicate:
        raise ValidationError(_("This stakeholder is already on the grid."))
    stakeholder = Stakeholder(
        challenge=challenge,
        organisation=organisation,
        person=person,
        group_name=group_name,
        power=power,
        interest=interest,
        notes=notes.strip(),
    )
    stakeholder.full_clean()
    stakeholder.save()
    audit_record(
        actor=by, action="labs.stakeholder.add", obj=challenge, changes=_stakeholder_state(stakeholder)
    )
    return stakeholder


@transaction.atomic
def stakeholder_move(
    *, stakeholder: Stakeholder, by: Any, power: int, interest: int, notes: str | None = None
) -> Stakeholder:
    """Place a stakeholder on the power/interest grid (a drag, or the numbers)."""
    _check_position(power, interest)
    before = _stakeholder_state(stakeholder)
    stakeholder.power, stakeholder.interest = power, interest
    if notes is not None:
        stakeholder.notes = notes.strip()
    stakeholder.full_clean()
    stakeholder.save(update_fields=["power", "interest", "notes"])
    changes = diff(before, _stakeholder_state(stakeholder))
    if changes:
        audit_record(
            actor=by,
            action="labs.stakeholder.move",
            obj=stakeholder.challenge,
            changes={"stakeholder": stakeholder.label, **changes},
        )
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder, by: Any) -> None:
    challenge = stakeholder.challenge
    state = _stakeholder_state(stakeholder)
    stakeholder.delete()
    audit_record(actor=by, action="labs.stakeholder.remove", obj=challenge, changes=state)


# --- Attachments -------------------------------------------------------------------

ATTACHMENT_TITLE_MAX = 300


def attachment_add(
    *, challenge: Challenge, upload: Any, by: Any, title: str = ""
) -> ChallengeAttachment:
    """Attach an uploaded document or photo to a challenge (a Django
    UploadedFile or any file object with `name`, `size` and `read`).

    The file is judged by its content (lib/uploads.py): a PDF or Office
    document, or a JPEG, PNG or WebP image, at most SAPHAN_UPLOAD_MAX_BYTES.
    Raises ValidationError, storing nothing, for a file too large, empty, of
    a type not allowed, or a title too long; a failure after the file is
    written removes it again.
    """
    title = clean(title or "")
    if len(title) > ATTACHMENT_TITLE_MAX:
        raise ValidationError(
            {
                "title": _("A title can be at most %(max)d characters long.")
                % {"max": ATTACHMENT_TITLE_MAX}
            }
        )
    data = uploads.read_upload(upload)
    kind, checked = uploads.identify_upload(data=data)
    name = uploads.stored_name(getattr(upload, "name", "") or "", checked.extension)
    attachment = ChallengeAttachment(
        challenge=challenge,
        kind=kind,
        title=title,
        content_type=checked.content_type,
        size=len(data),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    with uploads.removed_on_failure() as written, transaction.atomic():
        attachment.file.save(name, ContentFile(data), save=False)
        written.append(str(attachment.file.name))
        attachment.full_clean(exclude=["challenge", "uploaded_by"])
        attachment.save()
        audit_record(
            actor=by,
            action="labs.attachment.add",
            obj=challenge,
            changes={
                "attachment": attachment.pk,
                "file": attachment.file.name,
                "title": title,
                "kind": kind,
                "content_type": checked.content_type,
                "size": attachment.size,
            },
        )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: ChallengeAttachment, by: Any) -> None:
    """Delete an attachment's row, and its file once that is committed (a
    removal that rolls back keeps the file its row points to)."""
    name = str(attachment.file.name or "")
    audit_record(
        actor=by,
        action="labs.attachment.remove",
        obj=attachment.challenge,
        changes={"attachment": attachment.pk, "file": name, "title": attachment.title},
    )
    attachment.delete()
    uploads.delete_on_commit([name])
