"""loaddemo's boards: the methods the seed pages name, run in their workshops."""

from __future__ import annotations

import pytest

from boards.demo import build_demo_boards
from boards.models import Board, Note, Persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(db):
    from directory.demo.builder import build_demo
    from labs.demo.builder import build_events

    build_demo(by=None)
    build_events(by=None)


def test_the_demo_workshops_get_boards_with_example_notes_once(events):
    assert build_demo_boards(by=None) == 4
    methods = set(Board.objects.values_list("method__key", flat=True))
    assert methods == {"hopes-fears", "persona", "iceberg", "story-circle"}
    assert all("ตัวอย่าง" in title for title in Board.objects.values_list("title", flat=True))
    hopes = Board.objects.get(method__key="hopes-fears")
    assert hopes.session is not None and "Hopes" in hopes.session.title_en
    assert hopes.participants.filter(organisation__isnull=False).count() == 6
    assert Persona.objects.count() == 2
    notes = Note.objects.count()
    assert build_demo_boards(by=None) == 0
    assert Note.objects.count() == notes
