"""Browse and search the directory in Chromium, as a visitor and signed in."""

from __future__ import annotations

import pytest

from directory.models import Affiliation, Organisation, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(opdc, ocsc):
    # Services reindex after commit; transactional tests commit for real.
    from directory.services import affiliation_add, organisation_create, person_create

    unit = organisation_create(
        by=None, name_th="กองพัฒนาระบบบริหาร", sector="gov_central", kind="division", parent=opdc
    )
    organisation_create(by=None, name_th="มูลนิธิสะพานชุมชน", sector="civil_society", kind="ngo")
    person = person_create(
        by=None,
        honorific="นางสาว",
        first_name_th="สมหญิง",
        last_name_th="ใจงาม",
        position="นักพัฒนาระบบราชการชำนาญการ",
        email="somying@example.go.th",
        contact_consent=True,
        tags=["ป.ย.ป. 3"],
        organisation=opdc,
    )
    affiliation_add(person=person, organisation=unit, by=None, position="หัวหน้ากลุ่ม")
    return {"unit": unit, "person": person}


def test_a_visitor_browses_filters_and_searches_the_directory(page, directory, opdc):
    page.goto("/organisations/")
    page.locator("select[name=sector]").select_option("civil_society")
    page.locator("form[data-form=organisation-filters] [type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator("table[data-list=organisations] tbody tr")
    assert rows.count() == 1
    assert "มูลนิธิสะพานชุมชน" in rows.first.inner_text()

    page.locator("select[name=sector]").select_option("gov_central")
    page.locator("form[data-form=organisation-filters] [type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=opdc.name_th).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(opdc.name_th)
    members = page.locator("table[data-list=members]")
    assert "นางสาวสมหญิง ใจงาม" in members.inner_text()
    assert "กองพัฒนาระบบบริหาร" in page.locator("main").inner_text()  # a unit under it

    # The one search box in the header.
    page.locator("#site-search-q").fill("กพร")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_load_state()
    assert "/search/" in page.url
    first = page.locator("[data-results=organisation] [data-hit]").first
    assert first.get_attribute("data-hit") == f"organisation:{opdc.pk}"
    assert page.locator("#search-q").input_value() == "กพร"
    first.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(opdc.get_absolute_url())

    # The person page, without their contact details for a visitor.
    page.get_by_role("link", name="นางสาวสมหญิง ใจงาม").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "นางสาวสมหญิง ใจงาม"
    assert "ป.ย.ป. 3" in page.locator("main").inner_text()
    assert page.locator("[data-contact=hidden]").is_visible()
    assert "somying@example.go.th" not in page.content()


def test_a_signed_in_member_sees_consented_contact_details_on_a_phone(phone_page, sign_in, charlie, directory):
    page = phone_page
    sign_in(page, charlie)
    page.goto(directory["person"].get_absolute_url())
    assert page.get_by_role("link", name="somying@example.go.th").is_visible()
    current = page.locator("table[data-list=current-affiliations]").inner_text()
    assert "กองพัฒนาระบบบริหาร" in current and "หัวหน้ากลุ่ม" in current
    # Nothing overflows the phone's width.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_the_focal_point_adds_a_person_choosing_the_organisation_from_suggestions(page, sign_in, bob, opdc, directory):
    sign_in(page, bob)
    page.goto(opdc.get_absolute_url())
    page.locator(f"a[href=\"/people/new/?organisation={opdc.pk}\"]").click()
    page.wait_for_load_state()
    page.locator("input[name=honorific]").fill("นาย")
    page.locator("input[name=first_name_th]").fill("สมศักดิ์")
    page.locator("input[name=last_name_th]").fill("รักงาน")
    page.locator("form[data-form=person] [type=submit]").click()
    page.wait_for_load_state()
    person = Person.objects.get(first_name_th="สมศักดิ์")
    assert page.url.endswith(person.get_absolute_url())
    assert Affiliation.objects.filter(person=person, organisation=opdc).exists()
    assert Organisation.objects.count() == 4
