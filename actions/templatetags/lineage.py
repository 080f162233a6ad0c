"""{% led_to persona=… %} / {% led_to note=… %} / {% led_to board=… %}: the
proposals and actions a board's persona, a note or any note of a board led
to, for pages of other apps (the persona page, the board's page) that show
lineage without their views knowing about outputs. One query."""

from __future__ import annotations

from typing import Any

from django import template

from actions.selectors.lineage import led_to as led_to_selector
from boards.models import Board, Note, Persona

register = template.Library()


@register.inclusion_tag("actions/_led_to.html")
def led_to(
    persona: Persona | None = None, note: Note | None = None, board: Board | None = None
) -> dict[str, Any]:
    return {"led": led_to_selector(note=note, persona=persona, board=board)}
