"""Lineage both ways: from a board's notes and personas to the proposals and
actions they led to, and back; and the page that starts an output from a board."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Lineage
from actions.selectors.lineage import board_picks, led_to, origins_of, proposal_prefill
from actions.services.lineage import link
from actions.services.proposals import proposal_create
from actions.tests.conftest import make_action
from audit.models import AuditEntry
from boards.models import Board, Method, Note, Participant, Persona, Theme, Vote

pytestmark = pytest.mark.django_db

_ids = itertools.count(1)


def make_board(lab, method: str = "idea-voting", **fields) -> Board:
    from boards.services import board_create

    fields.setdefault("title", "ระดมไอเดียระบบอาหาร")
    return board_create(lab=lab, by=None, method=Method.objects.get(key=method, lab=None), **fields)


def add_note(
    board: Board,
    text: str,
    *,
    zone: str = "ideas",
    votes: int = 0,
    theme: Theme | None = None,
    author: str = "คุณอามีนะห์",
    anonymous: bool = False,
    **fields,
) -> Note:
    participant, _created = Participant.objects.get_or_create(
        board=board, display_name=author, defaults={"organisation_text": "ศอ.บต."}
    )
    note = Note.objects.create(
        board=board,
        author=participant,
        client_id=f"n{next(_ids)}",
        kind=board.note_kind,
        zone=zone,
        text=text,
        theme=theme,
        anonymous=anonymous,
        **fields,
    )
    for _i in range(votes):
        voter = Participant.objects.create(board=board, display_name=f"ผู้โหวต {next(_ids)}")
        Vote.objects.create(board=board, note=note, participant=voter, client_id=f"v{next(_ids)}")
    return note


def make_persona(lab, name: str = "ก๊ะนะ แม่ค้าผักริมทาง", groups=("low_income", "women")):
    return Persona.objects.create(lab=lab, name=name, vulnerable_groups=list(groups))


@pytest.fixture
def board(lab):
    return make_board(lab)


@pytest.fixture
def proposal(lab, erin):
    return proposal_create(lab=lab, by=erin, kind="project", title_th="ตลาดอาหารชุมชน")


# --- link() -------------------------------------------------------------------------------


def test_link_is_idempotent_and_audited_once(board, proposal, dana, lab):
    note = add_note(board, "ขายผลผลิตให้โรงเรียนโดยตรง")
    persona = make_persona(lab)
    made = link(by=dana, notes=[note], personas=[persona], proposal=proposal)
    assert len(made) == 2
    assert link(by=dana, notes=[note], personas=[persona], proposal=proposal) == []
    assert Lineage.objects.filter(proposal=proposal).count() == 2
    entries = AuditEntry.objects.filter(action="actions.lineage.link")
    assert entries.count() == 1
    assert entries.get().changes == {"notes": [note.pk], "personas": [persona.pk]}


def test_link_refuses_notes_and_personas_of_another_lab(board, proposal, dana, private_lab):
    other = add_note(make_board(private_lab), "โน้ตของอีกแล็บ")
    with pytest.raises(ValidationError) as error:
        link(by=dana, notes=[other], proposal=proposal)
    assert "notes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        link(by=dana, personas=[make_persona(private_lab)], proposal=proposal)
    assert "personas" in error.value.message_dict
    assert not Lineage.objects.exists()


def test_link_refuses_notes_the_room_cannot_see_and_a_missing_target(board, proposal, dana):
    from django.utils import timezone

    deleted = add_note(board, "ลบแล้ว", deleted_at=timezone.now())
    hidden = add_note(board, "ซ่อนแล้ว", hidden=True)
    face_down = add_note(board, "ยังคว่ำอยู่", private=True)
    for note in (deleted, hidden, face_down):
        with pytest.raises(ValidationError):
            link(by=dana, notes=[note], proposal=proposal)
    with pytest.raises(TypeError):
        link(by=dana, notes=[])
    assert not Lineage.objects.exists()


# --- Both ways ----------------------------------------------------------------------------


def test_origins_name_the_organisation_never_the_author(
    client, client_for, board, proposal, dana, lab
):
    theme = Theme.objects.create(board=board, label="ตลาด")
    named = add_note(board, "ตลาดนัดชุมชน", theme=theme, author="คุณสุไลมาน")
    secret = add_note(board, "ขอเงินทุนหมุนเวียน", author="คุณมะรอนิง", anonymous=True)
    hidden = add_note(board, "โน้ตที่จะถูกซ่อน")
    persona = make_persona(lab)
    link(by=dana, notes=[named, secret, hidden], personas=[persona], proposal=proposal)
    Note.objects.filter(pk=hidden.pk).update(hidden=True)

    origins = origins_of(proposal=proposal)
    assert [o.note.pk for o in origins.notes] == [named.pk, secret.pk]
    first, second = origins.notes
    assert (first.organisation, first.theme, first.board) == ("ศอ.บต.", theme, board)
    assert second.organisation == ""  # written in anonymous mode: not even the organisation
    assert origins.personas == [persona]
    # Nobody who took part is named to readers of the proposal, however
    # much they may see: only the organisation.
    for reader in (client, client_for(dana)):
        html = reader.get(proposal.get_absolute_url()).content.decode()
        assert "ตลาดนัดชุมชน" in html and "ศอ.บต." in html
        assert "คุณสุไลมาน" not in html and "คุณมะรอนิง" not in html


def test_a_note_and_a_persona_lead_to_proposals_and_actions(board, proposal, plan, opdc, dana, lab):
    note = add_note(board, "แบบฟอร์มเดียว")
    persona = make_persona(lab)
    action = make_action(plan, "ลดแบบฟอร์ม", lead=opdc, by=dana)
    link(by=dana, notes=[note], personas=[persona], proposal=proposal)
    link(by=dana, notes=[note], action=action)
    assert led_to(note=note).proposals == [proposal]
    assert led_to(note=note).actions == [action]
    assert led_to(persona=persona).proposals == [proposal]
    assert not led_to(persona=persona).actions
    assert origins_of(action=action).notes[0].note == note


def test_the_persona_page_shows_what_it_led_to(client, lab, proposal, dana):
    persona = make_persona(lab)
    link(by=dana, personas=[persona], proposal=proposal)
    html = client.get(reverse("boards:persona", args=[lab.pk, persona.pk])).content.decode()
    assert proposal.get_absolute_url() in html and proposal.title_th in html


# --- Picking from a board -------------------------------------------------------------------


def test_picks_rank_notes_by_votes_within_themes(board, lab, proposal, dana):
    market = Theme.objects.create(board=board, label="ตลาด", order=1)
    data = Theme.objects.create(board=board, label="ข้อมูล", order=2)
    low = add_note(board, "ตลาดนัด", theme=market, votes=1)
    high = add_note(board, "รับซื้อทุกสัปดาห์", theme=market, votes=3)
    shared = add_note(board, "ข้อมูลชุดเดียว", theme=data)
    loose = add_note(board, "ยังไม่จัดกลุ่ม", votes=5)
    add_note(board, "ซ่อน", hidden=True)
    add_note(board, "คว่ำอยู่", private=True)
    link(by=dana, notes=[high], proposal=proposal)
    persona = make_persona(lab)

    picks = board_picks(board)
    assert [g.theme for g in picks.groups] == [market, data, None]
    assert [[p.note for p in g.notes] for g in picks.groups] == [[high, low], [shared], [loose]]
    assert [p.votes for p in picks.groups[0].notes] == [3, 1]
    assert picks.groups[0].notes[0].led.proposals == [proposal]
    assert not picks.groups[0].notes[1].led and picks.groups[0].notes[0].zone == "ไอเดีย"
    assert [(p.persona, bool(p.led)) for p in picks.personas] == [(persona, False)]


def test_a_proposal_is_drafted_from_the_picked_notes(board, lab):
    theme = Theme.objects.create(board=board, label="ตลาดชุมชน")
    idea = add_note(board, "ตลาดนัดหน้าโรงพยาบาล", theme=theme)
    hopes = make_board(lab, "hopes-fears")
    fear = add_note(hopes, "ราคาตก", zone="fears")
    persona = make_persona(lab)
    project = proposal_prefill(kind="project", notes=[idea, fear], personas=[persona])
    assert project["title_th"] == "ตลาดชุมชน"
    assert project["activities"] == "- ตลาดนัดหน้าโรงพยาบาล"
    assert project["objectives"] == "- ราคาตก"
    assert project["personas"] == [persona.pk]
    assert project["affected_groups"] == "ผู้มีรายได้น้อย\nผู้หญิง"
    policy = proposal_prefill(kind="policy", notes=[idea, fear], personas=[])
    assert (policy["options"], policy["problem"]) == ("- ตลาดนัดหน้าโรงพยาบาล", "- ราคาตก")


# --- The page --------------------------------------------------------------------------------


def test_only_those_who_run_the_board_open_its_outputs_page(
    client, client_for, board, dana, erin, charlie, alice
):
    url = reverse("actions:from_board", args=[board.pk])
    assert client.get(url).status_code == 302  # sign in first
    assert client_for(charlie).get(url).status_code == 403
    assert client_for(erin).get(url).status_code == 403
    assert client_for(alice).get(url).status_code == 200
    assert client_for(dana).get(url).status_code == 200


def test_a_members_only_labs_board_is_a_404(client_for, private_lab, bob):
    url = reverse("actions:from_board", args=[make_board(private_lab).pk])
    assert client_for(bob).get(url).status_code == 404


def test_the_board_page_links_to_its_outputs_page(client_for, board, dana):
    html = client_for(dana).get(reverse("boards:manage", args=[board.pk])).content.decode()
    assert reverse("actions:from_board", args=[board.pk]) in html


def test_the_outputs_a_note_led_to_are_listed_on_the_boards_pages(
    client_for, board, dana, lab, plan, opdc, proposal
):
    note = add_note(board, "ตลาดนัดหน้าโรงพยาบาล")
    other = add_note(board, "ยังไม่ได้ใช้")
    persona = make_persona(lab)
    action = make_action(plan, "ตั้งจุดรับซื้อผัก", lead=opdc, by=dana)
    link(by=dana, notes=[note], personas=[persona], proposal=proposal)
    link(by=dana, notes=[note], action=action)
    client = client_for(dana)

    html = client.get(reverse("actions:from_board", args=[board.pk])).content.decode()
    item = html.split(f'data-note="{note.pk}"')[1].split("</li>")[0]
    assert proposal.get_absolute_url() in item and proposal.title_th in item
    assert action.get_absolute_url() in item and action.title_th in item
    assert "data-led-to" not in html.split(f'data-note="{other.pk}"')[1].split("</li>")[0]
    persona_item = html.split(f'data-persona="{persona.pk}"')[1].split("</li>")[0]
    assert proposal.get_absolute_url() in persona_item

    manage = client.get(reverse("boards:manage", args=[board.pk])).content.decode()
    outputs = manage.split('data-section="outputs"')[1].split("</section>")[0]
    assert proposal.get_absolute_url() in outputs and action.get_absolute_url() in outputs
    # Another board's page names none of them.
    elsewhere = make_board(lab, title="กระดานอื่น")
    manage = client.get(reverse("boards:manage", args=[elsewhere.pk])).content.decode()
    assert proposal.get_absolute_url() not in manage.split('data-section="outputs"')[1]


def test_picked_notes_go_on_to_a_new_proposal(client_for, board, dana, lab, private_lab):
    note = add_note(board, "ตลาดนัดชุมชน", votes=2)
    persona = make_persona(lab)
    foreign = make_persona(private_lab)
    url = reverse("actions:from_board", args=[board.pk])
    client = client_for(dana)
    page = client.get(url).content.decode()
    assert "ตลาดนัดชุมชน" in page and persona.name in page

    response = client.get(
        url, {"notes": [note.pk], "personas": [persona.pk, foreign.pk], "go": "project"}
    )
    assert response.status_code == 302
    create = reverse("actions:proposal_create", args=[lab.pk])
    assert response.url == f"{create}?kind=project&notes={note.pk}&personas={persona.pk}"

    form = client.get(response.url).content.decode()
    assert "- ตลาดนัดชุมชน" in form  # drafted into the activities
    response = client.post(
        response.url, {"title_th": "ตลาดนัดชุมชนเชื่อมโรงพยาบาล", "personas": [persona.pk]}
    )
    assert response.status_code == 302
    line = Lineage.objects.get(note=note)
    assert line.proposal.title_th == "ตลาดนัดชุมชนเชื่อมโรงพยาบาล"
    assert Lineage.objects.filter(persona=persona, proposal=line.proposal).exists()
    detail = client.get(response.url).content.decode()
    assert "ตลาดนัดชุมชน" in detail and reverse("boards:manage", args=[board.pk]) in detail


def test_going_on_needs_a_pick_and_for_an_action_a_plan(client_for, board, dana, plan):
    note = add_note(board, "ตลาดนัดชุมชน")
    client = client_for(dana)
    url = reverse("actions:from_board", args=[board.pk])
    assert client.get(url, {"go": "policy"}).status_code == 400
    assert client.get(url, {"go": "action", "notes": note.pk, "plan": 0}).status_code == 400
    response = client.get(url, {"go": "action", "notes": note.pk, "plan": plan.pk})
    assert response.status_code == 302
    assert response.url == reverse("actions:action_create", args=[plan.pk]) + f"?notes={note.pk}"


def test_a_face_down_note_is_not_read_through_a_new_proposals_url(client_for, board, erin, lab):
    face_down = add_note(board, "ความลับในโหมดส่วนตัว", private=True)
    path = reverse("actions:proposal_create", args=[lab.pk])
    html = client_for(erin).get(path, {"kind": "policy", "notes": face_down.pk}).content.decode()
    assert "ความลับในโหมดส่วนตัว" not in html
