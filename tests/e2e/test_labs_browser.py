"""A facilitator sets up a lab in Chromium: the lab, a challenge, its
stakeholders, and the power/interest grid edited by dragging and by keys."""

from __future__ import annotations

import pytest

from labs.models import Challenge, Lab, Stakeholder

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def drop_at(page, dot, *, interest: int, power: int) -> None:
    """Drag `dot` with the mouse to (interest, power) on its grid."""
    page.locator("[data-grid][data-editable]").scroll_into_view_if_needed()
    grid = page.locator("[data-grid][data-editable]").bounding_box()
    box = dot.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    target_x = grid["x"] + grid["width"] * interest / 100
    target_y = grid["y"] + grid["height"] * (100 - power) / 100
    page.mouse.move(target_x, target_y, steps=8)
    with page.expect_response(lambda r: "/move/" in r.url and r.request.method == "POST") as response:
        page.mouse.up()
    assert response.value.status == 200


def test_a_facilitator_sets_up_a_lab_a_challenge_and_its_stakeholder_grid(page, sign_in, bob, opdc, ocsc):
    sign_in(page, bob)

    # The lab.
    page.goto("/labs/")
    page.locator("a[href='/labs/new/']").click()
    page.locator("input[name=name_th]").fill("เวทีออกแบบนโยบายจังหวัดชายแดนภาคใต้")
    page.locator("input[name=name_en]").fill("Southern border policy design platform")
    page.locator("select[name=kind]").select_option("platform")
    page.locator("input[name=host_0]").fill("OPDC")
    page.locator("textarea[name=purpose]").fill("ร่วมกันออกแบบนโยบายกับชุมชน")
    page.locator("input[name=start_date]").fill("2024-07-22")
    page.locator("input[name=end_date]").fill("2024-07-24")
    page.locator("form[data-form=lab] [type=submit]").click()
    page.wait_for_load_state()
    lab = Lab.objects.get()
    assert page.url.endswith(lab.get_absolute_url())
    assert "2567" in page.locator("[data-field=period]").inner_text()  # Buddhist era

    # A challenge.
    page.locator(f"a[href='/labs/{lab.pk}/challenges/new/']").click()
    page.locator("input[name=title_th]").fill("การเข้าถึงบริการสุขภาพของผู้สูงอายุ")
    page.locator("textarea[name=problem]").fill("ผู้สูงอายุในพื้นที่ห่างไกลเข้าถึงบริการได้ยาก")
    page.locator("select[name=stage]").select_option(label="นิยามปัญหา")
    page.locator("form[data-form=challenge] [type=submit]").click()
    page.wait_for_load_state()
    challenge = Challenge.objects.get()
    assert page.url.endswith(challenge.get_absolute_url())
    assert page.locator("[data-stages] [aria-current=step]").inner_text().startswith("2.")

    # Stakeholders, through the form.
    page.locator(f"a[href='/labs/{lab.pk}/challenges/{challenge.pk}/stakeholders/']").click()
    add = page.locator("form[data-form=stakeholder-add]")
    add.locator("input[name=kind][value=group]").check()
    add.locator("input[name=group_name]").fill("ผู้นำศาสนาในชุมชน")
    add.locator("input[name=power]").fill("20")
    add.locator("input[name=interest]").fill("20")
    page.locator("form[data-form=stakeholder-add] [type=submit]").click()
    page.wait_for_load_state()
    add.locator("input[name=kind][value=organisation]").check()
    add.locator("input[name=organisation]").fill("OCSC")
    add.locator("input[name=power]").fill("80")
    add.locator("input[name=interest]").fill("30")
    page.locator("form[data-form=stakeholder-add] [type=submit]").click()
    page.wait_for_load_state()
    leaders = Stakeholder.objects.get(group_name="ผู้นำศาสนาในชุมชน")
    agency = Stakeholder.objects.get(organisation=ocsc)
    dot = page.locator(f"[data-stakeholder='{leaders.pk}']")
    assert dot.get_attribute("data-quadrant") == "monitor"

    # Drag the community leaders from "monitor" to "manage closely".
    drop_at(page, dot, interest=80, power=75)
    page.reload()
    dot = page.locator(f"[data-stakeholder='{leaders.pk}']")
    assert dot.get_attribute("data-quadrant") == "manage_closely"
    leaders.refresh_from_db()
    assert abs(leaders.interest - 80) <= 3 and abs(leaders.power - 75) <= 3
    row = page.locator(f"[data-stakeholder-row='{leaders.pk}']")
    assert row.locator("input[name=power]").input_value() == str(leaders.power)

    # The keyboard: OCSC (keep satisfied) moves right into "manage closely".
    agency_dot = page.locator(f"[data-stakeholder='{agency.pk}']")
    agency_dot.focus()
    with page.expect_response(lambda r: "/move/" in r.url) as response:
        for _ in range(5):
            agency_dot.press("ArrowRight")
    assert response.value.status == 200
    page.reload()
    assert page.locator(f"[data-stakeholder='{agency.pk}']").get_attribute("data-quadrant") == "manage_closely"
    agency.refresh_from_db()
    assert (agency.power, agency.interest) == (80, 55)

    # The challenge page shows the grid and the table, read-only.
    page.goto(challenge.get_absolute_url())
    assert page.locator("[data-grid]:not([data-editable])").is_visible()
    assert "ผู้นำศาสนาในชุมชน" in page.locator("table[data-list=stakeholders]").inner_text()
