"""The boards REST API: boards of a lab, a board's notes, personas."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Board
from boards.tests.conftest import phone
from boards.tests.test_views_manage import actor_of, facilitate, send, write

pytestmark = pytest.mark.django_db


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()


def test_boards_of_a_lab_are_listed_with_counts_and_without_join_codes(
    client, lab, board, workshop
):
    b = board(workshop=workshop)
    author, _ = phone(b)
    write(b, author)
    data = get(client, f"/api/v1/boards/?lab={lab.pk}")
    [row] = data["results"]
    assert row["id"] == b.pk and row["method"] == "hopes-fears" and row["workshop"] == workshop.pk
    assert (row["note_count"], row["participant_count"]) == (1, 1)
    assert "code" not in row and b.code not in json.dumps(data)


def test_boards_of_members_only_labs_are_not_listed_to_outsiders(
    client, client_for, board, private_lab, alice
):
    board(lab=private_lab, title="ภายใน")
    assert get(client, "/api/v1/boards/")["count"] == 0
    assert get(client, f"/api/v1/boards/?lab={private_lab.pk}")["count"] == 0
    assert get(client_for(alice), f"/api/v1/boards/?lab={private_lab.pk}")["count"] == 1


def test_a_board_of_a_members_only_lab_is_a_404_to_outsiders(client, board, private_lab):
    b = board(lab=private_lab, title="ภายใน")
    get(client, f"/api/v1/boards/{b.pk}/", 404)


def test_a_board_comes_with_its_notes_and_themes_as_the_room_sees_them(client, board, dana, opdc):
    b = board()
    somchai, _ = phone(b, "สมชาย", organisation=opdc)
    somying, _ = phone(b, "สมหญิง")
    signed = write(b, somchai, "ความหวังที่มีชื่อ")
    facilitate(b, dana, "board.set", anonymous=True)
    anonymous = write(b, somying, "ความกังวลนิรนาม", zone="fears")
    facilitate(b, dana, "board.set", anonymous=False, private=True)
    write(b, somying, "ยังคว่ำอยู่")
    facilitate(b, dana, "board.set", private=False)
    facilitate(b, dana, "board.set", private=True)
    write(b, somying, "ยังเป็นความลับ")
    hidden = write(b, somchai, "ถูกซ่อน")
    facilitate(b, dana, "note.hide", note=hidden, hidden=True)
    facilitate(b, dana, "theme.add", label="ความร่วมมือ", notes=[signed])

    data = get(client, f"/api/v1/boards/{b.pk}/")
    notes = {note["text"]: note for note in data["notes"]}
    # Revealed notes are there; the one written after, still private, is not; nor the hidden one.
    assert set(notes) == {"ความหวังที่มีชื่อ", "ความกังวลนิรนาม", "ยังคว่ำอยู่"}
    assert notes["ความหวังที่มีชื่อ"]["author"]["display_name"] == "สมชาย"
    assert notes["ความหวังที่มีชื่อ"]["author"]["organisation"]["id"] == opdc.pk
    assert notes["ความกังวลนิรนาม"]["author"] is None
    assert notes["ความกังวลนิรนาม"]["id"] == anonymous
    assert [t["label"] for t in data["themes"]] == ["ความร่วมมือ"]
    assert notes["ความหวังที่มีชื่อ"]["theme"] == data["themes"][0]["id"]
    assert [z["key"] for z in data["zones"]] == ["hopes", "fears"]
    assert "code" not in data and "email" not in json.dumps(data)


def test_those_who_run_the_board_also_get_hidden_notes(client_for, board, dana):
    b = board()
    author, _ = phone(b)
    hidden = write(b, author, "ถูกซ่อน")
    facilitate(b, dana, "note.hide", note=hidden, hidden=True)
    data = get(client_for(dana), f"/api/v1/boards/{b.pk}/")
    assert [(n["text"], n["hidden"]) for n in data["notes"]] == [("ถูกซ่อน", True)]


def test_vote_totals_wait_for_the_facilitator(client, client_for, board, dana, erin):
    b = board("idea-voting")
    author, _ = phone(b)
    idea = write(b, author, "รถรับส่งผู้สูงอายุ")
    send(b, actor_of(author), "vote.add", id="vote-000001", note=idea)
    assert get(client_for(erin), f"/api/v1/boards/{b.pk}/")["notes"][0]["votes"] is None
    assert get(client_for(dana), f"/api/v1/boards/{b.pk}/")["notes"][0]["votes"] == 1
    facilitate(b, dana, "board.set", votes_revealed=True)
    client.logout()
    assert get(client, f"/api/v1/boards/{b.pk}/")["notes"][0]["votes"] == 1


def test_personas_of_a_lab(client, board, lab, private_lab):
    b = board("persona")
    author, _ = phone(b)
    write(b, author, "ป้าสมศรี", fields={"segment": "ผู้สูงอายุ", "vulnerable_groups": ["elderly"]})
    hidden_board = board("persona", lab=private_lab)
    author, _ = phone(hidden_board)
    write(hidden_board, author, "ลุงลับ")
    data = get(client, f"/api/v1/personas/?lab={lab.pk}")
    [persona] = data["results"]
    assert persona["name"] == "ป้าสมศรี" and persona["board"] == b.pk
    assert persona["fields"]["segment"] == "ผู้สูงอายุ" and persona["vulnerable_groups"] == ["elderly"]
    assert get(client, "/api/v1/personas/")["count"] == 1


def test_the_api_is_read_only(client_for, dana, board):
    b = board()
    client = client_for(dana)
    assert client.post("/api/v1/boards/", {"title": "x"}).status_code == 405
    assert client.delete(f"/api/v1/boards/{b.pk}/").status_code == 405
    assert Board.objects.count() == 1


def test_a_board_costs_the_same_queries_whatever_its_size(client, board):
    b = board()

    def grow(n):
        for i in range(n):
            author, _ = phone(b, f"คน {n}-{i}")
            write(b, author, f"ความหวัง {n}-{i}")

    grow(2)
    client.get(f"/api/v1/boards/{b.pk}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/api/v1/boards/{b.pk}/")
    grow(30)
    with CaptureQueriesContext(connection) as large:
        data = client.get(f"/api/v1/boards/{b.pk}/").json()
    assert len(data["notes"]) == 32
    assert len(large) == len(small)


def test_the_openapi_document_lists_the_board_operations(client):
    schema = get(client, "/api/v1/openapi.json")
    operations = {
        operation["operationId"]: operation
        for methods in schema["paths"].values()
        for operation in methods.values()
    }
    assert {"board_list", "board_get", "persona_list"} <= set(operations)
    assert all(
        operations[op]["tags"] == ["boards"] for op in ("board_list", "board_get", "persona_list")
    )
    assert {} in operations["board_get"]["security"]
