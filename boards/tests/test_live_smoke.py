from __future__ import annotations

import pytest

from boards.tests.conftest import connect, phone, receive_until, run

pytestmark = [pytest.mark.usefixtures("migration_data"), pytest.mark.django_db(transaction=True)]


def test_a_note_from_one_phone_reaches_another(board):
    b = board()
    _, cookie_a = phone(b, "เอ")
    _, cookie_b = phone(b, "บี")

    async def scenario():
        a = await connect(b, cookie_a)
        other = await connect(b, cookie_b)
        snap = await a.receive_json_from()
        assert snap["t"] == "snapshot"
        await other.receive_json_from()
        await a.send_json_to(
            {
                "type": "note.add",
                "ref": "r1",
                "id": "note-000001",
                "zone": "hopes",
                "text": "อยากให้หน่วยงานทำงานร่วมกัน",
            }
        )
        ack = await receive_until(a, lambda e: e.get("t") == "ack")
        assert ack["ref"] == "r1" and ack["note"]
        seen = await receive_until(other, lambda e: e.get("t") == "note")
        assert seen["note"]["text"] == "อยากให้หน่วยงานทำงานร่วมกัน"
        assert seen["note"]["name"] == "เอ"
        await a.disconnect()
        await other.disconnect()

    run(scenario)
