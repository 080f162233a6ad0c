"""Writes to accounts: profile preferences and personal API tokens.

Each service is keyword-only, runs in one transaction and records an audit
entry; views, the API and commands all call these, never .save() themselves.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from audit.services import audit_record, diff, snapshot

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
