"""What each board message does, called the way the consumer calls it."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from audit.models import AuditEntry
from boards.live.operations import Event, OperationError, handle
from boards.models import Board, Note, Persona, Theme, Vote
from boards.selectors import Actor, snapshot
from boards.services import participant_for_user
from boards.tests.conftest import phone

pytestmark = pytest.mark.django_db


def actor_of(participant, *, facilitator: bool = False) -> Actor:
    return Actor.of(participant, facilitator=facilitator)


@pytest.fixture
def people(board, dana):
    b = board()
    p1, _ = phone(b, "สมชาย")
    p2, _ = phone(b, "สมหญิง")
    facilitator = participant_for_user(board=b, user=dana)
    return b, actor_of(p1), actor_of(p2), actor_of(facilitator, facilitator=True)


def send(b, actor, kind, **fields):
    with translation.override("en"):
        return handle(board_id=b.pk, actor=actor, kind=kind, fields=fields)


def refused(b, actor, kind, **fields) -> OperationError:
    with pytest.raises(OperationError) as caught:
        send(b, actor, kind, **fields)
    return caught.value


def add(b, actor, text="อยากเห็นการทำงานข้ามหน่วยงาน", zone="hopes", cid=None, **extra):
    cid = cid or f"c{Note.objects.count():07d}{actor.participant_id}"
    return send(b, actor, "note.add", id=cid, zone=zone, text=text, **extra)


def audience(event: Event, actor: Actor) -> dict | None:
    """What `actor` receives of the event (as the hub decides)."""
    if event.to is None or actor.participant_id in event.to or (actor.sees_all and event.staff):
        return event.payload
    return event.masked


def test_a_note_is_stored_and_sent_to_everyone(people):
    b, one, two, _ = people
    outcome = add(b, one)
    note = Note.objects.get(pk=outcome.reply["note"])
    assert note.author_id == one.participant_id and note.zone == "hopes"
    [event] = outcome.events
    assert audience(event, two)["note"]["text"] == "อยากเห็นการทำงานข้ามหน่วยงาน"
    assert audience(event, two)["note"]["name"] == "สมชาย"


def test_the_same_client_id_twice_stores_one_note(people):
    b, one, two, _ = people
    first = add(b, one, cid="offline-note-1")
    again = add(b, one, cid="offline-note-1")
    assert again.reply == {"note": first.reply["note"], "duplicate": True}
    assert again.events == []
    assert Note.objects.filter(board=b).count() == 1
    assert (
        refused(b, two, "note.add", id="offline-note-1", zone="hopes", text="x").code == "duplicate"
    )


def test_unknown_zone_and_too_long_text_are_refused(people):
    b, one, *_ = people
    assert refused(b, one, "note.add", id="abcdefgh", zone="nowhere", text="x").code == "invalid"
    assert (
        refused(b, one, "note.add", id="abcdefgh", zone="hopes", text="ก" * 281).code == "too_long"
    )
    assert not Note.objects.exists()


def test_hopes_and_fears_allow_three_notes_per_person_and_zone(people):
    b, one, _, facilitator = people
    for n in range(3):
        add(b, one, text=f"ความหวัง {n}")
    error = refused(b, one, "note.add", id="fourth-note", zone="hopes", text="อีกใบ")
    assert error.code == "limit" and "3" in error.message
    add(b, one, text="ความกังวล", zone="fears")
    add(b, facilitator, text="ผู้อำนวยการกระบวนการไม่ถูกจำกัด")


def test_only_the_author_or_a_facilitator_edits_or_deletes(people):
    b, one, two, facilitator = people
    note_id = add(b, one).reply["note"]
    assert refused(b, two, "note.edit", note=note_id, text="แก้ของคนอื่น").code == "forbidden"
    assert refused(b, two, "note.delete", note=note_id).code == "forbidden"
    edited = send(b, one, "note.edit", note=note_id, text="แก้แล้ว")
    assert edited.reply["v"] == 2
    send(b, facilitator, "note.delete", note=note_id)
    assert Note.objects.get(pk=note_id).deleted_at is not None
    assert AuditEntry.objects.filter(action="note.remove").exists()
    assert refused(b, one, "note.edit", note=note_id, text="x").code == "not_found"


def test_a_locked_board_refuses_participants_not_facilitators(people):
    b, one, _, facilitator = people
    send(b, facilitator, "board.set", locked=True)
    assert refused(b, one, "note.add", id="abcdefgh", zone="hopes", text="x").code == "locked"
    add(b, facilitator)
    assert refused(b, one, "board.set", locked=False).code == "forbidden"
    assert AuditEntry.objects.filter(action="board.set").exists()


def test_private_mode_shows_a_face_down_card_until_the_facilitator_reveals(people):
    b, one, two, facilitator = people
    send(b, facilitator, "board.set", private=True)
    outcome = add(b, one, text="ความลับของฉัน")
    [event] = outcome.events
    assert audience(event, one)["note"]["text"] == "ความลับของฉัน"
    assert audience(event, facilitator)["note"]["text"] == "ความลับของฉัน"
    masked = audience(event, two)["note"]
    assert masked["masked"] is True and "text" not in masked
    # The snapshot after a reload agrees.
    b.refresh_from_db()
    assert [n.get("text") for n in snapshot(b, two)["notes"]] == [None]
    assert [n["text"] for n in snapshot(b, one)["notes"]] == ["ความลับของฉัน"]
    # Others cannot act on a note they cannot read.
    assert refused(b, two, "vote.add", id="vote-0001", note=outcome.reply["note"]).code in (
        "invalid",
        "not_found",
    )
    revealed = send(b, facilitator, "board.set", private=False)
    notes_event = next(e for e in revealed.events if e.payload["t"] == "notes")
    assert audience(notes_event, two)["notes"][0]["text"] == "ความลับของฉัน"
    b.refresh_from_db()
    assert snapshot(b, two)["notes"][0]["text"] == "ความลับของฉัน"


def test_anonymous_notes_carry_no_name(people):
    b, one, two, facilitator = people
    send(b, facilitator, "board.set", anonymous=True)
    [event] = add(b, one).events
    assert "name" not in event.payload["note"] and "org" not in event.payload["note"]
    assert Note.objects.get().anonymous


def test_dot_voting_limits_dots_and_hides_totals_until_revealed(board, dana):
    b = board("idea-voting")
    voter, _ = phone(b, "ผู้โหวต")
    writer, _ = phone(b, "ผู้เขียน")
    v, w = actor_of(voter), actor_of(writer)
    f = actor_of(participant_for_user(board=b, user=dana), facilitator=True)
    note_id = add(b, w, zone="ideas", text="ศูนย์บำบัดในชุมชน").reply["note"]
    outcome = send(b, v, "vote.add", id="vote-00001", note=note_id)
    dots, totals = outcome.events
    assert audience(dots, v) == {"t": "dots", "note": note_id, "mine": 1}
    assert audience(dots, f) is None  # a facilitator's screen must not take it for its own dots
    assert audience(totals, w) is None and audience(totals, f)["total"] == 1
    assert send(b, v, "vote.add", id="vote-00001", note=note_id).reply["duplicate"] is True
    send(b, v, "vote.add", id="vote-00002", note=note_id)
    send(b, v, "vote.add", id="vote-00003", note=note_id)
    assert refused(b, v, "vote.add", id="vote-00004", note=note_id).code == "limit"
    assert Vote.objects.filter(participant=voter).count() == 3
    revealed = send(b, f, "board.set", votes_revealed=True)
    all_totals = next(e for e in revealed.events if e.payload["t"] == "votes.all")
    assert audience(all_totals, w)["totals"] == {note_id: 3}
    send(b, v, "vote.remove", note=note_id)
    assert Vote.objects.filter(participant=voter).count() == 2


def test_voting_is_refused_on_a_board_without_it(people):
    b, one, two, _ = people
    note_id = add(b, one).reply["note"]
    assert refused(b, two, "vote.add", id="vote-00001", note=note_id).code == "invalid"


def test_comments_and_their_deletion(people):
    b, one, two, _ = people
    note_id = add(b, one).reply["note"]
    comment_id = send(b, two, "comment.add", id="comment-1", note=note_id, text="เห็นด้วย").reply[
        "comment"
    ]
    assert refused(b, one, "comment.delete", comment=comment_id).code == "forbidden"
    send(b, two, "comment.delete", comment=comment_id)
    b.refresh_from_db()
    assert snapshot(b, one)["comments"] == []


def test_the_timer_starts_pauses_resumes_and_stops(people):
    b, _, _, facilitator = people
    started = send(b, facilitator, "timer", action="start", seconds=300)
    timer = started.events[0].payload["timer"]
    assert timer["total"] == 300 and timer["ends_at"] - timer["now"] == pytest.approx(
        300_000, abs=1000
    )
    paused = send(b, facilitator, "timer", action="pause").events[0].payload["timer"]
    assert paused["ends_at"] is None and 298 <= paused["remaining"] <= 300
    resumed = send(b, facilitator, "timer", action="resume").events[0].payload["timer"]
    assert resumed["ends_at"] is not None
    send(b, facilitator, "timer", action="stop")
    b.refresh_from_db()
    assert b.timer_ends_at is None and b.timer_total is None
    assert refused(b, facilitator, "timer", action="start", seconds=0).code == "invalid"


def test_moderation_hides_a_note_from_the_room_with_an_audit_entry(people):
    b, one, two, facilitator = people
    note_id = add(b, one, text="ข้อความไม่เหมาะสม").reply["note"]
    [event] = send(b, facilitator, "note.hide", note=note_id, hidden=True).events
    assert audience(event, two) == {"t": "note.gone", "id": note_id}
    assert audience(event, facilitator)["note"]["hidden"] is True
    assert audience(event, one)["note"]["hidden"] is True
    b.refresh_from_db()
    assert snapshot(b, two)["notes"] == []
    assert AuditEntry.objects.filter(action="note.hide").exists()
    send(b, facilitator, "note.remove", note=note_id)
    assert AuditEntry.objects.filter(action="note.remove").exists()


def test_spotlight_round_and_redirect(board, dana):
    b = board("thinking-hats")
    other = board("idea-voting", title="ไอเดีย")
    f = actor_of(participant_for_user(board=b, user=dana), facilitator=True)
    p, _ = phone(b, "คนหนึ่ง")
    one = actor_of(p)
    assert b.round == "green"
    first = add(b, one, zone="ideas", text="ความคิดใหม่").reply["note"]
    assert Note.objects.get(pk=first).round == "green"
    send(b, f, "board.set", round="black")
    second = add(b, one, zone="ideas", text="ความเสี่ยง").reply["note"]
    assert Note.objects.get(pk=second).round == "black"
    assert refused(b, f, "board.set", round="blue").code == "invalid"
    send(b, f, "round.add", round="blue")
    send(b, f, "board.set", round="blue", spotlight=second)
    b.refresh_from_db()
    assert b.spotlight_id == second and b.round == "blue"
    [event] = send(b, f, "board.redirect", board=other.pk).events
    assert event.payload["board"]["redirect"] == other.code
    foreign = board(
        "blank", lab=__import__("workshops.tests.conftest", fromlist=["make_lab"]).make_lab("อื่น")
    )
    assert refused(b, f, "board.redirect", board=foreign.pk).code == "invalid"


def test_iceberg_links_go_only_to_the_layer_below(board):
    b = board("iceberg")
    p, _ = phone(b, "นักคิด")
    one = actor_of(p)
    event = add(b, one, zone="events", text="ผู้ป่วยกลับไปเสพซ้ำ").reply["note"]
    pattern = add(b, one, zone="patterns", text="กลับมาเสพซ้ำหลังออกจากศูนย์").reply["note"]
    model = add(b, one, zone="mental-models", text="มองผู้เสพเป็นอาชญากร").reply["note"]
    send(b, one, "note.link", source=event, target=pattern)
    assert refused(b, one, "note.link", source=event, target=model).code == "invalid"
    assert refused(b, one, "note.link", source=pattern, target=event).code == "invalid"
    b.refresh_from_db()
    notes = {n["id"]: n for n in snapshot(b, one)["notes"]}
    assert notes[event]["links"] == [pattern]


def test_a_persona_card_becomes_a_persona_of_the_lab(board):
    b = board("persona")
    p, _ = phone(b, "ทีมเพอร์โซนา")
    one = actor_of(p)
    note_id = add(
        b,
        one,
        zone="personas",
        text="ป้าสมศรี",
        fields={
            "age": "67",
            "quote": "ไปโรงพยาบาลทีไรต้องเสียทั้งวัน",
            "vulnerable_groups": ["elderly", "rural_remote"],
        },
    ).reply["note"]
    persona = Persona.objects.get(note_id=note_id)
    assert persona.lab_id == b.lab_id and persona.name == "ป้าสมศรี"
    assert persona.vulnerable_groups == ["elderly", "rural_remote"]
    send(b, one, "note.edit", note=note_id, text="ป้าสมศรี ใจดี")
    persona.refresh_from_db()
    assert persona.name == "ป้าสมศรี ใจดี"
    assert (
        refused(b, one, "note.edit", note=note_id, fields={"vulnerable_groups": ["aliens"]}).code
        == "invalid"
    )
    assert refused(b, one, "note.edit", note=note_id, fields={"shoe_size": "42"}).code == "invalid"
    send(b, one, "note.delete", note=note_id)
    assert not Persona.objects.filter(note_id=note_id).exists()


def test_a_stakeholder_note_naming_an_agency_feeds_the_challenge(board, lab, opdc):
    from labs.models import Challenge, Stage

    challenge = Challenge.objects.create(
        lab=lab, title_th="ยาเสพติดในชุมชน", stage=Stage.objects.filter(process=lab.process).first()
    )
    b = board("stakeholder-map", challenge=challenge)
    p, _ = phone(b, "คนวาดแผนที่")
    one = actor_of(p)
    note_id = add(b, one, zone="manage_closely", text="ก.พ.ร.", organisation=opdc.pk).reply["note"]
    stakeholder = challenge.stakeholders.get()
    assert stakeholder.organisation == opdc and stakeholder.quadrant == "manage_closely"
    send(b, one, "note.move", note=note_id, zone="monitor")
    stakeholder.refresh_from_db()
    assert stakeholder.quadrant == "monitor"
    assert (
        refused(
            b, one, "note.add", id="bad-organisation", zone="monitor", text="x", organisation=999999
        ).code
        == "invalid"
    )
    send(b, one, "note.delete", note=note_id)
    assert not challenge.stakeholders.exists()


def test_a_hopes_board_cannot_name_organisations(people, opdc):
    b, one, *_ = people
    assert (
        refused(
            b, one, "note.add", id="abcdefgh", zone="hopes", text="x", organisation=opdc.pk
        ).code
        == "invalid"
    )


def test_themes_by_hand_rename_merge_split_move_delete(people):
    b, one, _, f = people
    ids = [
        add(b, one, text=t, zone=z).reply["note"]
        for t, z in [("ก", "hopes"), ("ข", "hopes"), ("ค", "fears")]
    ]
    first = send(b, f, "theme.add", label="ความร่วมมือ", notes=ids[:2]).reply["theme"]
    second = send(b, f, "theme.add", label="งบประมาณ", notes=ids[2:]).reply["theme"]
    send(b, f, "theme.rename", theme=first, label="การทำงานร่วมกัน")
    split = send(b, f, "theme.split", theme=first, notes=[ids[1]], label="แยกออก").reply["theme"]
    assert Note.objects.get(pk=ids[1]).theme_id == split
    send(b, one, "note.move", note=ids[0], theme=second)
    assert Note.objects.get(pk=ids[0]).theme_id == second
    send(b, f, "theme.merge", theme=split, into=second)
    assert set(Note.objects.filter(theme_id=second).values_list("pk", flat=True)) == set(ids)
    send(b, f, "theme.delete", theme=second)
    assert not Note.objects.filter(theme__isnull=False).exists()
    assert Theme.objects.filter(board=b).count() == 1
    assert refused(b, one, "theme.add", label="x").code == "forbidden"


def test_blank_board_zones_are_drawn_by_the_facilitator(board, dana):
    b = board("blank")
    f = actor_of(participant_for_user(board=b, user=dana), facilitator=True)
    key = send(b, f, "zone.add", name_th="ปัญหา", color="red").reply["zone"]
    send(b, f, "zone.rename", zone=key, name_th="ปัญหาหลัก", name_en="Main problems")
    add(b, f, zone=key, text="ข้อมูลไม่เชื่อมกัน")
    assert refused(b, f, "zone.delete", zone=key).code == "not_empty"
    send(b, f, "zone.delete", zone="main")
    b.refresh_from_db()
    assert [z["name_en"] for z in b.zones] == ["Main problems"]
    hopes = board()
    assert (
        refused(
            hopes,
            actor_of(participant_for_user(board=hopes, user=dana), facilitator=True),
            "zone.add",
            name_th="x",
        ).code
        == "invalid"
    )


def test_hopes_are_revisited_at_the_close(people):
    b, one, _, f = people
    hope = add(b, one).reply["note"]
    fear = add(b, one, zone="fears", text="กลัวไม่ต่อเนื่อง").reply["note"]
    send(b, f, "note.mark", note=hope, outcome="met")
    assert Note.objects.get(pk=hope).fields["outcome"] == "met"
    assert refused(b, f, "note.mark", note=fear, outcome="met").code == "invalid"


def test_a_closed_board_refuses_writes(people):
    b, one, *_ = people
    Board.objects.filter(pk=b.pk).update(status=Board.Status.CLOSED, updated_at=timezone.now())
    assert refused(b, one, "note.add", id="abcdefgh", zone="hopes", text="x").code == "closed"


def test_the_facilitator_links_a_typed_organisation_to_the_directory(people, opdc):
    b, one, _, f = people
    send(b, f, "participant.link", participant=one.participant_id, organisation=opdc.pk)
    assert b.participants.get(pk=one.participant_id).organisation == opdc


# --- what the review asked for: privacy, anonymity, the lab's own records -------


def test_comments_on_a_face_down_note_stay_with_it(people):
    b, one, two, f = people
    send(b, f, "board.set", private=True)
    note_id = add(b, one, text="ส่วนตัว").reply["note"]
    send(b, one, "comment.add", id="private-comment", note=note_id, text="ความเห็นส่วนตัว")
    b.refresh_from_db()
    assert snapshot(b, two)["comments"] == []
    assert [c["text"] for c in snapshot(b, one)["comments"]] == ["ความเห็นส่วนตัว"]


def test_anonymous_notes_and_comments_carry_no_author_id(people):
    b, one, two, f = people
    add(b, one, text="ก่อนโหมดไม่ระบุชื่อ")
    send(b, f, "board.set", anonymous=True)
    outcome = add(b, one, text="ไม่ระบุชื่อ", zone="fears")
    [event] = outcome.events
    assert event.payload["note"]["by"] is None
    comment = send(
        b, one, "comment.add", id="anon-comment", note=outcome.reply["note"], text="เห็นด้วย"
    )
    assert comment.events[0].payload["comment"]["by"] is None
    send(b, f, "board.set", anonymous=False)
    b.refresh_from_db()
    theirs = {n["text"]: n for n in snapshot(b, two)["notes"]}
    assert theirs["ไม่ระบุชื่อ"]["by"] is None and "name" not in theirs["ไม่ระบุชื่อ"]
    assert theirs["ก่อนโหมดไม่ระบุชื่อ"]["by"] == one.public_id
    assert (
        snapshot(b, two)["comments"][0]["name"] == ""
        and snapshot(b, two)["comments"][0]["by"] is None
    )
    mine = {n["text"]: n for n in snapshot(b, one)["notes"]}
    assert mine["ไม่ระบุชื่อ"]["by"] == one.public_id


def test_a_private_persona_reaches_the_lab_when_revealed(board, dana):
    b = board("persona")
    f = actor_of(participant_for_user(board=b, user=dana), facilitator=True)
    p, _ = phone(b, "ทีม")
    send(b, f, "board.set", private=True)
    note_id = add(b, actor_of(p), zone="personas", text="ลุงดำ").reply["note"]
    assert not Persona.objects.exists()
    send(b, f, "board.set", private=False)
    assert Persona.objects.get().note_id == note_id
    send(b, f, "note.hide", note=note_id, hidden=True)
    assert not Persona.objects.exists()


def test_clustering_leaves_face_down_notes_out(people):
    b, one, _, f = people
    add(b, one, text="ข้อมูลไม่เชื่อมกัน")
    add(b, one, text="ข้อมูลซ้ำซ้อนหลายหน่วยงาน")
    send(b, f, "board.set", private=True)
    secret = add(b, one, text="งบประมาณทุจริต", zone="fears").reply["note"]
    send(b, f, "cluster.run")
    assert Note.objects.get(pk=secret).theme_id is None
    assert "ทุจริต" not in " ".join(Theme.objects.values_list("label", flat=True))


def test_a_note_never_rewrites_a_stakeholder_the_lab_entered(board, lab, opdc, ocsc):
    from labs.models import Challenge, Stage, Stakeholder

    challenge = Challenge.objects.create(
        lab=lab, title_th="โจทย์", stage=Stage.objects.filter(process=lab.process).first()
    )
    entered = Stakeholder.objects.create(
        challenge=challenge, organisation=opdc, power=90, interest=10
    )
    b = board("stakeholder-map", challenge=challenge)
    p, _ = phone(b, "ผู้วาด")
    one = actor_of(p)
    note_id = add(b, one, zone="manage_closely", text="ก.พ.ร.", organisation=opdc.pk).reply["note"]
    send(b, one, "note.move", note=note_id, zone="monitor")
    send(b, one, "note.edit", note=note_id, organisation=ocsc.pk)
    entered.refresh_from_db()
    assert (entered.organisation, entered.power, entered.interest) == (opdc, 90, 10)
    assert challenge.stakeholders.filter(organisation=ocsc).exists()
    send(b, one, "note.delete", note=note_id)
    assert list(challenge.stakeholders.all()) == [entered]


def test_a_resend_is_a_duplicate_even_after_the_board_locked_or_filled(people):
    b, one, _, f = people
    for n in range(3):
        add(b, one, text=f"หวัง {n}", cid=f"resend-{n:03d}")
    assert add(b, one, text="หวัง 2", cid="resend-002").reply["duplicate"] is True
    send(b, f, "board.set", locked=True)
    assert add(b, one, text="หวัง 0", cid="resend-000").reply["duplicate"] is True
