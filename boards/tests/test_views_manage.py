"""The pages that manage boards, methods and personas: what they show, to
whom, what they write (through services and live operations), and at what
cost in queries."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from boards.live.operations import handle
from boards.models import Board, Method, Persona
from boards.selectors import Actor
from boards.services import participant_for_user
from boards.tests.conftest import in_english, phone
from conftest import count_queries
from labs.services import challenge_create
from workshops import services as workshop_services
from workshops.tests.conftest import at, make_lab

pytestmark = pytest.mark.django_db


# --- helpers shared with the other boards tests ---------------------------------------


def actor_of(participant, *, facilitator: bool = False) -> Actor:
    return Actor.of(participant, facilitator=facilitator)


def send(board, actor, kind, **fields):
    with translation.override("en"):
        return handle(board_id=board.pk, actor=actor, kind=kind, fields=fields)


_cid = iter(range(10**6))


def write(board, participant, text="อยากให้หน่วยงานทำงานร่วมกัน", zone=None, **extra):
    """A note added the way a phone adds it; returns its id."""
    zone = zone or board.zone_keys()[0]
    outcome = send(
        board,
        actor_of(participant),
        "note.add",
        id=f"cid-{next(_cid):08d}",
        zone=zone,
        text=text,
        **extra,
    )
    return outcome.reply["note"]


def facilitate(board, user, kind, **fields):
    return send(
        board,
        actor_of(participant_for_user(board=board, user=user), facilitator=True),
        kind,
        **fields,
    )


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def session(workshop):
    return workshop_services.session_add(
        workshop=workshop, by=None, title_th="ระดมความคิด", starts_at=at(5, 9), ends_at=at(5, 12)
    )


@pytest.fixture
def groups(session):
    return [
        workshop_services.group_create(session=session, by=None, name=f"กลุ่ม {i}")
        for i in range(1, 4)
    ]


@pytest.fixture
def challenge(lab):
    return challenge_create(lab=lab, by=None, title_th="ลดขั้นตอนการขออนุญาต")


def hopes(lab) -> Method:
    return Method.objects.get(key="hopes-fears", lab=None)


# --- the boards of a lab -----------------------------------------------------------------


def test_the_lab_boards_page_lists_boards_with_codes_for_facilitators(
    client_for, dana, lab, board, workshop
):
    b = board(workshop=workshop)
    participant, _ = phone(b)
    write(b, participant)
    html = page(client_for(dana), reverse("boards:lab_boards", args=[lab.pk]))
    assert b.title in html and b.code in html
    assert reverse("boards:manage", args=[b.pk]) in html
    assert workshop.title in html
    assert 'data-field="notes">1<' in html and 'data-field="participants">1<' in html


def test_participants_of_the_lab_see_boards_but_not_their_codes(client_for, erin, lab, board):
    b = board()
    html = page(client_for(erin), reverse("boards:lab_boards", args=[lab.pk]))
    assert b.title in html
    assert b.code not in html
    assert reverse("boards:manage", args=[b.pk]) not in html


def test_the_boards_of_a_members_only_lab_are_a_404_to_outsiders(
    client, client_for, charlie, board, private_lab
):
    board(lab=private_lab, title="ภายใน")
    page(client, reverse("boards:lab_boards", args=[private_lab.pk]), 404)
    page(client_for(charlie), reverse("boards:lab_boards", args=[private_lab.pk]), 404)


def test_the_boards_page_filters_by_workshop(client_for, dana, lab, board, workshop):
    in_workshop = board(title="ในเวิร์กช็อป", workshop=workshop)
    elsewhere = board(title="นอกเวิร์กช็อป")
    html = page(
        client_for(dana), reverse("boards:lab_boards", args=[lab.pk]) + f"?workshop={workshop.pk}"
    )
    assert in_workshop.title in html and elsewhere.title not in html


def _grow(board, workshop, session, groups, n: int):
    for i in range(n):
        b = board(
            title=f"กระดาน {n}-{i}",
            workshop=workshop,
            session=session,
            group=groups[i % len(groups)],
        )
        for j in range(3):
            participant, _ = phone(b, f"คน {i}-{j}")
            write(b, participant, f"โน้ต {i}-{j}")


@pytest.mark.parametrize("persona", ["dana", "erin", "alice"])
def test_the_lab_boards_page_costs_the_same_queries_whatever_the_size(
    request,
    client_for,
    lab,
    board,
    workshop,
    session,
    groups,
    persona,
    django_assert_max_num_queries,
):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("boards:lab_boards", args=[lab.pk])
    _grow(board, workshop, session, groups, 2)
    small = count_queries(client, url)
    _grow(board, workshop, session, groups, 12)
    with django_assert_max_num_queries(small):
        html = page(client, url)
    assert html.count("data-board=") == 14


# --- creating boards --------------------------------------------------------------------------


def test_the_new_board_form_offers_the_methods_with_their_descriptions(
    client_for, dana, lab, workshop
):
    own = Method.objects.create(
        lab=lab, key="keep-change", name_th="รักษาและเปลี่ยน", definition=hopes(lab).definition
    )
    other = Method.objects.create(
        lab=make_lab("อีกแล็บ"), key="other", name_th="ของแล็บอื่น", definition=hopes(lab).definition
    )
    html = page(
        client_for(dana), reverse("boards:board_create", args=[lab.pk]) + f"?workshop={workshop.pk}"
    )
    assert hopes(lab).name_th in html and hopes(lab).description_th in html
    assert own.name_th in html and other.name_th not in html
    assert f'<option value="{workshop.pk}" selected>' in html
    assert "stakeholder" in html.lower() or "ผู้มีส่วนได้ส่วนเสีย" in html


def test_a_facilitator_creates_a_board(client_for, dana, lab, workshop, session, challenge):
    response = client_for(dana).post(
        reverse("boards:board_create", args=[lab.pk]),
        {
            "method": hopes(lab).pk,
            "title": "ความหวังต่อโครงการ",
            "prompt": "คุณหวังอะไรจากวันนี้",
            "session": session.pk,
            "challenge": challenge.pk,
        },
    )
    board = Board.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "boards:manage", args=[board.pk]
    )
    # Picking the session says which workshop too.
    assert (board.workshop, board.session, board.challenge) == (workshop, session, challenge)
    assert board.prompt == "คุณหวังอะไรจากวันนี้" and board.created_by == dana
    assert AuditEntry.objects.filter(action="board.create", object_id=str(board.pk)).exists()


def test_a_participant_cannot_create_a_board(client_for, erin, lab):
    response = client_for(erin).post(
        reverse("boards:board_create", args=[lab.pk]), {"method": hopes(lab).pk, "title": "x"}
    )
    assert response.status_code == 403
    assert not Board.objects.exists()


def test_a_session_of_another_labs_workshop_is_not_offered(client_for, dana, lab):
    other = workshop_services.workshop_create(by=None, lab=make_lab("อีกแล็บ"), title_th="อื่น")
    foreign = workshop_services.session_add(
        workshop=other, by=None, title_th="อื่น", starts_at=at(6, 9), ends_at=at(6, 10)
    )
    response = client_for(in_english(dana)).post(
        reverse("boards:board_create", args=[lab.pk]),
        {"method": hopes(lab).pk, "title": "x", "session": foreign.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Board.objects.exists()


def test_one_board_per_breakout_group(client_for, dana, lab, workshop, session, groups):
    response = client_for(dana).post(
        reverse("boards:board_create", args=[lab.pk]),
        {"method": hopes(lab).pk, "title": "ห้องย่อย", "session": session.pk, "per_group": "on"},
    )
    assert response.status_code == 302
    boards = list(Board.objects.order_by("pk"))
    assert [b.title for b in boards] == ["ห้องย่อย · กลุ่ม 1", "ห้องย่อย · กลุ่ม 2", "ห้องย่อย · กลุ่ม 3"]
    assert [b.group for b in boards] == groups
    assert {b.session for b in boards} == {session} and len({b.code for b in boards}) == 3


def test_boards_per_group_are_all_made_or_none(client_for, dana, lab, session, groups):
    from boards import services

    real = services.board_create
    calls = []

    def third_fails(**kwargs):
        calls.append(kwargs["group"])
        if len(calls) == 3:
            from django.core.exceptions import ValidationError

            raise ValidationError({"title": "refused"})
        return real(**kwargs)

    with mock.patch.object(services, "board_create", side_effect=third_fails):
        response = client_for(dana).post(
            reverse("boards:board_create", args=[lab.pk]),
            {"method": hopes(lab).pk, "title": "ห้องย่อย", "session": session.pk, "per_group": "on"},
        )
    assert response.status_code == 400 and len(calls) == 3
    assert not Board.objects.exists()


def test_boards_per_group_need_a_session_with_groups(client_for, dana, lab, session):
    client = client_for(in_english(dana))
    url = reverse("boards:board_create", args=[lab.pk])
    response = client.post(url, {"method": hopes(lab).pk, "title": "ห้อง", "per_group": "on"})
    assert "Pick the session whose breakout groups get a board." in response.content.decode()
    response = client.post(
        url, {"method": hopes(lab).pk, "title": "ห้อง", "session": session.pk, "per_group": "on"}
    )
    assert response.status_code == 400
    assert "This session has no breakout groups yet." in response.content.decode()
    assert not Board.objects.exists()


# --- one board ---------------------------------------------------------------------------------


def test_the_manage_page_shows_code_settings_participants_and_themes(client_for, dana, board, opdc):
    b = board()
    typed, _ = phone(b, "สมหญิง", organisation_text="อบต.ตัวอย่าง")
    linked, _ = phone(b, "สมชาย", organisation=opdc)
    first = write(b, typed, "อยากให้ข้อมูลเชื่อมกัน")
    write(b, linked, "กลัวงานซ้ำซ้อน", zone="fears")
    facilitate(b, dana, "theme.add", label="การเชื่อมข้อมูล", notes=[first])
    html = page(client_for(dana), reverse("boards:manage", args=[b.pk]))
    for text in [
        b.code,
        "สมหญิง",
        "อบต.ตัวอย่าง",
        "สมชาย",
        opdc.display_name,
        "การเชื่อมข้อมูล",
        "อยากให้ข้อมูลเชื่อมกัน",
    ]:
        assert text in html, text
    assert reverse("boards:participant_link", args=[b.pk]) in html
    assert reverse("boards:export", args=[b.pk, "xlsx"]) in html
    assert '<tr data-zone="fears">' in html
    # A form to link the typed organisation; none for the one already linked.
    assert html.count('data-form="link"') == 1


def test_only_those_who_run_the_lab_see_the_manage_page(client, client_for, erin, charlie, board):
    b = board()
    page(client_for(erin), reverse("boards:manage", args=[b.pk]), 403)
    client.logout()
    assert client.get(reverse("boards:manage", args=[b.pk])).status_code == 302  # to sign in


def test_a_facilitator_links_a_typed_organisation_to_the_directory(client_for, dana, board, opdc):
    b = board()
    typed, _ = phone(b, "สมหญิง", organisation_text="สำนักงาน กพร")
    response = client_for(dana).post(
        reverse("boards:participant_link", args=[b.pk]),
        {"participant": typed.pk, "organisation": f"x #{opdc.pk}"},
    )
    assert response.status_code == 302
    typed.refresh_from_db()
    assert typed.organisation == opdc and typed.organisation_text == "สำนักงาน กพร"
    assert AuditEntry.objects.filter(action="participant.link", object_id=str(typed.pk)).exists()


def test_a_participant_of_another_board_cannot_be_linked_here(client_for, dana, board, opdc):
    b, other = board(), board(title="อื่น")
    stranger, _ = phone(other, "คนอื่น")
    response = client_for(in_english(dana)).post(
        reverse("boards:participant_link", args=[b.pk]),
        {"participant": stranger.pk, "organisation": str(opdc.pk)},
        follow=True,
    )
    assert "There is no such participant on this board." in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.organisation is None


def test_an_unknown_organisation_is_explained_next_to_the_field(client_for, dana, board):
    b = board()
    typed, _ = phone(b, "สมหญิง")
    response = client_for(in_english(dana)).post(
        reverse("boards:participant_link", args=[b.pk]),
        {"participant": typed.pk, "organisation": "ไม่มีหน่วยงานนี้แน่นอน"},
    )
    assert response.status_code == 400
    assert "No organisation in the directory is called" in response.content.decode()


def test_personas_and_stakeholders_made_on_a_board_are_listed(
    client_for, dana, lab, board, challenge, opdc
):
    persona_board = board("persona", title="เพอร์โซนา")
    author, _ = phone(persona_board)
    write(
        persona_board,
        author,
        "ป้าสมศรี",
        fields={"segment": "ผู้สูงอายุ", "vulnerable_groups": ["elderly"]},
    )
    html = page(client_for(dana), reverse("boards:manage", args=[persona_board.pk]))
    persona = Persona.objects.get()
    assert reverse("boards:persona", args=[lab.pk, persona.pk]) in html

    stakeholders = board("stakeholder-map", title="แผนที่", challenge=challenge)
    author, _ = phone(stakeholders)
    write(stakeholders, author, "ก.พ.ร. มีอำนาจมาก", zone="manage_closely", organisation=opdc.pk)
    html = page(client_for(dana), reverse("boards:manage", args=[stakeholders.pk]))
    assert 'data-list="stakeholders"' in html and opdc.name_th in html


def test_who_contributed_is_grouped_by_organisation(client_for, dana, board, opdc):
    b = board()
    for name in ["หนึ่ง", "สอง"]:
        participant, _ = phone(b, name, organisation=opdc)
        write(b, participant)
    lurker, _ = phone(b, "ดูเฉยๆ", organisation_text="ที่อื่น")
    html = page(client_for(dana), reverse("boards:manage", args=[b.pk]))
    section = html.split('data-list="contributors"')[1].split("</table>")[0]
    assert opdc.display_name in section and "หนึ่ง, สอง" in section
    assert "ดูเฉยๆ" not in section


def _fill(board, n: int, opdc):
    for i in range(n):
        participant, _ = phone(board, f"คน {n}-{i}", organisation=opdc if i % 2 else None)
        write(board, participant, f"ความหวัง {n}-{i}")
        write(board, participant, f"ความกังวล {n}-{i}", zone="fears")


def test_the_manage_page_costs_the_same_queries_whatever_the_size(
    client_for, dana, board, opdc, workshop, django_assert_max_num_queries
):
    b = board(workshop=workshop)
    client = client_for(dana)
    url = reverse("boards:manage", args=[b.pk])
    _fill(b, 2, opdc)
    client.get(url)  # warm caches (content types, the session)
    small = count_queries(client, url)
    _fill(b, 40, opdc)
    with django_assert_max_num_queries(small):
        html = page(client, url)
    assert html.count("data-participant=") == 42


def test_a_facilitator_edits_and_closes_a_board(client_for, dana, board, challenge):
    b = board()
    response = client_for(dana).post(
        reverse("boards:board_edit", args=[b.pk]),
        {"title": "ชื่อใหม่", "prompt": "คำถามใหม่", "status": "closed", "challenge": challenge.pk},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.title, b.prompt, b.status, b.challenge) == ("ชื่อใหม่", "คำถามใหม่", "closed", challenge)
    assert AuditEntry.objects.filter(action="board.update", object_id=str(b.pk)).exists()


def test_a_challenge_of_another_lab_is_refused(client_for, dana, board):
    b = board()
    foreign = challenge_create(lab=make_lab("อีกแล็บ"), by=None, title_th="ของคนอื่น")
    response = client_for(dana).post(
        reverse("boards:board_edit", args=[b.pk]),
        {"title": "x", "status": "open", "challenge": foreign.pk},
    )
    assert response.status_code == 400
    b.refresh_from_db()
    assert b.challenge is None and b.title != "x"


# --- exports through the pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")]
)
def test_an_export_is_a_named_download(client_for, dana, board, fmt, content_type):
    b = board()
    response = client_for(dana).get(reverse("boards:export", args=[b.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"saphan-board-{b.code}-" in disposition
    assert disposition.endswith(f'.{fmt}"')
    assert b"".join(response.streaming_content)


def test_exports_are_for_those_who_run_the_lab(client_for, erin, dana, board):
    b = board()
    assert client_for(erin).get(reverse("boards:export", args=[b.pk, "csv"])).status_code == 403
    assert client_for(dana).get(reverse("boards:export", args=[b.pk, "doc"])).status_code == 404


# --- methods ------------------------------------------------------------------------------------


def test_the_methods_page_shows_methods_in_words(client, lab):
    html = page(client, reverse("boards:methods", args=[lab.pk]))
    assert "ความหวัง" in html and "ผืนผ้าใบบุคลิกผู้ใช้" in html
    assert '"zones"' not in html and "name_th" not in html


def test_a_method_page_describes_zones_fields_and_rules(client_for, erin, lab):
    persona = Method.objects.get(key="persona", lab=None)
    html = page(client_for(in_english(erin)), reverse("boards:method", args=[lab.pk, persona.pk]))
    assert "Vulnerable groups" in html and "Older people" in html and "A canvas of cards" in html
    voting = Method.objects.get(key="idea-voting", lab=None)
    html = page(client_for(erin), reverse("boards:method", args=[lab.pk, voting.pk]))
    assert "Dot voting: 3 dots per person" in html


def _method_post(**changes):
    import json

    data = {
        "key": "keep-change",
        "name_th": "รักษาและเปลี่ยน",
        "name_en": "Keep and change",
        "description_th": "",
        "description_en": "",
        "definition": json.dumps(
            {
                "layout": "columns",
                "zones": [
                    {"key": "keep", "name_th": "รักษา", "name_en": "Keep", "color": "green"},
                    {"key": "change", "name_th": "เปลี่ยน", "name_en": "Change"},
                ],
            },
            ensure_ascii=False,
        ),
    }
    return data | changes


def test_a_facilitator_adds_a_method_to_the_lab(client_for, dana, lab):
    response = client_for(dana).post(reverse("boards:method_create", args=[lab.pk]), _method_post())
    method = Method.objects.get(lab=lab)
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:method", args=[lab.pk, method.pk])
    assert [z["key"] for z in method.definition["zones"]] == ["keep", "change"]
    assert method.definition["rules"]["voting"] is False  # filled in by check_definition


def test_broken_json_is_explained_next_to_the_definition(client_for, dana, lab):
    response = client_for(in_english(dana)).post(
        reverse("boards:method_create", args=[lab.pk]), _method_post(definition='{"zones": [}')
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This is not valid JSON" in html and "line 1" in html
    assert html.index("This is not valid JSON") > html.index('name="name_en"')
    assert not Method.objects.filter(lab=lab).exists()


@pytest.mark.parametrize(
    ("definition", "message", "thai"),
    [
        (
            '{"layout": "spiral", "zones": [{"key": "a", "name_th": "ก"}]}',
            "Unknown layout spiral.",
            "spiral",
        ),
        ('{"zones": []}', "A method needs at least one zone", "อย่างน้อย"),
        ('{"zones": [{"key": "A B", "name_th": "ก"}]}', "Zone 1 needs a key", "Zone 1"),
    ],
)
def test_a_bad_definition_is_refused_in_the_users_language(
    client_for, dana, lab, definition, message, thai
):
    response = client_for(in_english(dana)).post(
        reverse("boards:method_create", args=[lab.pk]), _method_post(definition=definition)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Method.objects.filter(lab=lab).exists()


def test_a_copy_starts_from_the_methods_definition(client_for, dana, lab):
    source = Method.objects.get(key="stakeholder-map", lab=None)
    html = page(
        client_for(dana), reverse("boards:method_create", args=[lab.pk]) + f"?copy={source.pk}"
    )
    assert 'value="stakeholder-map-copy"' in html and "keep_satisfied" in html


def test_a_labs_method_is_edited_and_a_built_in_one_is_not(client_for, dana, lab):
    client = client_for(dana)
    client.post(reverse("boards:method_create", args=[lab.pk]), _method_post())
    method = Method.objects.get(lab=lab)
    response = client.post(
        reverse("boards:method_edit", args=[lab.pk, method.pk]), _method_post(name_th="ชื่อใหม่")
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert method.name_th == "ชื่อใหม่"
    builtin = Method.objects.get(key="hopes-fears", lab=None)
    assert client.get(reverse("boards:method_edit", args=[lab.pk, builtin.pk])).status_code == 403


def test_a_method_of_another_lab_is_a_404_here(client_for, dana, lab):
    other = Method.objects.create(
        lab=make_lab("อีกแล็บ"), key="x", name_th="ของคนอื่น", definition=hopes(lab).definition
    )
    page(client_for(dana), reverse("boards:method", args=[lab.pk, other.pk]), 404)
    page(
        client_for(dana), reverse("boards:method_create", args=[lab.pk]) + f"?copy={other.pk}", 404
    )


def test_a_method_boards_use_is_not_deleted(client_for, dana, lab, board):
    client = client_for(in_english(dana))
    client.post(reverse("boards:method_create", args=[lab.pk]), _method_post())
    method = Method.objects.get(lab=lab)
    board_create_with(method, lab, dana)
    response = client.post(reverse("boards:method_delete", args=[lab.pk, method.pk]), follow=True)
    assert "Boards use this method; it cannot be deleted." in response.content.decode()
    assert Method.objects.filter(pk=method.pk).exists()


def board_create_with(method, lab, by):
    from boards.services import board_create

    return board_create(lab=lab, by=by, method=method, title="ใช้วิธีของแล็บ")


def test_an_unused_method_is_deleted(client_for, dana, lab):
    client = client_for(dana)
    client.post(reverse("boards:method_create", args=[lab.pk]), _method_post())
    method = Method.objects.get(lab=lab)
    page(client, reverse("boards:method_delete", args=[lab.pk, method.pk]))
    response = client.post(reverse("boards:method_delete", args=[lab.pk, method.pk]))
    assert response.status_code == 302 and not Method.objects.filter(pk=method.pk).exists()


def test_participants_cannot_add_methods(client_for, erin, lab):
    response = client_for(erin).post(reverse("boards:method_create", args=[lab.pk]), _method_post())
    assert response.status_code == 403 and not Method.objects.filter(lab=lab).exists()


# --- personas ------------------------------------------------------------------------------------


@pytest.fixture
def persona(board):
    b = board("persona", title="ผืนผ้าใบเพอร์โซนา")
    author, _ = phone(b)
    write(
        b,
        author,
        "ป้าสมศรี",
        fields={
            "segment": "ผู้สูงอายุในชนบท",
            "quote": "ไปโรงพยาบาลทีต้องเสียทั้งวัน",
            "needs": "บริการใกล้บ้าน",
            "vulnerable_groups": ["elderly", "rural_remote"],
        },
    )
    return Persona.objects.get()


def test_the_personas_page_shows_cards(client, lab, persona):
    html = page(client, reverse("boards:personas", args=[lab.pk]))
    for text in [
        "ป้าสมศรี",
        "ผู้สูงอายุในชนบท",
        "ไปโรงพยาบาลทีต้องเสียทั้งวัน",
        "ผู้สูงอายุ",
        "ผู้อยู่ในพื้นที่ห่างไกล",
        "ผืนผ้าใบเพอร์โซนา",
    ]:
        assert text in html, text


def test_a_persona_page_shows_every_canvas_field_in_the_users_language(
    client_for, erin, lab, persona
):
    html = page(client_for(in_english(erin)), reverse("boards:persona", args=[lab.pk, persona.pk]))
    for text in [
        "Group or segment",
        "Needs",
        "Barriers to services",
        "บริการใกล้บ้าน",
        "Older people",
    ]:
        assert text in html, text
    assert reverse("boards:persona_edit", args=[lab.pk, persona.pk]) not in html


def test_a_facilitator_edits_a_persona(client_for, dana, lab, persona):
    response = client_for(dana).post(
        reverse("boards:persona_edit", args=[lab.pk, persona.pk]),
        {
            "name": "ป้าสมศรี ใจดี",
            "field_needs": "รถรับส่ง",
            "field_segment": "ผู้สูงอายุ",
            "vulnerable_groups": ["disability"],
        },
    )
    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.name == "ป้าสมศรี ใจดี"
    assert persona.fields["needs"] == "รถรับส่ง" and persona.fields["quote"] == ""
    assert persona.vulnerable_groups == ["disability"]
    assert AuditEntry.objects.filter(action="persona.update", object_id=str(persona.pk)).exists()


def test_participants_cannot_edit_or_delete_personas(client_for, erin, lab, persona):
    client = client_for(erin)
    assert (
        client.post(
            reverse("boards:persona_edit", args=[lab.pk, persona.pk]), {"name": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("boards:persona_delete", args=[lab.pk, persona.pk])).status_code == 403
    )
    assert Persona.objects.filter(pk=persona.pk, name="ป้าสมศรี").exists()


def test_a_facilitator_deletes_a_persona(client_for, dana, lab, persona):
    response = client_for(dana).post(reverse("boards:persona_delete", args=[lab.pk, persona.pk]))
    assert response.status_code == 302 and not Persona.objects.exists()
    assert AuditEntry.objects.filter(action="persona.delete").exists()


def test_a_persona_of_a_members_only_lab_is_a_404_to_outsiders(client, board, private_lab):
    b = board("persona", lab=private_lab)
    author, _ = phone(b)
    write(b, author, "ลุงมี")
    persona = Persona.objects.get()
    page(client, reverse("boards:persona", args=[private_lab.pk, persona.pk]), 404)
    page(client, reverse("boards:personas", args=[private_lab.pk]), 404)


# --- links from the lab, workshop and challenge pages --------------------------------------------------


def test_the_lab_page_lists_boards_and_links_to_methods_and_personas(
    client, client_for, dana, lab, board
):
    b = board()
    html = page(client_for(dana), lab.get_absolute_url())
    for url in [
        reverse("boards:board_create", args=[lab.pk]),
        reverse("boards:lab_boards", args=[lab.pk]),
        reverse("boards:methods", args=[lab.pk]),
        reverse("boards:personas", args=[lab.pk]),
        reverse("boards:manage", args=[b.pk]),
    ]:
        assert url in html, url
    client.logout()
    html = page(client, lab.get_absolute_url())
    assert b.title in html and reverse("boards:board_create", args=[lab.pk]) not in html


def test_the_workshop_page_lists_its_boards(client_for, dana, erin, lab, board, workshop):
    b = board(workshop=workshop)
    html = page(client_for(dana), workshop.get_absolute_url())
    assert reverse("boards:board_create", args=[lab.pk]) + f"?workshop={workshop.pk}" in html
    assert b.title in html and b.code in html
    html = page(client_for(erin), workshop.get_absolute_url())
    assert b.title in html and b.code not in html


def test_the_challenge_page_lists_its_boards_and_where_stakeholders_come_from(
    client_for, dana, lab, board, challenge
):
    b = board("stakeholder-map", title="แผนที่ผู้มีส่วนได้ส่วนเสียของโจทย์", challenge=challenge)
    html = page(client_for(in_english(dana)), challenge.get_absolute_url())
    assert b.title in html
    assert "stakeholder-map board" in html
    assert reverse("boards:board_create", args=[lab.pk]) + f"?challenge={challenge.pk}" in html


def test_dates_on_the_boards_page_are_in_the_buddhist_era(client_for, dana, lab, board):
    b = board()
    Board.objects.filter(pk=b.pk).update(created_at=dt.datetime(2024, 3, 5, 3, tzinfo=dt.UTC))
    html = page(client_for(dana), reverse("boards:lab_boards", args=[lab.pk]))
    assert "5 มี.ค. 67" in html
