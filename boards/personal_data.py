"""What boards keep about a signed-in person (PDPA export and erasure).

A phone that joined without an account left only the display name it
typed; that is not linked to anyone and so is not exported here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.personal_data import register
from boards.models import Comment, Note, Participant
from lib.service_fields import iso


def _mine(user: Any, person: Any) -> Q:
    query = Q(pk__in=[])
    if getattr(user, "pk", None):
        query |= Q(user=user)
    if person is not None:
        query |= Q(person=person)
    return query


def board_contributions(user: Any, person: Any) -> list[dict[str, Any]]:
    participants = list(
        Participant.objects.filter(_mine(user, person)).select_related("board", "organisation")
    )
    ids = [p.pk for p in participants]
    notes: dict[int, list[dict[str, Any]]] = {}
    for note in Note.objects.filter(author_id__in=ids, deleted_at__isnull=True).order_by(
        "created_at"
    ):
        notes.setdefault(note.author_id, []).append(
            {
                "zone": note.zone,
                "text": note.text,
                "fields": note.fields,
                "created_at": iso(note.created_at),
            }
        )
    comments: dict[int, list[dict[str, Any]]] = {}
    for comment in Comment.objects.filter(author_id__in=ids, deleted_at__isnull=True).order_by(
        "created_at"
    ):
        comments.setdefault(comment.author_id, []).append(
            {"text": comment.text, "created_at": iso(comment.created_at)}
        )
    return [
        {
            "board": p.board.title,
            "display_name": p.display_name,
            "organisation": p.organisation_label,
            "joined_at": iso(p.joined_at),
            "notes": notes.get(p.pk, []),
            "comments": comments.get(p.pk, []),
        }
        for p in participants
    ]


def erase_board_identity(user: Any, person: Any) -> None:
    """The notes are the workshop's record and stay; the name on them goes."""
    Participant.objects.filter(_mine(user, person)).update(
        display_name="—", user=None, person=None, organisation_text=""
    )


def connect() -> None:
    register("board_contributions", board_contributions, erase_board_identity)
