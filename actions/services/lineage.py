"""Lineage: the line from what a board produced (a note, an idea, a
persona) to the proposal or action it led to.

`link()` is the one write. It is idempotent (a line already drawn is left
as it is), so a form sent twice or a demo run again adds nothing, and it
refuses sources of another lab (a proposal of one lab never points at a
board of another, whose notes its readers may not be allowed to see) and
notes the room cannot see: deleted, hidden by a facilitator, or face down
in private mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actions.models import Action, Lineage, Proposal
from audit.services import audit_record
from boards.models import Note, Persona
from lib.service_fields import user_or_none


@transaction.atomic
def link(
    *,
    by: Any,
    notes: Iterable[Note] = (),
    personas: Iterable[Persona] = (),
    proposal: Proposal | None = None,
    action: Action | None = None,
) -> list[Lineage]:
    """Draw lines from notes and personas to one proposal or one action;
    returns the lines that were new."""
    if (proposal is None) == (action is None):
        raise TypeError("link() needs exactly one of proposal= and action=")
    target: Proposal | Action = proposal if proposal is not None else action  # type: ignore[assignment]
    lab_id = target.lab_id
    note_ids = sorted({note.pk for note in notes})
    persona_ids = sorted({persona.pk for persona in personas})

    found = {
        pk: (board_lab, deleted is None and not hidden and not private)
        for pk, board_lab, deleted, hidden, private in Note.objects.filter(
            pk__in=note_ids
        ).values_list("pk", "board__lab_id", "deleted_at", "hidden", "private")
    }
    for pk in note_ids:
        board_lab, visible = found.get(pk, (None, False))
        if board_lab != lab_id:
            raise ValidationError({"notes": _("Only notes of this lab's boards can be linked.")})
        # Whoever reads the proposal or action reads the note: only notes
        # the whole room can see (not deleted, hidden or still face down).
        if not visible:
            raise ValidationError(
                {"notes": _("Only notes everyone can see on the board can be linked.")}
            )
    persona_labs = dict(Persona.objects.filter(pk__in=persona_ids).values_list("pk", "lab_id"))
    if any(persona_labs.get(pk) != lab_id for pk in persona_ids):
        raise ValidationError({"personas": _("Only personas of this lab can be linked.")})

    lines = (
        Lineage.objects.filter(proposal=proposal)
        if proposal
        else Lineage.objects.filter(action=action)
    )
    have_notes = set(lines.filter(note__isnull=False).values_list("note_id", flat=True))
    have_personas = set(lines.filter(persona__isnull=False).values_list("persona_id", flat=True))
    who = user_or_none(by)
    new = [
        Lineage(note_id=pk, proposal=proposal, action=action, created_by=who)
        for pk in note_ids
        if pk not in have_notes
    ] + [
        Lineage(persona_id=pk, proposal=proposal, action=action, created_by=who)
        for pk in persona_ids
        if pk not in have_personas
    ]
    if not new:
        return []
    created = Lineage.objects.bulk_create(new)
    audit_record(
        actor=by,
        action="actions.lineage.link",
        obj=target,
        changes={
            "notes": [line.note_id for line in new if line.note_id],
            "personas": [line.persona_id for line in new if line.persona_id],
        },
    )
    return created
