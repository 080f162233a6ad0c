"""The Thai catalogue is complete and the interface is Thai by default."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    catalogue = polib.pofile(str(LOCALE / "th" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(placeholder.findall(entry.msgid)) == sorted(
            placeholder.findall(translated)
        ), entry.msgid


def test_a_visitor_gets_the_thai_interface(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "ทำเนียบ" in html
