"""The live board pages (boards/views/live.py): entering a code, joining from
a phone, the board shell, the projector and the QR code."""

from __future__ import annotations

import io
import json

import pytest
import segno
from django.conf import settings
from django.urls import reverse

from boards import services
from boards.models import Board, Participant
from boards.tests.conftest import phone
from boards.views.live import qr

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    """An anonymous browser that reads English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def board_url(board: Board) -> str:
    return reverse("boards:board", args=[board.code])


def join_url(board: Board) -> str:
    return reverse("boards:join", args=[board.code])


def config_of(response) -> dict:
    html = response.content.decode()
    start = html.index('id="board-config"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


# --- entering a code ------------------------------------------------------------


def test_the_code_page_has_a_big_box(client):
    response = client.get(reverse("boards:join_code"))
    assert response.status_code == 200
    assert b'name="code"' in response.content
    assert b"join-code-input" in response.content


def test_a_code_typed_in_any_case_with_spaces_goes_to_its_board(client, board):
    b = board()
    typed = f" {b.code[:3].lower()} {b.code[3:].lower()} "
    response = client.get(reverse("boards:join_code"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == board_url(b)


def test_an_unknown_code_is_said_on_the_same_page(english, board):
    board()
    response = english.get(reverse("boards:join_code"), {"code": "zzzzzz"})
    assert response.status_code == 404
    assert b"No board has the code ZZZZZZ" in response.content
    assert b'data-error="code"' in response.content


def test_a_code_of_the_wrong_length_is_refused(english):
    response = english.get(reverse("boards:join_code"), {"code": "AB"})
    assert response.status_code == 200
    assert b"A board code has 6 letters and digits" in response.content


# --- joining ------------------------------------------------------------------------


def test_the_join_page_asks_for_a_name_and_an_organisation(client, board):
    b = board()
    response = client.get(join_url(b))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="display_name"' in html
    assert "data-org-search" in html and 'name="organisation"' in html
    assert reverse("search:suggest") in html


def test_joining_sets_the_board_cookie_and_goes_to_the_board(client, board, opdc):
    b = board()
    response = client.post(
        join_url(b),
        {"display_name": " สมหญิง ", "organisation": opdc.pk, "organisation_text": "ก.พ.ร."},
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(b)
    participant = Participant.objects.get(board=b)
    assert participant.display_name == "สมหญิง"
    assert participant.organisation == opdc and participant.organisation_text == ""
    cookie = response.cookies[services.cookie_name(b)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == services.COOKIE_MAX_AGE
    assert not cookie["secure"]
    assert services.participant_from_token(b, cookie.value) == participant


def test_the_cookie_is_secure_over_https(client, board):
    b = board()
    response = client.post(join_url(b), {"display_name": "มานะ"}, secure=True)
    assert response.cookies[services.cookie_name(b)]["secure"]


def test_an_organisation_typed_exactly_is_linked_and_another_kept_as_typed(client, board, opdc):
    b = board()
    client.post(join_url(b), {"display_name": "เอ", "organisation_text": "OPDC"})
    client.cookies.clear()
    client.post(join_url(b), {"display_name": "บี", "organisation_text": "อบต.หนองบัว"})
    a, other = Participant.objects.filter(board=b).order_by("pk")
    assert a.organisation == opdc and a.organisation_text == ""
    assert other.organisation is None and other.organisation_text == "อบต.หนองบัว"


def test_a_name_is_required(english, board):
    b = board()
    response = english.post(join_url(b), {"display_name": "  ", "organisation_text": ""})
    assert response.status_code == 200
    assert b"Tell the room your name" in response.content
    assert not Participant.objects.exists()


def test_an_unknown_organisation_id_is_refused(english, board):
    b = board()
    response = english.post(join_url(b), {"display_name": "เอ", "organisation": "999999"})
    assert response.status_code == 200
    assert b"This organisation is not in the directory." in response.content
    assert not Participant.objects.exists()


def test_an_unknown_code_is_404(client):
    assert client.get(reverse("boards:join", args=["ZZZZZZ"])).status_code == 404
    assert client.get(reverse("boards:board", args=["ZZZZZZ"])).status_code == 404
    assert (
        client.post(reverse("boards:join", args=["ZZZZZZ"]), {"display_name": "x"}).status_code
        == 404
    )


def test_a_closed_board_takes_nobody_new(english, board, dana):
    b = board()
    services.board_update(board=b, by=dana, status=Board.Status.CLOSED)
    response = english.get(join_url(b))
    assert response.status_code == 200
    assert b"data-closed" in response.content and b'name="display_name"' not in response.content
    english.post(join_url(b), {"display_name": "เอ"})
    assert not Participant.objects.exists()


def test_a_phone_already_on_the_board_skips_the_form(client, board):
    b = board()
    _participant, (_, header) = phone(b)
    name, token = header.decode().split("=", 1)
    client.cookies[name] = token
    response = client.get(join_url(b))
    assert response.status_code == 302 and response["Location"] == board_url(b)


def test_a_signed_in_person_joins_as_themselves(client_for, board, charlie):
    b = board()
    response = client_for(charlie).get(join_url(b))
    assert response.status_code == 302 and response["Location"] == board_url(b)


def test_a_phone_moved_from_another_board_finds_its_name_and_organisation(client, board, opdc):
    first, second = board(), board("idea-voting", title="ไอเดีย")
    _participant, (_, header) = phone(first, "มานี", organisation=opdc)
    name, token = header.decode().split("=", 1)
    client.cookies[name] = token
    response = client.get(board_url(second) + f"?from={first.code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == f"{join_url(second)}?from={first.code}"
    response = client.get(response["Location"])
    form = response.context["form"]
    assert form.initial["display_name"] == "มานี"
    assert form.initial["organisation"] == opdc.pk
    assert b"data-continue" in response.content
    # One tap: the form as it came.
    response = client.post(
        f"{join_url(second)}?from={first.code}",
        {"display_name": "มานี", "organisation": opdc.pk, "organisation_text": str(opdc)},
    )
    assert response.status_code == 302
    assert Participant.objects.get(board=second).organisation == opdc


def test_a_from_code_without_a_cookie_prefills_nothing(client, board):
    first, second = board(), board("idea-voting", title="ไอเดีย")
    response = client.get(f"{join_url(second)}?from={first.code}")
    assert response.context["form"].initial == {}
    assert b"data-continue" not in response.content


# --- the board ----------------------------------------------------------------------


def test_without_a_cookie_the_board_sends_a_phone_to_join(client, board):
    b = board()
    response = client.get(board_url(b))
    assert response.status_code == 302 and response["Location"] == join_url(b)


def test_a_code_in_lower_case_is_made_canonical(client, board):
    b = board()
    Board.objects.filter(pk=b.pk).update(code="ABC234")  # letters, whatever the random code was
    b.refresh_from_db()
    response = client.get(reverse("boards:board", args=[b.code.lower()]))
    assert response.status_code == 302 and response["Location"] == board_url(b)


def test_a_phone_with_its_cookie_gets_the_board_shell(client, board):
    b = board()
    _participant, (_, header) = phone(b)
    name, token = header.decode().split("=", 1)
    client.cookies[name] = token
    response = client.get(board_url(b))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-board-app" in html and "js/board.js" in html and "css/board.css" in html
    assert reverse("javascript-catalog") in html
    assert "data-panel" not in html
    config = config_of(response)
    assert config["code"] == b.code and config["mode"] == "board"
    assert config["ws"] == f"/ws/boards/{b.code}/"
    assert config["facilitator"] is False and "boards" not in config


def test_a_facilitator_gets_the_panel_and_the_lab_s_other_open_boards(client_for, board, dana, lab):
    b = board()
    other = board("idea-voting", title="ไอเดีย")
    closed = board("blank", title="ปิดแล้ว")
    services.board_update(board=closed, by=dana, status=Board.Status.CLOSED)
    response = client_for(dana).get(board_url(b))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-panel" in html
    assert reverse("boards:projector", args=[b.code]) in html
    assert reverse("boards:manage", args=[b.pk]) in html
    config = config_of(response)
    assert config["facilitator"] is True
    assert [item["id"] for item in config["boards"]] == [other.pk]


def test_a_signed_in_participant_sees_no_panel(client_for, board, erin):
    b = board()
    response = client_for(erin).get(board_url(b))
    assert response.status_code == 200
    assert b"data-panel" not in response.content


def test_the_board_text_is_escaped(client, board):
    b = board(title="<script>alert(1)</script>")
    _participant, (_, header) = phone(b)
    name, token = header.decode().split("=", 1)
    client.cookies[name] = token
    html = client.get(board_url(b)).content.decode()
    assert "<script>alert(1)</script>" not in html


# --- the projector and the QR code ------------------------------------------------------


def test_the_projector_needs_a_sign_in(client, board):
    b = board()
    response = client.get(reverse("boards:projector", args=[b.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_projector_is_for_facilitators_only(client_for, board, charlie, erin):
    b = board()
    assert client_for(charlie).get(reverse("boards:projector", args=[b.code])).status_code == 403
    assert client_for(erin).get(reverse("boards:projector", args=[b.code])).status_code == 403


def test_the_projector_shows_the_code_and_the_qr_code(client_for, board, dana):
    b = board()
    response = client_for(dana).get(reverse("boards:projector", args=[b.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("boards:qr", args=[b.code]) in html
    assert b.code in html
    config = config_of(response)
    assert config["mode"] == "projector"
    assert config["ws"] == f"/ws/boards/{b.code}/?view=projector"


def test_the_qr_code_is_an_svg_of_the_board_address(client, board):
    b = board()
    response = client.get(reverse("boards:qr", args=[b.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert client.get(reverse("boards:qr", args=["ZZZZZZ"])).status_code == 404


def test_the_qr_code_encodes_the_absolute_board_url(rf, board, settings):
    settings.ALLOWED_HOSTS = ["saphan.example"]
    b = board()
    request = rf.get(reverse("boards:qr", args=[b.code]), HTTP_HOST="saphan.example")
    drawn = qr(request, b.code).content
    # The same modules as a QR code of the board's address, drawn the same way.
    buffer = io.BytesIO()
    segno.make(f"http://saphan.example{board_url(b)}", error="m").save(
        buffer, kind="svg", scale=10, border=2, dark="#000", light="#fff", xmldecl=False
    )
    assert _path_of(drawn) == _path_of(buffer.getvalue())


def _path_of(svg: bytes) -> bytes:
    start = svg.index(b' d="') + 4
    return svg[start : svg.index(b'"', start)]
