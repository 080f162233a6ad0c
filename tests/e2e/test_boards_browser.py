"""A live board in Chromium, over real websockets (the ASGI server of
tests/conftest.py): a facilitator at a laptop and participants on phones.

The room joins by code from phones, writes in Thai, and the facilitator sees
every note at once, runs a timer, holds a private round and reveals it,
groups the notes into themes and exports the board. A phone that loses its
connection keeps its note and sends it once when it is back."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boards.models import Note, Participant, Theme
from boards.tests import conftest as boards_fixtures

# The boards fixtures (a lab that dana facilitates, board() to make boards).
board, dana, erin, lab = (
    boards_fixtures.board,
    boards_fixtures.dana,
    boards_fixtures.erin,
    boards_fixtures.lab,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

HOPE = "อยากให้หน่วยงานภาครัฐทำงานร่วมกันเป็นเครือข่าย"
FEAR = "กังวลว่างบประมาณสำหรับการทดลองนโยบายจะไม่เพียงพอ"
SECRET = "ข้อเสนอลับ: ควรมีงบกลางสำหรับทดลองนโยบายใหม่"


def live(page) -> None:
    """Wait until the page's board has its snapshot."""
    expect(page.locator("[data-field=connection]")).to_have_attribute("data-state", "live")


def add_note(page, zone: str, text: str) -> None:
    page.locator(f"[data-action=add-note][data-zone='{zone}']").click()
    dialog = page.locator("dialog[data-dialog=note]")
    expect(dialog).to_be_visible()
    dialog.locator("textarea[name=text]").fill(text)
    dialog.locator("[data-action=save-note]").click()
    expect(dialog).to_be_hidden()


def note(page, text: str):
    return page.locator(".bnote[data-note-id]", has_text=text)


def join_by_code(
    page,
    code: str,
    name: str,
    *,
    organisation_search: str = "",
    organisation_pk=None,
    typed: str = "",
):
    page.goto("/b/")
    # Read off a projector: lower case, with a space in the middle.
    page.locator("input[name=code]").fill(f"{code[:3].lower()} {code[3:].lower()}")
    page.locator("[data-action=go]").click()
    expect(page).to_have_url(re.compile(rf"/b/{code}/join/$"))
    page.locator("input[name=display_name]").fill(name)
    if organisation_search:
        page.locator("[data-org-search]").fill(organisation_search)
        # The search answers within a second alone; under a full parallel
        # suite on two cores it has been seen to take longer.
        page.locator(f"[data-org-option='{organisation_pk}']").click(timeout=30_000)
        expect(page.locator("[data-org-chosen]")).to_be_visible()
    elif typed:
        page.locator("[data-org-search]").fill(typed)
    page.locator("[data-action=join]").click()
    expect(page).to_have_url(re.compile(rf"/b/{code}/$"))
    live(page)


def test_a_room_joins_from_phones_and_the_facilitator_runs_the_board(
    asgi_context, sign_in, board, dana, opdc
):
    hopes_fears = board("hopes-fears")
    code = hopes_fears.code

    # The facilitator opens the board on a laptop: the board and the panel.
    facilitator = asgi_context().new_page()
    sign_in(facilitator, dana)
    facilitator.goto(f"/b/{code}/")
    live(facilitator)
    expect(facilitator.locator("[data-panel]")).to_be_visible()
    expect(facilitator.locator("section.bzone")).to_have_count(2)

    # A participant joins from a phone: the code, a Thai name, and OPDC found by "กพร".
    phone = asgi_context(phone=True).new_page()
    join_by_code(phone, code, "สมหญิง ใจดี", organisation_search="กพร", organisation_pk=opdc.pk)
    joined = Participant.objects.get(board=hopes_fears, display_name="สมหญิง ใจดี")
    assert joined.organisation == opdc and joined.user is None
    # The page's own files load: the board script, its styles, and the Thai web font.
    assert phone.evaluate("typeof window.saphanBoard") == "object"
    assert (
        phone.evaluate("getComputedStyle(document.querySelector('.bzone')).borderTopStyle")
        == "solid"
    )
    assert phone.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].some("
        "f => f.family.replace(/\"/g, '') === 'Sarabun' && f.status === 'loaded'))"
    )

    # Notes in Thai reach the facilitator at once, with who wrote them.
    add_note(phone, "hopes", HOPE)
    add_note(phone, "fears", FEAR)
    expect(note(facilitator, HOPE)).to_be_visible()
    expect(note(facilitator, FEAR)).to_be_visible()
    expect(note(facilitator, HOPE)).to_contain_text("สมหญิง ใจดี")
    expect(note(phone, HOPE)).to_have_attribute("data-mine", "")
    assert Note.objects.filter(board=hopes_fears, deleted_at__isnull=True).count() == 2

    # A second phone, from an organisation that is not in the directory.
    second = asgi_context(phone=True).new_page()
    join_by_code(second, code, "ปิติ", typed="เทศบาลตำบลบ้านใหม่")
    assert (
        Participant.objects.get(board=hopes_fears, display_name="ปิติ").organisation_text
        == "เทศบาลตำบลบ้านใหม่"
    )
    expect(note(second, HOPE)).to_be_visible()

    # The timer: every screen counts down.
    facilitator.locator("[data-timer-preset='60']").click()
    for page in (facilitator, phone, second):
        expect(page.locator("[data-field=timer]")).to_have_attribute("data-state", "running")
    clock = phone.locator("[data-field=timer] [data-clock]")
    first = clock.inner_text()
    assert re.fullmatch(r"[01]:\d\d", first)
    expect(clock).not_to_have_text(first)

    # Private mode: the facilitator sees the new note, the other phone a card face down.
    facilitator.locator("[data-action=private-on]").click()
    expect(phone.locator("[data-banner=private]")).to_be_visible()
    expect(second.locator("[data-banner=private]")).to_be_visible()
    add_note(phone, "hopes", SECRET)
    expect(note(facilitator, SECRET)).to_be_visible()
    expect(note(phone, SECRET)).to_be_visible()
    expect(second.locator(".bnote[data-masked]")).to_have_count(1)
    expect(second.locator("[data-zones]")).not_to_contain_text("ข้อเสนอลับ")

    # The reveal: the note turns face up on the other phone.
    facilitator.locator("[data-action=reveal]").click()
    expect(note(second, SECRET)).to_be_visible()
    expect(second.locator(".bnote[data-masked]")).to_have_count(0)
    expect(second.locator("[data-banner=private]")).to_be_hidden()

    # Themes: Saphan groups the notes; every screen shows them.
    facilitator.locator("[data-action=cluster]").click()
    expect(
        facilitator.locator("[data-themes] [data-theme]:not([data-theme=''])").first
    ).to_be_visible(timeout=30_000)
    expect(phone.locator("[data-themes] [data-theme]:not([data-theme=''])").first).to_be_visible()
    assert Theme.objects.filter(board=hopes_fears).exists()
    assert not Note.objects.filter(board=hopes_fears, theme__isnull=True).exists()

    # The export: the CSV from the board's page holds the notes in Thai.
    facilitator.goto(reverse("boards:manage", args=[hopes_fears.pk]))
    with facilitator.expect_download() as download_info:
        facilitator.locator("a[href$='export.csv']").first.click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()
    assert HOPE in content and FEAR in content and SECRET in content


def test_a_phone_offline_keeps_its_note_and_sends_it_once_when_back(
    asgi_context, asgi_server, sign_in, board, dana
):
    from boards.services import cookie_name, participant_join

    ideas = board("idea-voting", title="ไอเดียแก้น้ำท่วม")
    code = ideas.code
    facilitator = asgi_context().new_page()
    sign_in(facilitator, dana)
    facilitator.goto(f"/b/{code}/")
    live(facilitator)

    _participant, token = participant_join(
        board=ideas, display_name="มานะ", organisation_text="อบต.ริมน้ำ"
    )
    context = asgi_context(phone=True)
    context.add_cookies([{"name": cookie_name(ideas), "value": token, "url": asgi_server.url}])
    phone = context.new_page()
    phone.goto(f"/b/{code}/")
    live(phone)

    text = "ขุดลอกคลองก่อนหน้าฝนทุกปี"
    context.set_offline(True)
    expect(phone.locator("[data-field=connection]")).to_have_attribute("data-state", "offline")
    expect(phone.locator("[data-banner=offline]")).to_be_visible()
    add_note(phone, "ideas", text)
    # Kept on the phone, shown as waiting, not on the server.
    expect(phone.locator(".bnote[data-cid]:not([data-note-id])", has_text=text)).to_be_visible()
    outbox_key = f"saphan.board.{code}.outbox"
    kept = phone.evaluate("key => localStorage.getItem(key)", outbox_key)
    assert kept and "note.add" in kept
    assert not Note.objects.filter(board=ideas, text=text).exists()

    # Back online: sent once, confirmed, seen by the facilitator.
    context.set_offline(False)
    expect(note(phone, text)).to_be_visible()
    expect(note(facilitator, text)).to_have_count(1)
    expect(phone.locator(".bnote", has_text=text)).to_have_count(1)
    phone.wait_for_function("key => localStorage.getItem(key) === null", arg=outbox_key)
    assert Note.objects.filter(board=ideas, text=text).count() == 1

    # The same message sent again (as a phone does when the ack was lost):
    # the server knows its id, and nothing doubles.
    phone.evaluate("([key, value]) => localStorage.setItem(key, value)", [outbox_key, kept])
    phone.reload()
    live(phone)
    phone.wait_for_function("key => localStorage.getItem(key) === null", arg=outbox_key)
    expect(phone.locator(".bnote", has_text=text)).to_have_count(1)
    expect(note(facilitator, text)).to_have_count(1)
    assert Note.objects.filter(board=ideas, text=text).count() == 1


def test_the_facilitator_moves_the_room_and_a_phone_follows_in_one_tap(
    asgi_context, asgi_server, sign_in, board, dana, opdc
):
    from boards.services import cookie_name, participant_join

    first = board("hopes-fears")
    second = board("idea-voting", title="ไอเดียต่อยอดจากความหวัง")
    facilitator = asgi_context().new_page()
    facilitator.on("dialog", lambda dialog: dialog.accept())
    sign_in(facilitator, dana)
    facilitator.goto(f"/b/{first.code}/")
    live(facilitator)

    _participant, token = participant_join(board=first, display_name="มานี", organisation=opdc)
    context = asgi_context(phone=True)
    context.add_cookies([{"name": cookie_name(first), "value": token, "url": asgi_server.url}])
    phone = context.new_page()
    phone.goto(f"/b/{first.code}/")
    live(phone)

    facilitator.locator("[data-control=redirect]").select_option(str(second.pk))
    facilitator.locator("[data-action=redirect]").click()
    expect(phone.locator("[data-banner=redirect]")).to_be_visible()
    # The phone goes by itself; the new board knows who it is.
    expect(phone).to_have_url(re.compile(rf"/b/{second.code}/join/\?from={first.code}$"))
    expect(phone.locator("[data-continue]")).to_contain_text("มานี")
    phone.locator("[data-action=join]").click()
    expect(phone).to_have_url(re.compile(rf"/b/{second.code}/$"))
    live(phone)
    moved = Participant.objects.get(board=second)
    assert moved.display_name == "มานี" and moved.organisation == opdc
    # The facilitator stays, and can take the move back.
    expect(facilitator.locator("[data-banner=redirect]")).to_be_visible()
    facilitator.locator("[data-action=redirect-cancel]").click()
    expect(facilitator.locator("[data-banner=redirect]")).to_be_hidden()
