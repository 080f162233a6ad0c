"""Reads for accounts pages: a user's own tokens, time-zone choices, and
everything Saphan holds about a user (the PDPA export)."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import personal_data
from accounts.models import ApiToken, User
from audit.models import AuditEntry
from directory.models import Organisation, Person
from lib.service_fields import iso


def api_tokens_for_user(user: Any) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, active ones before revoked ones."""
    # NULLs sort first on SQLite and last on PostgreSQL unless told.
    return ApiToken.objects.filter(user_id=user.pk).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_token_for_user(user: Any, pk: int) -> ApiToken:
    """The token a URL names, if it is this user's own; 404 otherwise (also
    for other users' tokens, so their existence is not revealed)."""
    if not user.is_authenticated:
        raise Http404
    token = ApiToken.objects.filter(pk=pk, user_id=user.pk).first()
    if token is None:
        raise Http404
    return token


@functools.cache
def time_zone_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """IANA zones grouped by region for a <select> with <optgroup>s.

    The tz database does not change while the process runs, so it is read once.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        region, _, place = name.partition("/")
        if not place or region in {"Etc", "SystemV", "US", "Brazil", "Canada", "Chile", "Mexico"}:
            continue  # legacy aliases; their canonical names are listed
        groups.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " / ")))
    groups.setdefault("UTC", []).append(("UTC", "UTC"))
    return sorted(groups.items())


def person_for_user(user: Any) -> Person | None:
    """The directory record linked to this account, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk).first()


def _audit_actor(entry: AuditEntry, user: Any) -> str:
    # Other members' e-mail addresses are their personal data, not this
    # user's: the export says who acted only as "self" / "other" / "system".
    if entry.actor_id == user.pk:
        return "self"
    if entry.actor_id is not None or (entry.actor_label and entry.actor_label != "system"):
        return "other"
    return "system"


def personal_data_for_user(user: Any) -> dict[str, Any]:
    """Everything Saphan holds about a signed-in user, as JSON-ready data:
    the PDPA right of access (section 30) and of data portability (section 31).

    A fixed number of queries whatever the amount of data. Password and token
    hashes are never included. Audit entries about the user's own account,
    directory record or tokens carry their changes; entries where the user
    changed someone else's record carry only the names of the fields changed,
    because the values are that other person's data.
    """
    person = (
        Person.objects.filter(user_id=user.pk)
        .prefetch_related("tags", "affiliations__organisation")
        .first()
    )
    tokens = list(ApiToken.objects.filter(user_id=user.pk).order_by("created_at", "id"))
    focal_point_of = list(
        Organisation.objects.filter(focal_points=user).order_by("name_th", "id")
    )

    user_type = ContentType.objects.get_for_model(User)
    person_type = ContentType.objects.get_for_model(Person)
    token_type = ContentType.objects.get_for_model(ApiToken)
    own_objects = {(user_type.pk, str(user.pk))}
    own_objects |= {(token_type.pk, str(token.pk)) for token in tokens}
    about_me = Q(actor_id=user.pk) | Q(content_type=user_type, object_id=str(user.pk))
    if person is not None:
        own_objects.add((person_type.pk, str(person.pk)))
        about_me |= Q(content_type=person_type, object_id=str(person.pk))
    entries = AuditEntry.objects.filter(about_me).select_related("content_type").order_by("at", "id")

    audit: list[dict[str, Any]] = []
    for entry in entries:
        own = (entry.content_type_id, entry.object_id) in own_objects or entry.content_type_id is None
        item: dict[str, Any] = {
            "at": iso(entry.at),
            "action": entry.action,
            "actor": _audit_actor(entry, user),
            "object": {
                "type": f"{entry.content_type.app_label}.{entry.content_type.model}"
                if entry.content_type is not None
                else None,
                "id": entry.object_id or None,
                "name": entry.object_repr,
            },
        }
        if own:
            item["changes"] = entry.changes
        else:
            item["changed_fields"] = sorted(entry.changes) if isinstance(entry.changes, dict) else []
        audit.append(item)

    return {
        "format": "saphan-personal-data/1",
        "generated_at": iso(timezone.now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "is_administrator": bool(user.is_superuser),
        },
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": iso(token.created_at),
                "last_used_at": iso(token.last_used_at),
                "revoked_at": iso(token.revoked_at),
            }
            for token in tokens
        ],
        "directory_person": _person_data(person) if person is not None else None,
        "focal_point_of": [
            {
                "id": organisation.pk,
                "name_th": organisation.name_th,
                "name_en": organisation.name_en,
                "abbreviation_th": organisation.abbreviation_th,
                "abbreviation_en": organisation.abbreviation_en,
            }
            for organisation in focal_point_of
        ],
        "audit_entries": audit,
        # What other apps (labs, workshops, ...) keep about this person.
        **personal_data.exported(user, person),
    }


def _person_data(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "honorific": person.honorific,
        "academic_title": person.academic_title,
        "first_name_th": person.first_name_th,
        "last_name_th": person.last_name_th,
        "first_name_en": person.first_name_en,
        "last_name_en": person.last_name_en,
        "position": person.position,
        "email": person.email,
        "phone": person.phone,
        "contact_consent": person.contact_consent,
        "contact_consent_at": iso(person.contact_consent_at),
        "tags": sorted(tag.name for tag in person.tags.all()),
        "affiliations": [
            {
                "organisation": {
                    "id": affiliation.organisation_id,
                    "name_th": affiliation.organisation.name_th,
                    "name_en": affiliation.organisation.name_en,
                },
                "position": affiliation.position,
                "start_date": iso(affiliation.start_date),
                "end_date": iso(affiliation.end_date),
            }
            for affiliation in person.affiliations.all()
        ],
        "created_at": iso(person.created_at),
        "updated_at": iso(person.updated_at),
    }
