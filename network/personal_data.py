"""What the network keeps about a person (PDPA export and erasure).

Who met whom is personal data. The network keeps, about a directory person:

- their person-level ties (`Tie`, level "person"): with whom, what kind of
  work, when, and in which lab;
- the analyses' measures of them (`NodeMeasure`: degree, broker rank,
  community, ...) and their name among a community's best-known members
  (`CommunitySummary.leaders`);
- who-should-meet-whom naming them (`Recommendation`, as the person advised
  or as the one to meet).

The export gives all of it. A tie from a members-only lab names its lab only
to the lab's members, as the lab's pages do (the person was there, so the
tie itself is theirs to see).

Erasure (accounts.services.user_erase) keeps the directory person, so
nothing here goes by foreign-key cascade: the eraser deletes the rows that
name the person. Deleting the person (directory) cascades to the same rows.
The work they rest on (attendance, breakout groups) is the labs' record and
stays; `erased_people()` names whom the tie extraction (`network.ties`)
leaves out at the person level, so the next `analyse_network` does not
bring the ties back.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.personal_data import register
from lib.service_fields import iso
from network.models import CommunitySummary, Level, NodeMeasure, Recommendation, Tie, TieKind

ERASE_ACTION = "accounts.user.erase"


def _name(person: Any) -> str:
    return person.full_name if person is not None else ""


def network_data(user: Any, person: Any) -> dict[str, Any]:
    """The person's ties, measures and recommendations (four queries)."""
    if person is None:
        return {"ties": [], "measures": [], "recommendations": []}
    from labs.models import Member

    labels = dict(TieKind.choices)
    member_of = set(Member.objects.filter(person=person).values_list("lab_id", flat=True))
    ties = (
        Tie.objects.filter(Q(person_a=person) | Q(person_b=person), level=Level.PERSON)
        .select_related("person_a", "person_b", "lab")
        .order_by("date", "pk")
    )
    measures = (
        NodeMeasure.objects.filter(person=person)
        .select_related("snapshot")
        .order_by("-snapshot__end", "snapshot__scope")
    )
    recommendations = (
        Recommendation.objects.filter(Q(person=person) | Q(other_person=person))
        .select_related("snapshot", "person", "other_person")
        .order_by("-snapshot__end", "snapshot_id", "rank")
    )
    return {
        "ties": [
            {
                "with": _name(tie.person_b if tie.person_a_id == person.pk else tie.person_a),
                "kind": str(labels.get(tie.kind, tie.kind)),
                "date": iso(tie.date),
                "lab": (
                    tie.lab.name_th
                    if tie.lab is not None and (tie.lab.is_public or tie.lab_id in member_of)
                    else None
                ),
            }
            for tie in ties
        ],
        "measures": [
            {
                "analysis_of": iso(m.snapshot.end),
                "computed_at": iso(m.snapshot.computed_at),
                "scope": m.snapshot.scope,
                "degree": m.degree,
                "broker_rank": m.broker_rank,
                "community": m.community,
                "island": m.component,
                "reach": m.reach,
            }
            for m in measures
        ],
        "recommendations": [_recommendation(r, person) for r in recommendations],
    }


def _recommendation(row: Recommendation, person: Any) -> dict[str, Any]:
    """One recommendation naming the person: under "meet" the one they were
    advised to meet, under "advised_to" the one advised to meet them."""
    mine = row.person_id == person.pk
    return {
        "computed_at": iso(row.snapshot.computed_at),
        "meet" if mine else "advised_to": _name(row.other_person if mine else row.person),
        "rank": row.rank,
        "shared_words": list(row.terms),
    }


def forget(person_ids: set[int]) -> dict[str, int]:
    """Delete every network row naming these people; returns counts."""
    if not person_ids:
        return {"ties": 0, "measures": 0, "recommendations": 0, "leaders": 0}
    ties, _ = Tie.objects.filter(
        Q(person_a_id__in=person_ids) | Q(person_b_id__in=person_ids), level=Level.PERSON
    ).delete()
    measures, _ = NodeMeasure.objects.filter(person_id__in=person_ids).delete()
    recommendations, _ = Recommendation.objects.filter(
        Q(person_id__in=person_ids) | Q(other_person_id__in=person_ids)
    ).delete()
    changed = []
    for summary in CommunitySummary.objects.filter(snapshot__level=Level.PERSON).only("leaders"):
        kept = [pk for pk in summary.leaders if pk not in person_ids]
        if kept != summary.leaders:
            summary.leaders = kept
            changed.append(summary)
    CommunitySummary.objects.bulk_update(changed, ["leaders"], batch_size=500)
    return {
        "ties": ties,
        "measures": measures,
        "recommendations": recommendations,
        "leaders": len(changed),
    }


def erase(user: Any, person: Any) -> None:
    """Inside user_erase's transaction: the rows that name the person go."""
    if person is not None:
        forget({person.pk})


def erased_people() -> set[int]:
    """Directory people whose accounts were erased (from the audit log, which
    keeps the erasure and the person's id): the tie extraction leaves them
    out of the person-level network."""
    from audit.models import AuditEntry

    found: set[int] = set()
    for changes in AuditEntry.objects.filter(action=ERASE_ACTION).values_list("changes", flat=True):
        pk = (changes or {}).get("directory_person")
        if isinstance(pk, int):
            found.add(pk)
    return found


def connect() -> None:
    register("network", network_data, erase)
