"""Rows that are already in the directory, or earlier in the same file.

Exact matches compare normalised keys (lib.thai.text.compact: no dots, no
spaces, Thai digits as Arabic), so ก.พ.ร. meets กพร. Fuzzy matches use
rapidfuzz on candidates found through a blocked index (lookups.FuzzyIndex,
people by organisation), so 50,000 rows against 220,000 records stay fast.

What happens to a duplicate: an exact match updates the record it matches,
a fuzzy match is flagged and skipped unless the user decides otherwise, a
repeat of an earlier row is skipped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from directory.imports.lookups import FuzzyIndex, person_key, stored_key
from lib.thai.text import compact

if TYPE_CHECKING:
    from directory.imports.validation import Plan, Record, Validator

ORGANISATION_THRESHOLD = 92.0
PERSON_THRESHOLD = 90.0
ACTIONS = ("update", "create", "skip")
_DIGITS = re.compile(r"\d+")


def find(plan: Plan, validator: Validator, *, threshold: float | None = None) -> None:
    from directory.imports.validation import Match

    if plan.organisations:
        _organisations(plan, validator, Match, threshold or ORGANISATION_THRESHOLD)
    if plan.people:
        _people(plan, validator, Match, threshold or PERSON_THRESHOLD)


def _plausible(a: str, b: str) -> bool:
    # "โรงเรียนบ้านหนองบัว 1" and "... 2" are different schools however close.
    return _DIGITS.findall(a) == _DIGITS.findall(b)


def _organisations(plan: Plan, validator: Validator, Match: type, threshold: float) -> None:
    orgs = validator.orgs
    claimed: dict[int, Record] = {}
    seen: dict[str, Record] = {}
    file_fuzzy: dict[str, FuzzyIndex] = {}
    by_key = {r.key: r for r in plan.organisations}
    for record in plan.organisations:
        values = record.values
        names = {compact(values.get(n, "")) for n in ("name_th", "name_en")} - {""}
        abbreviations = {
            compact(values.get(n, "")) for n in ("abbreviation_th", "abbreviation_en")
        } - {""}
        found: set[int] = set()
        reason = ""
        for key in names:
            found |= orgs.by_name.get(key, set())
        if found:
            reason = _("same name")
        else:
            # An abbreviation identifies an organisation only when one has it:
            # every province's health office is "สสจ.".
            for key in abbreviations:
                hits = orgs.by_abbreviation.get(key, set()) | orgs.by_name.get(key, set())
                if len(hits) == 1:
                    found |= hits
            if found:
                reason = _("same abbreviation")
        earlier = next((seen[k] for k in names if k in seen), None)
        if found:
            target = _best(found, record, validator)
            if target in claimed:
                first = claimed[target]
                record.match = Match(
                    "file", first.label, target_row=first.row, reason=_("same as an earlier row")
                )
            else:
                claimed[target] = record
                record.match = Match("exact", orgs.label(target), target_id=target, reason=reason)
        elif earlier is not None:
            record.match = Match(
                "file", earlier.label, target_row=earlier.row, reason=_("same as an earlier row")
            )
        for key in names:
            seen.setdefault(key, record)
    # Fuzzy pass, blocked by kind: a typo rarely changes what an office is.
    for record in plan.organisations:
        name = compact(record.values.get("name_th", ""))
        kind = record.values.get("kind", "")
        if not name:
            continue
        in_file = file_fuzzy.setdefault(kind, FuzzyIndex())
        if record.match is None:
            province = record.values.get("province_id")
            for pk, score in orgs.fuzzy(kind).search(name, threshold=threshold):
                info = orgs.info[pk]  # type: ignore[index]
                if province and info.province_id and province != info.province_id:
                    continue
                if not _plausible(name, stored_key(info.name_th)):
                    continue
                record.match = Match(
                    "fuzzy",
                    info.name_th,
                    target_id=info.pk,
                    score=round(score),
                    reason=_("similar name"),
                )
                break
        if record.match is None:
            for earlier_key, score in in_file.search(name, threshold=threshold):
                other = by_key[earlier_key]  # type: ignore[index]
                if _plausible(name, compact(other.values.get("name_th", ""))):
                    record.match = Match(
                        "file",
                        other.label,
                        target_row=other.row,
                        score=round(score),
                        reason=_("similar to an earlier row"),
                    )
                    break
        in_file.add(record.key, name)


def _best(found: set[int], record: Record, validator: Validator) -> int:
    """Several records share the name (the directory has duplicates): prefer
    the one in the same province and of the same kind."""
    if len(found) == 1:
        return next(iter(found))
    info = validator.orgs.info

    def rank(pk: int) -> tuple[int, int, int]:
        return (
            info[pk].province_id != record.values.get("province_id"),
            info[pk].kind != record.values.get("kind"),
            pk,
        )

    return min(found, key=rank)


def _people(plan: Plan, validator: Validator, Match: type, threshold: float) -> None:
    from rapidfuzz import fuzz

    people = validator.people
    people.load_organisations(
        {
            r.organisation[1]
            for r in plan.people
            if r.organisation is not None and r.organisation[0] == "org"
        }
    )
    claimed: dict[int, Record] = {}
    seen_email: dict[str, Record] = {}
    seen_name: dict[tuple[str, object], Record] = {}
    for record in plan.people:
        values = record.values
        key = person_key(
            values.get("first_name_th", ""), values.get("last_name_th", "")
        ) or person_key(values.get("first_name_en", ""), values.get("last_name_en", ""))
        org = (
            record.organisation[1]
            if record.organisation and record.organisation[0] == "org"
            else None
        )
        email = values.get("email", "").casefold()
        match = None
        if email and email in people.by_email:
            pk = people.by_email[email]
            match = Match("exact", people.label(pk), target_id=pk, reason=_("same e-mail"))
        elif key and key in people.by_name:
            same_name = people.by_name[key]
            here = [pk for pk in same_name if org is not None and org in people.orgs_of.get(pk, ())]
            if here:
                match = Match(
                    "exact",
                    people.label(here[0]),
                    target_id=here[0],
                    reason=_("same name, same organisation"),
                )
            else:
                # People move between agencies, and common names repeat:
                # the user decides.
                match = Match(
                    "fuzzy",
                    people.label(same_name[0]),
                    target_id=same_name[0],
                    reason=_("same name, other organisation"),
                )
        elif key and org is not None:
            best = None
            for pk in people.people_in.get(org, ()):
                score = fuzz.ratio(key, people.names.get(pk, ""))
                if score >= threshold and (best is None or score > best[1]):
                    best = (pk, score)
            if best is not None:
                match = Match(
                    "fuzzy",
                    people.label(best[0]),
                    target_id=best[0],
                    score=round(best[1]),
                    reason=_("similar name, same organisation"),
                )
        organisation_ref = record.organisation
        earlier = (seen_email.get(email) if email else None) or seen_name.get(
            (key, organisation_ref)
        )
        if match is not None and match.target_id in claimed:
            first = claimed[match.target_id]
            match = Match(
                "file", first.label, target_row=first.row, reason=_("same as an earlier row")
            )
        elif match is None and earlier is not None:
            match = Match(
                "file", earlier.label, target_row=earlier.row, reason=_("same as an earlier row")
            )
        elif match is not None and match.target_id is not None:
            claimed[match.target_id] = record
        record.match = match
        if email:
            seen_email.setdefault(email, record)
        if key:
            seen_name.setdefault((key, organisation_ref), record)


def default_action(record: Record) -> str:
    if record.match is None:
        return "create"
    if record.match.how == "exact":
        return "update"
    return "skip"


def decide(plan: Plan, decisions: dict[str, str], *, on_duplicate: str | None = None) -> None:
    """Each record's action: the user's choice for its row, else the
    command line's --on-duplicate, else the default for its match."""
    for record in plan.records:
        action = default_action(record)
        if record.match is not None:
            choice = decisions.get(record.key) or on_duplicate
            if choice in ACTIONS:
                action = choice
            # A repeat of an earlier row has no record to update yet.
            if action == "update" and record.match.target_id is None:
                action = "skip"
        record.action = action
        record.target_id = record.match.target_id if action == "update" and record.match else None
