"""{% led_to persona=… %} / {% led_to note=… %}: the proposals and actions a
board's persona or note led to, for pages of other apps (the persona page)
that show lineage without their views knowing about outputs."""

from __future__ import annotations

from typing import Any

from django import template

from actions.selectors.lineage import led_to as led_to_selector
from boards.models import Note, Persona

register = template.Library()


@register.inclusion_tag("actions/_led_to.html")
def led_to(persona: Persona | None = None, note: Note | None = None) -> dict[str, Any]:
    return {"led": led_to_selector(note=note, persona=persona)}
