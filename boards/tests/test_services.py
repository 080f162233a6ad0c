"""The boards services: boards, methods, participants joining, personas."""

from __future__ import annotations

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import AuditEntry
from boards import services
from boards.models import Board, Method, Participant, Persona
from boards.tests.conftest import phone
from boards.tests.test_views_manage import write
from labs.services import challenge_create
from workshops import services as workshop_services
from workshops.tests.conftest import at, make_lab

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


def hopes() -> Method:
    return Method.objects.get(key="hopes-fears", lab=None)


# --- board_create ------------------------------------------------------------------


def test_a_board_copies_its_method_and_starts_as_the_method_says(lab, dana):
    thinking = Method.objects.get(key="thinking-hats", lab=None)
    board = services.board_create(lab=lab, by=dana, method=thinking, title="  หมวกหกใบ  ")
    assert board.title == "หมวกหกใบ" and board.status == Board.Status.OPEN
    assert board.definition == thinking.definition and board.definition is not thinking.definition
    assert board.round == "green"
    assert len(board.code) == 6 and board.created_by == dana
    assert AuditEntry.objects.filter(action="board.create", object_id=str(board.pk)).exists()


def test_every_board_gets_its_own_code(lab, dana):
    codes = {
        services.board_create(lab=lab, by=dana, method=hopes(), title=f"ก{i}").code
        for i in range(20)
    }
    assert len(codes) == 20
    assert not codes & {c for c in "".join(codes) if c in "01OIL"}


@pytest.fixture
def other_lab():
    return make_lab("แล็บอื่น")


@pytest.fixture
def sessions(workshop):
    one = workshop_services.session_add(
        workshop=workshop, by=None, title_th="เช้า", starts_at=at(5, 9), ends_at=at(5, 12)
    )
    two = workshop_services.session_add(
        workshop=workshop, by=None, title_th="บ่าย", starts_at=at(5, 13), ends_at=at(5, 16)
    )
    return one, two


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("title", "title", "Give the board a title."),
        ("method", "method", "This method belongs to another lab."),
        ("workshop", "workshop", "This workshop belongs to another lab."),
        ("session_without_workshop", "session", "Pick a session of the board's workshop."),
        ("group_of_other_session", "group", "Pick a breakout group of the board's session."),
        ("challenge", "challenge", "This challenge belongs to another lab."),
    ],
)
def test_board_create_refuses_what_does_not_belong_together(
    lab, dana, other_lab, workshop, sessions, case, field, message
):
    one, two = sessions
    kwargs = {"lab": lab, "by": dana, "method": hopes(), "title": "กระดาน"}
    if case == "title":
        kwargs["title"] = " \u200b "
    elif case == "method":
        kwargs["method"] = Method.objects.create(
            lab=other_lab, key="x", name_th="ของแล็บอื่น", definition=hopes().definition
        )
    elif case == "workshop":
        kwargs["workshop"] = workshop_services.workshop_create(
            by=None, lab=other_lab, title_th="อื่น"
        )
    elif case == "session_without_workshop":
        kwargs["session"] = one
    elif case == "group_of_other_session":
        kwargs |= {"workshop": workshop, "session": one}
        kwargs["group"] = workshop_services.group_create(session=two, by=None, name="กลุ่มบ่าย")
    elif case == "challenge":
        kwargs["challenge"] = challenge_create(lab=other_lab, by=None, title_th="โจทย์อื่น")
    error = refused(services.board_create, **kwargs)
    assert error.message_dict[field] == [message]
    assert not Board.objects.exists()


def test_a_board_of_a_breakout_group(lab, dana, workshop, sessions):
    one, _ = sessions
    group = workshop_services.group_create(session=one, by=None, name="กลุ่ม 1")
    board = services.board_create(
        lab=lab,
        by=dana,
        method=hopes(),
        title="ห้องย่อย",
        workshop=workshop,
        session=one,
        group=group,
    )
    assert (board.workshop, board.session, board.group) == (workshop, one, group)


def test_board_update_closes_and_names(lab, dana, board):
    b = board()
    services.board_update(board=b, by=dana, status="closed", title=" ชื่อใหม่ ")
    b.refresh_from_db()
    assert (b.status, b.title) == ("closed", "ชื่อใหม่")
    assert refused(services.board_update, board=b, by=dana, status="gone").message_dict == {
        "status": ["Unknown status."]
    }
    with pytest.raises(TypeError):
        services.board_update(board=b, by=dana, code="AAAAAA")


# --- methods -------------------------------------------------------------------------

DEFINITION = {"zones": [{"key": "main", "name_th": "หลัก"}]}


def test_method_create_checks_the_definition_and_saves_nothing_on_error(lab, dana):
    error = refused(
        services.method_create, lab=lab, by=dana, key="bad", name_th="ผิด", definition={"zones": "x"}
    )
    assert "Zone must be a list." in error.messages
    assert not Method.objects.filter(lab=lab).exists()
    assert not AuditEntry.objects.filter(action="method.create").exists()


def test_method_create_refuses_a_key_the_lab_already_has(lab, dana):
    services.method_create(lab=lab, by=dana, key="mine", name_th="ของฉัน", definition=DEFINITION)
    with pytest.raises(ValidationError):
        services.method_create(lab=lab, by=dana, key="mine", name_th="ซ้ำ", definition=DEFINITION)
    assert Method.objects.filter(lab=lab).count() == 1


def test_built_in_methods_are_not_changed_or_deleted(dana):
    with translation.override("en"):
        assert "copy one into your lab" in " ".join(
            refused(services.method_update, method=hopes(), by=dana, name_th="x").messages
        )
        assert refused(services.method_delete, method=hopes(), by=dana).messages == [
            "Built-in methods cannot be deleted."
        ]
    assert hopes().name_th == "ความหวังและความกังวล"


def test_method_update_and_delete_are_audited(lab, dana):
    method = services.method_create(
        lab=lab, by=dana, key="mine", name_th="ของฉัน", definition=DEFINITION
    )
    services.method_update(method=method, by=dana, name_en="Mine")
    assert Method.objects.get(pk=method.pk).name_en == "Mine"
    error = refused(services.method_update, method=method, by=dana, definition={"layout": "x"})
    assert "Unknown layout x." in error.messages
    assert Method.objects.get(pk=method.pk).definition["zones"][0]["key"] == "main"
    pk = method.pk
    services.method_delete(method=method, by=dana)
    assert not Method.objects.filter(pk=pk).exists()
    actions = set(AuditEntry.objects.filter(object_id=str(pk)).values_list("action", flat=True))
    assert {"method.create", "method.update", "method.delete"} <= actions


# --- participants -------------------------------------------------------------------------


def test_a_phone_joins_with_a_name_and_a_typed_organisation(board):
    b = board()
    participant, token = services.participant_join(
        board=b, display_name="  สมหญิง  ", organisation_text=" อบต.บ้านนา "
    )
    assert (participant.display_name, participant.organisation_text) == ("สมหญิง", "อบต.บ้านนา")
    assert participant.secret_hash and token
    assert services.participant_from_token(b, token) == participant


def test_a_picked_organisation_wins_over_a_typed_one(board, opdc):
    participant, _ = services.participant_join(
        board=board(), display_name="สมชาย", organisation=opdc, organisation_text="กพร"
    )
    assert participant.organisation == opdc and participant.organisation_text == ""


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"display_name": "   "}, "display_name", "Tell the room your name (a nickname will do)."),
        ({"display_name": "ก" * 81}, "display_name", "At most 80 characters."),
        (
            {"display_name": "สมชาย", "organisation_text": "ก" * 201},
            "organisation_text",
            "At most 200 characters.",
        ),
    ],
)
def test_participant_join_refuses_bad_input(board, fields, field, message):
    b = board()
    error = refused(services.participant_join, board=b, **fields)
    assert error.message_dict[field] == [message]
    assert not Participant.objects.exists()


def test_nobody_joins_a_closed_board(board, dana):
    b = board()
    services.board_update(board=b, by=dana, status="closed")
    assert refused(services.participant_join, board=b, display_name="สาย").messages == [
        "This board is closed."
    ]


def test_a_forged_token_names_nobody(board):
    b = board()
    participant, _ = phone(b)
    real = services.participant_token(participant, "the-wrong-secret")
    assert services.participant_from_token(b, real) is None  # signed, but the secret is not theirs
    forged = signing.dumps({"p": participant.pk, "s": "x"}, salt="another.salt")
    assert services.participant_from_token(b, forged) is None
    assert services.participant_from_token(b, "garbage") is None
    assert services.participant_from_token(b, "") is None
    assert services.participant_from_token(b, None) is None
    tampered = signing.dumps(["not", "a", "dict"], salt=services.COOKIE_SALT)
    assert services.participant_from_token(b, tampered) is None


def test_a_token_of_another_board_names_nobody_here(board):
    one, two = board(), board(title="อีกกระดาน")
    _, token = services.participant_join(board=one, display_name="สมชาย")
    assert services.participant_from_token(one, token) is not None
    assert services.participant_from_token(two, token) is None


def test_a_signed_in_user_joins_once_as_themselves(board, dana, opdc):
    b = board()
    first = services.participant_for_user(board=b, user=dana)
    again = services.participant_for_user(board=b, user=dana)
    assert first == again and first.person == dana.person and first.organisation == opdc
    # A cookie can never speak for a signed-in participant.
    token = services.participant_token(first, "whatever")
    assert services.participant_from_token(b, token) is None


# --- personas -------------------------------------------------------------------------------


@pytest.fixture
def persona(board):
    b = board("persona")
    author, _ = phone(b)
    write(b, author, "ป้าสมศรี", fields={"segment": "ผู้สูงอายุ", "vulnerable_groups": ["elderly"]})
    return Persona.objects.get()


def test_a_persona_card_becomes_a_persona_of_the_lab(lab, persona):
    assert persona.lab == lab and persona.name == "ป้าสมศรี"
    assert persona.fields["segment"] == "ผู้สูงอายุ" and persona.vulnerable_groups == ["elderly"]


def test_persona_update(persona, dana):
    services.persona_update(
        persona=persona,
        by=dana,
        name=" ป้าสมศรี ใจดี ",
        fields={"segment": "ผู้สูงอายุ", "needs": "รถรับส่ง"},
        vulnerable_groups=["elderly", "disability"],
    )
    persona.refresh_from_db()
    assert persona.name == "ป้าสมศรี ใจดี" and persona.fields["needs"] == "รถรับส่ง"
    assert persona.vulnerable_groups == ["elderly", "disability"]
    assert AuditEntry.objects.filter(action="persona.update", object_id=str(persona.pk)).exists()
    assert refused(services.persona_update, persona=persona, by=dana, name=" ").message_dict == {
        "name": ["Give the persona a name."]
    }
    with pytest.raises(TypeError):
        services.persona_update(persona=persona, by=dana, lab=None)


def test_persona_delete(persona, dana):
    pk = persona.pk
    services.persona_delete(persona=persona, by=dana)
    assert not Persona.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(action="persona.delete", object_id=str(pk)).exists()


# --- boards per breakout group (boards/views/manage.py) ---------------------------------------------


def test_boards_per_group_share_a_method_and_carry_the_group_name(lab, dana, workshop, sessions):
    from boards.services import boards_create_for_groups

    one, _ = sessions
    for i in range(30):
        workshop_services.group_create(session=one, by=None, name=f"ห้อง {i + 1}")
    made = boards_create_for_groups(
        lab=lab, by=dana, method=hopes(), title="ก" * 200, workshop=workshop, session=one
    )
    assert len(made) == 30 and len({b.code for b in made}) == 30
    assert all(
        len(b.title) <= 200 and b.title.endswith(f" · ห้อง {i + 1}") for i, b in enumerate(made)
    )
