"""Registration up to capacity with a waiting list, and QR self check-in on a
phone, in Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def event(db, opdc, ocsc):
    """A public lab run by Dana, a workshop with two places and a session on now."""
    from accounts.models import User
    from directory.services import person_create
    from labs.models import Lab, Member, Process
    from workshops.services import session_add, workshop_create

    def account(email: str, name_th: str, name_en: str, organisation):
        user = User.objects.create_user(email=email, password=PASSWORD, display_name=name_en)
        person = person_create(
            by=None, first_name_th=name_th, first_name_en=name_en, organisation=organisation
        )
        person.user = user
        person.save(update_fields=["user"])
        return user

    dana = account("dana@lab.test", "ดนัย", "Dana", opdc)
    # Browser tests flush the database after each test, and the serialized
    # rollback meant to restore the data migrations' rows does not reach the
    # connection of the next test here: make the process when it is missing.
    process, _created = Process.objects.get_or_create(
        key="double-diamond", defaults={"name_th": "เพชรคู่", "name_en": "Double Diamond"}
    )
    lab = Lab.objects.create(name_th="ห้องปฏิบัติการนโยบาย", visibility="public", process=process)
    Member.objects.create(lab=lab, person=dana.person, role="facilitator")
    workshop = workshop_create(
        by=dana,
        lab=lab,
        title_th="เวิร์กช็อปเตรียมความพร้อม",
        format="hybrid",
        capacity=2,
        venue="ห้องประชุม ก.พ.ร.",
    )
    now = timezone.now()
    session = session_add(
        workshop=workshop,
        by=dana,
        title_th="ช่วงเช้า",
        title_en="Morning",
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(hours=2),
    )
    return {
        "workshop": workshop,
        "session": session,
        "dana": dana,
        "erin": account("erin@ocsc.test", "เอริน", "Erin", ocsc),
        "fah": account("fah@opdc.test", "ฟ้า", "Fah", opdc),
        "gus": account("gus@ocsc.test", "กัส", "Gus", ocsc),
    }


def register_as(browser_instance, live_server, sign_in, user, workshop):
    context = browser_instance.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, user)
    page.goto(f"/workshops/{workshop.pk}/register/")
    page.locator("[data-section=own] [data-action=register]").click()
    page.wait_for_load_state()
    return context, page


def test_registration_fills_up_waitlists_and_a_cancellation_moves_the_next_up(
    page, browser_instance, live_server, sign_in, event
):
    from workshops.models import Registration

    workshop = event["workshop"]
    contexts = []
    try:
        for name in ("erin", "fah"):
            context, their_page = register_as(
                browser_instance, live_server, sign_in, event[name], workshop
            )
            contexts.append(context)
            assert their_page.locator("[data-status=registered]").is_visible()
            assert their_page.locator(".alert-success").first.is_visible()

        context, gus_page = register_as(
            browser_instance, live_server, sign_in, event["gus"], workshop
        )
        contexts.append(context)
        # Full: Gus is first on the waiting list, told so, and nobody is over capacity.
        assert gus_page.locator("[data-status=waitlisted]").is_visible()
        assert "1" in gus_page.locator("[data-status=waitlisted]").inner_text()
        assert gus_page.locator("[data-field=places-left]").inner_text() == "0"
        assert Registration.objects.filter(workshop=workshop, status="registered").count() == 2

        # The facilitator sees both lists.
        sign_in(page, event["dana"])
        page.goto(f"/workshops/{workshop.pk}/register/")
        assert page.locator("table[data-list=registered] tbody tr").count() == 2
        waiting = page.locator("table[data-list=waitlisted] tbody tr")
        assert waiting.count() == 1 and "กัส" in waiting.inner_text()

        # Erin cancels; Gus moves up.
        erin_page = contexts[0].pages[0]
        erin_page.goto(f"/workshops/{workshop.pk}/register/")
        erin_page.locator("[data-action=cancel-own]").click()
        erin_page.wait_for_load_state()
        assert erin_page.locator("[data-status=cancelled]").is_visible()

        gus_page.reload()
        assert gus_page.locator("[data-status=registered]").is_visible()
        page.reload()
        assert page.locator("table[data-list=waitlisted]").count() == 0
        assert page.locator("table[data-list=registered] tbody tr").count() == 2
    finally:
        for context in contexts:
            context.close()


def test_a_participant_checks_in_with_the_qr_code_on_a_phone(page, phone_page, sign_in, event):
    from workshops.models import Attendance
    from workshops.services.registration import registration_create

    workshop, session = event["workshop"], event["session"]
    registration_create(workshop=workshop, person=event["erin"].person, by=event["dana"])

    # The facilitator puts the QR code on the screen at the venue.
    sign_in(page, event["dana"])
    page.goto(f"/workshops/{workshop.pk}/sessions/{session.pk}/checkin-qr/")
    qr = page.locator("[data-section=qr] svg")
    assert qr.is_visible()
    assert qr.bounding_box()["width"] >= 200
    url = page.locator("[data-checkin-url]").get_attribute("href")
    assert f"/workshops/{workshop.pk}/checkin/" in url

    # Erin scans it with her phone: signs in on the way and checks in.
    phone_page.goto(url)
    assert "/accounts/login/" in phone_page.url
    phone_page.locator("input[name=username]").fill(event["erin"].email)
    phone_page.locator("input[name=password]").fill(PASSWORD)
    phone_page.locator("form[data-form=login] [type=submit]").click()
    phone_page.wait_for_load_state()
    assert "/checkin/" in phone_page.url
    button = phone_page.locator("[data-action=check-in]")
    box = button.bounding_box()
    assert box is not None and box["width"] >= 300  # thumb-sized on a 390 px screen
    with phone_page.expect_navigation():
        button.tap()
    phone_page.locator("[data-checked-in]").wait_for()
    assert (
        Attendance.objects.filter(session=session, person=event["erin"].person, method="qr").count()
        == 1
    )

    # Scanning again changes nothing.
    phone_page.goto(url)
    assert phone_page.locator("[data-checked-in]").is_visible()
    assert Attendance.objects.filter(session=session).count() == 1

    # A code altered on the way is refused with a message, and nothing is recorded.
    phone_page.goto(url[:-4] + "abcd/")
    assert phone_page.locator("[data-checkin-error]").is_visible()

    # The facilitator's sheet shows Erin ticked in for that session.
    page.goto(f"/workshops/{workshop.pk}/attendance/?session={session.pk}")
    box = page.locator(f"input[name=present][value='{session.pk}-{event['erin'].person.pk}']")
    assert box.is_checked()
    assert page.locator(
        f"[data-list=per-session] tr[data-session='{session.pk}']"
    ).inner_text().split()[-2:] == ["1", "1"]
