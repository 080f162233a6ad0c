"""A facilitator sets up a hybrid workshop over two days in Chromium: the
workshop, its sessions (an overlap refused on the way), breakout groups
assigned automatically; then the agenda is read in Thai from Bangkok and in
English from London, with the right times in both zones."""

from __future__ import annotations

import pytest

from workshops.models import BreakoutGroup, GroupMember, Session, Workshop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


@pytest.fixture
def lab_with_cohort(opdc, ocsc):
    """A public lab; dana facilitates it; nine participants from three
    organisations in two sectors are its cohort."""
    from accounts.models import User
    from conftest import PASSWORD
    from directory.services import organisation_create, person_create
    from labs.models import Lab, Member, Process

    lab = Lab.objects.create(
        name_th="หลักสูตร ป.ย.ป.",
        name_en="PMDU course",
        process=Process.objects.get(key="double-diamond"),
    )
    dana = User.objects.create_user(email="dana@lab.test", password=PASSWORD, display_name="Dana")
    facilitator = person_create(
        by=None, first_name_th="ดนัย", first_name_en="Danai", organisation=opdc
    )
    facilitator.user = dana
    facilitator.save(update_fields=["user"])
    Member.objects.create(lab=lab, person=facilitator, role="facilitator")
    university = organisation_create(
        by=None, name_th="มหาวิทยาลัยสงขลานครินทร์", sector="academia", kind="university"
    )
    for organisation in (opdc, ocsc, university):
        for i in range(3):
            participant = person_create(
                by=None, first_name_th=f"ผู้เข้าร่วม {organisation.pk}-{i}", organisation=organisation
            )
            Member.objects.create(lab=lab, person=participant, role="participant")
    return lab, dana


def add_session(
    page, *, date: str, starts: str, ends: str, title_th: str, title_en: str, another: bool = False
):
    page.locator("input[name=date]").fill(date)
    page.locator("input[name=starts]").fill(starts)
    page.locator("input[name=ends]").fill(ends)
    page.locator("input[name=title_th]").fill(title_th)
    page.locator("input[name=title_en]").fill(title_en)
    button = (
        "button[name=another]"
        if another
        else "form[data-form=session] button[type=submit]:not([name])"
    )
    page.locator(button).click()
    page.wait_for_load_state()


def agenda_times(page) -> list[str]:
    return [t.inner_text() for t in page.locator("[data-session-time]").all()]


def test_a_hybrid_workshop_over_two_days_with_groups_read_in_two_languages_and_zones(
    page, sign_in, lab_with_cohort
):
    lab, dana = lab_with_cohort
    sign_in(page, dana)

    # The workshop.
    page.goto(f"/workshops/new/?lab={lab.pk}")
    page.locator("input[name=title_th]").fill("วันเตรียมความพร้อม ป.ย.ป.")
    page.locator("input[name=title_en]").fill("PMDU preparation days")
    page.locator("input[name=format][value=hybrid]").check()
    page.locator("input[name=venue]").fill("ห้องประชุม 1 สำนักงาน ก.พ.ร.")
    page.locator("input[name=online_url]").fill("https://zoom.example/j/123")
    page.locator("input[name=time_zone]").fill("Asia/Bangkok")
    page.locator("input[name=capacity]").fill("40")
    page.locator("form[data-form=workshop] [type=submit]").click()
    page.wait_for_load_state()
    workshop = Workshop.objects.get()
    assert page.url.endswith(f"/workshops/{workshop.pk}/agenda/")

    # Two days of sessions, typed in Bangkok time.
    page.locator("[data-action=add-session]").click()
    add_session(
        page,
        date="2024-03-01",
        starts="09:00",
        ends="12:00",
        title_th="ชี้แจงโจทย์",
        title_en="The challenges",
        another=True,
    )
    add_session(
        page,
        date="2024-03-01",
        starts="13:00",
        ends="16:00",
        title_th="กลุ่มย่อย",
        title_en="Breakout groups",
        another=True,
    )
    # An overlap is refused with the clash named, and nothing is saved.
    add_session(
        page,
        date="2024-03-01",
        starts="15:00",
        ends="17:00",
        title_th="ชนกัน",
        title_en="Clash",
        another=True,
    )
    error = page.locator(".form-field.has-error").first.inner_text()
    assert "กลุ่มย่อย" in error
    assert Session.objects.count() == 2
    add_session(
        page,
        date="2024-03-02",
        starts="09:00",
        ends="12:00",
        title_th="นำเสนอผล",
        title_en="Presentations",
    )
    assert page.url.endswith(f"/workshops/{workshop.pk}/agenda/")
    assert page.locator("table[data-list=sessions] tbody tr").count() == 3

    # Breakout groups for the afternoon session, assigned automatically.
    breakout = Session.objects.get(title_en="Breakout groups")
    page.locator(f"tr[data-session='{breakout.pk}'] a[href$='/groups/']").click()
    page.wait_for_load_state()
    page.locator("input[name=by][value=count]").check()
    page.locator("input[name=number]").fill("3")
    page.locator("[data-action=auto-assign]").click()
    page.wait_for_load_state()
    cards = page.locator(".group-card[data-group]:not([data-group=''])")
    assert cards.count() == 3
    # Three organisations of three people in three groups: nobody with a colleague.
    assert page.locator("[data-mix][data-same-pairs='0']").count() == 3
    assert page.locator("[data-field=same-pairs]").inner_text().startswith("0")
    assert GroupMember.objects.filter(group__session=breakout).count() == 9

    # A move by hand, with the select: the mix shows the pair it makes.
    first, second = BreakoutGroup.objects.filter(session=breakout).order_by("pk")[:2]
    mover = first.members.first().person
    page.locator("#move-person").select_option(str(mover.pk))
    page.locator("#move-group").select_option(str(second.pk))
    page.locator("form[data-form=move] [type=submit]").click()
    page.wait_for_load_state()
    assert (
        page.locator(f".group-card[data-group='{second.pk}'] [data-mix]").get_attribute(
            "data-same-pairs"
        )
        == "1"
    )

    # The agenda in Thai, read in Bangkok: one time, Buddhist-era dates.
    page.goto(workshop.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "1 มีนาคม 2567" in main and "2 มีนาคม 2567" in main
    assert page.locator("[data-day]").count() == 2
    assert agenda_times(page)[0].startswith("09:00–12:00")
    assert "ชี้แจงโจทย์" in main and "กลุ่มย่อย" in main
    assert "https://zoom.example/j/123" in main and "ห้องประชุม 1 สำนักงาน ก.พ.ร." in main
    assert page.locator("[data-groups]").count() == 1

    # English, from London: the reader's time first, the event's beside it.
    page.goto("/accounts/profile/")
    page.locator("select[name=time_zone]").select_option("Europe/London")
    page.locator("form[data-form=profile] [type=submit]").click()
    page.wait_for_load_state()
    page.goto(workshop.get_absolute_url())
    page.locator(".lang-switch button[value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    main = page.locator("main").inner_text()
    assert "1 March 2024" in main and "2 March 2024" in main
    assert "The challenges" in main and "Breakout groups" in main
    times = agenda_times(page)
    # 09:00–12:00 in Bangkok is 02:00–05:00 in London (GMT in March).
    assert times[0].startswith("02:00–05:00") and "09:00–12:00" in times[0]
    assert "Europe/London" in times[0] and "Asia/Bangkok" in times[0]
    assert page.locator("[data-zones]").is_visible()
