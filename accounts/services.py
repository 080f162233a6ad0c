"""Writes to accounts: profile preferences, personal API tokens, and the
PDPA rights of a user over their own data (export, erasure).

Each service is keyword-only, runs in one transaction and records an audit
entry; views, the API and commands all call these, never .save() themselves.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import personal_data
from accounts.models import ApiToken, User
from accounts.selectors import person_for_user, personal_data_for_user
from audit.models import AuditEntry
from audit.services import audit_record, diff, snapshot
from directory.models import Organisation, Person
from directory.services import organisation_set_focal_points, person_update

PROFILE_FIELDS = ("display_name", "language", "time_zone")
TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


def _valid_time_zone(name: str) -> bool:
    # available_timezones() reads the tz database from disk each call; a direct
    # lookup is cheaper and accepts exactly the same names.
    if not name or name != name.strip():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _clean_profile(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"user_update_profile got unknown fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "display_name" in fields:
        name = " ".join(str(fields["display_name"] or "").split())
        if len(name) > User._meta.get_field("display_name").max_length:  # type: ignore[operator]
            errors["display_name"] = _("The display name is too long.")
        cleaned["display_name"] = name
    if "language" in fields:
        language = str(fields["language"] or "")
        if language not in dict(settings.LANGUAGES):
            errors["language"] = _("Choose Thai or English.")
        cleaned["language"] = language
    if "time_zone" in fields:
        zone = str(fields["time_zone"] or "")
        if not _valid_time_zone(zone):
            errors["time_zone"] = _("“%(zone)s” is not a known time zone.") % {"zone": zone}
        cleaned["time_zone"] = zone
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def user_update_profile(*, user: User, by: Any, **fields: Any) -> User:
    """Change a user's display name, language or time zone.

    Bad input raises ValidationError (per field) and changes nothing.
    """
    cleaned = _clean_profile(fields)
    before = snapshot(user, PROFILE_FIELDS)
    for name, value in cleaned.items():
        setattr(user, name, value)
    after = snapshot(user, PROFILE_FIELDS)
    changes = diff(before, after)
    if changes:
        user.save(update_fields=list(changes))
        audit_record(actor=by, action="accounts.user.update_profile", obj=user, changes=changes)
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, by: Any) -> tuple[ApiToken, str]:
    """A new personal API token. Returns the token and its key; the key is
    not stored (only its hash), so this is the only time anyone sees it."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you know later what uses it.")})
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationError({"name": _("The name is too long.")})
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot have API tokens."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
    )
    # The key itself never goes into the audit log.
    audit_record(
        actor=by,
        action="accounts.api_token.create",
        obj=token,
        changes={"name": [None, name], "prefix": [None, token.prefix]},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """Revoke a token; from now on requests that carry it are refused.
    Revoking twice is harmless and records nothing the second time."""
    # Lock the row so two revocations at once record one entry.
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            action="accounts.api_token.revoke",
            obj=current,
            changes={"revoked_at": [None, current.revoked_at]},
        )
    token.revoked_at = current.revoked_at
    return token


@transaction.atomic
def user_set_password(*, user: User, password: str, by: Any, via: str) -> User:
    """Set a new password (already validated by the form). `via` says how:
    "change" (signed in) or "reset" (e-mailed link). The hash is never audited."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=by, action="accounts.user.set_password", obj=user, changes={"via": via})
    return user


@transaction.atomic
def personal_data_export(*, user: User, by: Any) -> dict[str, Any]:
    """Everything Saphan holds about `user` (accounts.selectors), with an
    audit entry saying it was handed out: a copy of personal data leaving
    the platform is itself worth a record."""
    data = personal_data_for_user(user)
    audit_record(
        actor=by,
        action="accounts.personal_data.export",
        obj=user,
        changes={
            "api_tokens": len(data["api_tokens"]),
            "audit_entries": len(data["audit_entries"]),
            "directory_person": data["directory_person"] is not None,
        },
    )
    return data


def erased_label(user: User) -> str:
    """What the audit log says instead of an erased user's e-mail address."""
    return f"erased user #{user.pk}"


ERASED_VALUE = "(erased)"


def _scrub(value: Any, pattern: re.Pattern[str], replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda match: replace(match.group(0)), value)
    if isinstance(value, list):
        return [_scrub(v, pattern, replace) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, replace) for k, v in value.items()}
    return value


def _scrub_audit_log(*, user: User, email: str, person: Person | None, contact: list[str]) -> int:
    """Keep the entries (accountability), drop the erased values from them:
    the actor label, the account's name as an object, and values inside
    `changes` (focal-point lists name users by e-mail; person updates carry
    the old contact details). Returns the number of entries rewritten."""
    label = erased_label(user)
    AuditEntry.objects.filter(Q(actor_id=user.pk) | Q(actor_label__iexact=email)).update(
        actor_label=label
    )
    user_type = ContentType.objects.get_for_model(User)
    AuditEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=label
    )
    # Django admin keeps its own history, naming the account by str(user).
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=label
    )

    # E-mail addresses are distinctive, so they are replaced wherever they
    # appear; a phone number may be a short string that other entries contain
    # by chance, so it is replaced only as a whole value in the person's own
    # entries.
    emails = {email.casefold(): label}
    phones: set[str] = set()
    for value in contact:
        if "@" in value:
            emails.setdefault(value.casefold(), ERASED_VALUE)
        elif value:
            phones.add(value)
    email_pattern = re.compile("|".join(re.escape(e) for e in emails), re.IGNORECASE)
    phone_pattern = re.compile("|".join(rf"\A{re.escape(p)}\Z" for p in phones) or r"(?!)")

    # The JSON as text, so one query finds the few entries to rewrite on
    # SQLite and PostgreSQL alike; the exact replacement happens in Python.
    wanted = Q()
    for value in emails:
        wanted |= Q(changes_text__icontains=value)
    person_key = None
    if person is not None and phones:
        person_key = (ContentType.objects.get_for_model(Person).pk, str(person.pk))
        person_entries = Q(content_type_id=person_key[0], object_id=person_key[1])
        for value in phones:
            wanted |= person_entries & Q(changes_text__contains=value)
    candidates = AuditEntry.objects.annotate(changes_text=Cast("changes", TextField())).filter(
        wanted
    )
    rewritten = []
    for entry in candidates:
        changes = _scrub(entry.changes, email_pattern, lambda found: emails[found.casefold()])
        if (entry.content_type_id, entry.object_id) == person_key:
            changes = _scrub(changes, phone_pattern, lambda _found: ERASED_VALUE)
        if changes != entry.changes:
            entry.changes = changes
            rewritten.append(entry)
    AuditEntry.objects.bulk_update(rewritten, ["changes"], batch_size=500)
    return len(rewritten)


@transaction.atomic
def user_erase(*, user: User, by: Any) -> User:
    """Erase an account (PDPA right to erasure, section 33).

    Erased: the e-mail address (replaced by an address that cannot receive
    mail), the names, the password (made unusable), the API tokens, the
    focal-point roles, the contact details and consent of the linked
    directory person, and the link itself. Kept: the user row, inactive, so
    that what the account did stays attributable to "erased user #<id>"
    in the audit log; and the directory person's name, position and
    affiliations, which are the organisations' directory data, not the
    account's.

    Every session of the user ends: the password hash changes (Django
    checks it on each request) and an inactive user is not authenticated.
    The caller also signs the current request out.

    Raises ValidationError, changing nothing, when the user is the last
    active administrator: the platform would be left without one.
    """
    # Lock every active administrator row, so two administrators erasing
    # themselves at once cannot both see the other one still there.
    administrators = list(
        User.objects.select_for_update()
        .filter(is_superuser=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if administrators == [user.pk]:
        raise ValidationError(
            _(
                "You are the last active administrator. Make another account an administrator "
                "before you erase this one."
            )
        )

    email = user.email
    person = person_for_user(user)
    contact: list[str] = []
    personal_data.erase(user, person)
    if person is not None:
        contact = [person.email, person.phone]
        person_update(person=person, by=by, email="", phone="", contact_consent=False)
        person.user = None
        person.save(update_fields=["user", "updated_at"])

    tokens_deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    focal_point_of = list(
        Organisation.objects.filter(focal_points=user).prefetch_related("focal_points")
    )
    for organisation in focal_point_of:
        organisation_set_focal_points(
            organisation=organisation,
            users=[u for u in organisation.focal_points.all() if u.pk != user.pk],
            by=by,
        )

    user.email = f"erased-{user.pk}@invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["email", "display_name", "first_name", "last_name", "is_active", "password"]
    )
    audit_record(
        actor=by,
        action="accounts.user.erase",
        obj=user,
        changes={
            "directory_person": person.pk if person is not None else None,
            "api_tokens_deleted": tokens_deleted,
            "focal_point_of": [organisation.pk for organisation in focal_point_of],
        },
    )
    # Last, so that it also covers the entries written above.
    _scrub_audit_log(user=user, email=email, person=person, contact=contact)
    return user
